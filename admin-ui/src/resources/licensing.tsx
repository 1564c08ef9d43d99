import { Link } from 'react-router-dom';
import { useEffect, useState } from 'react';
import {
  ArrayField,
  Datagrid,
  FunctionField,
  List,
  ReferenceField,
  ReferenceManyField,
  SearchInput,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  useNotify,
  useRecordContext,
  useRefresh,
  usePermissions,
  Labeled,
  TextInput,
  useGetList,
  useTranslate,
  useLocaleState,
  BooleanField,
} from 'react-admin';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { answer, problemMessage, registry } from '../api';
import { CrossBorderLookup } from './mra';
import { CertificatesPanel } from './certificates';
import type { Application, Declarations, Licence } from '../records';
import type { Schemas } from '../../../clients/typescript/index';
import { CodeField, useCodeLabel, type CodeKind } from '../codes';
import { DateText } from '../DateText';
import { useFormatDate } from '../format';

const ApplicationLookup = () => {
  const record = useRecordContext<{ id: string }>();
  return record ? <CrossBorderLookup applicationId={record.id} /> : null;
};

const APP_STATUSES = [
  'draft',
  'submitted',
  'under_review',
  'information_requested',
  'resubmitted',
  'approved',
  'rejected',
  'withdrawn',
].map((id) => ({ id, name: `swr.codes.applicationStatus.${id}` }));
const LICENCE_STATUSES = ['pending', 'active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered'].map((id) => ({
  id,
  name: `swr.codes.licenceStatus.${id}`,
}));

/** A status as a coloured chip, read in the reader's language. */
const StatusChip = ({ kind, code: s }: { kind: CodeKind; code: string }) => (
  <Chip
    size="small"
    label={useCodeLabel()(kind, s)}
    color={
      s === 'met' || s === 'approved' || s === 'active'
        ? 'success'
        : s === 'not_met' || s === 'rejected' || s === 'revoked' || s === 'suspended'
          ? 'error'
          : s === 'needs_review'
            ? 'warning'
            : 'default'
    }
  />
);

export const LicenceApplicationList = () => (
  <List
    filters={[
      <SelectInput source="status" choices={APP_STATUSES} alwaysOn key="s" />,
      <SelectInput
        source="type"
        key="t"
        choices={['first_registration', 'tier_upgrade', 'restoration', 'renewal'].map((id) => ({
          id,
          name: `swr.codes.applicationType.${id}`,
        }))}
      />,
    ]}
    sort={{ field: 'submittedAt', order: 'ASC' }}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="registrantName" />
      <CodeField source="type" kind="applicationType" />
      <TextField source="tierCode" />
      <FunctionField<Application>
        source="status"
        render={(a) => <StatusChip kind="applicationStatus" code={a.status} />}
      />
      <DateText source="submittedAt" showTime emptyText="—" />
    </Datagrid>
  </List>
);

/** A reviewer's step on an application, with the body the API declares for it (less the version). */
type ReviewStep =
  | { step: 'review' }
  | { step: 'approval' | 'rejection'; reason: string }
  | { step: 'information-request'; message: string };

/** Sends one review step on the application as it was read (its version guards against a concurrent change). */
function sendReviewStep(application: Application, s: ReviewStep) {
  const params = { path: { id: application.id } };
  const version = application.version;
  switch (s.step) {
    case 'review':
      return answer(registry.POST('/api/v1/licence-applications/{id}/review', { params, body: { version } }));
    case 'approval':
      return answer(
        registry.POST('/api/v1/licence-applications/{id}/approval', { params, body: { reason: s.reason, version } }),
      );
    case 'rejection':
      return answer(
        registry.POST('/api/v1/licence-applications/{id}/rejection', { params, body: { reason: s.reason, version } }),
      );
    case 'information-request':
      return answer(
        registry.POST('/api/v1/licence-applications/{id}/information-request', {
          params,
          body: { message: s.message, version },
        }),
      );
  }
}

function ReviewActions() {
  const record = useRecordContext<Application>();
  const { permissions } = usePermissions<string[]>();
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useTranslate();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!record) return null;
  const decide = permissions?.some((r) => r === 'admin' || r === 'registrar');
  const run = async (step: ReviewStep, done: string) => {
    setError(null);
    try {
      await sendReviewStep(record, step);
      notify(done, { type: 'success' });
      setText('');
      refresh();
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const reviewing = record.status === 'under_review';
  if (!['submitted', 'resubmitted', 'under_review'].includes(record.status)) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Stack spacing={1}>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          {!reviewing && (
            <Button variant="contained" onClick={() => run({ step: 'review' }, t('swr.licensing.inReview'))}>
              {t('swr.licensing.takeIntoReview')}
            </Button>
          )}
          {reviewing && (
            <>
              <MuiTextField
                label={t('swr.licensing.reasonOrMessage')}
                multiline
                minRows={2}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
              <Stack direction="row" spacing={1}>
                {decide && (
                  <Button
                    variant="contained"
                    color="success"
                    onClick={() => run({ step: 'approval', reason: text }, t('swr.licensing.approved'))}
                  >
                    {record.firstApprovalBy ? t('swr.licensing.secondApproval') : t('swr.licensing.approve')}
                  </Button>
                )}
                <Button
                  variant="outlined"
                  onClick={() =>
                    run({ step: 'information-request', message: text }, t('swr.licensing.informationRequested'))
                  }
                >
                  {t('swr.licensing.requestInformation')}
                </Button>
                {decide && (
                  <Button
                    variant="outlined"
                    color="error"
                    onClick={() => run({ step: 'rejection', reason: text }, t('swr.licensing.rejected'))}
                  >
                    {t('swr.licensing.reject')}
                  </Button>
                )}
              </Stack>
            </>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}

function Requirements() {
  const record = useRecordContext<Application>();
  const t = useTranslate();
  if (!record) return null;
  return (
    <Table size="small" aria-label={t('swr.licensing.eligibility')}>
      <TableBody>
        {(record.requirements ?? []).map((r) => (
          <TableRow key={r.key}>
            <TableCell>{r.label}</TableCell>
            <TableCell>{<StatusChip kind="requirementStatus" code={r.status} />}</TableCell>
            <TableCell>{r.detail}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The applicant's declarations in one line, in the reader's language. */
function DeclarationsText({ d }: { d: Declarations }) {
  const t = useTranslate();
  const codeLabel = useCodeLabel();
  const yesNo = (b: boolean | null | undefined) =>
    t(b == null ? 'swr.licensing.notAnswered' : b ? 'ra.boolean.true' : 'ra.boolean.false');
  const employment = d.employment
    ? d.employment.employed
      ? `${d.employment.employer ?? t('swr.licensing.employed')}${d.employment.sector ? ` (${codeLabel('sector', d.employment.sector)})` : ''}`
      : t('swr.licensing.notEmployed')
    : null;
  const parts = [
    t('swr.licensing.declEthics', { answer: yesNo(d.ethics) }),
    t('swr.licensing.declFitness', { answer: yesNo(d.fitness) }),
    d.criminalRecord &&
      t('swr.licensing.declCriminal', {
        answer: d.criminalRecord.hasRecord
          ? t('swr.licensing.declared', { details: d.criminalRecord.details ?? '' })
          : t('swr.licensing.none'),
      }),
    employment && t('swr.licensing.declEmployment', { answer: employment }),
    d.adequateSupervision !== undefined &&
      t('swr.licensing.declSupervision', {
        answer: d.adequateSupervision === null ? t('swr.licensing.preferNotToSay') : yesNo(d.adequateSupervision),
      }),
  ];
  return <span>{parts.filter(Boolean).join('; ')}</span>;
}

function ApplicationInvoice() {
  const a = useRecordContext<Application>();
  const t = useTranslate();
  if (!a?.invoice) return <span>—</span>;
  return (
    <Link to={`/invoices/${a.invoice.id}/show`}>
      {t('swr.licensing.invoiceLine', {
        number: a.invoice.number,
        status: t(`swr.fees.statuses.${a.invoice.status}`, { _: a.invoice.status.replace(/_/g, ' ') }),
        balance: a.invoice.balance,
      })}
    </Link>
  );
}

export const LicenceApplicationShow = () => (
  <Show>
    <SimpleShowLayout>
      <ReferenceField source="registrantId" reference="registrants" link="show">
        <TextField source="fullName" />
      </ReferenceField>
      <CodeField source="type" kind="applicationType" />
      <TextField source="tierCode" />
      <FunctionField<Application>
        source="status"
        render={(a) => <StatusChip kind="applicationStatus" code={a.status} />}
      />
      <FunctionField<Application> source="declarations" render={(a) => <DeclarationsText d={a.declarations} />} />
      <FunctionField<Application> source="invoice" render={() => <ApplicationInvoice />} />
      <Labeled label="swr.licensing.eligibility">
        <Requirements />
      </Labeled>
      <ArrayField source="documents">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="filename" />
          <TextField source="contentType" />
          <DateText source="uploadedAt" showTime />
        </Datagrid>
      </ArrayField>
      <TextField source="informationRequest" emptyText="—" />
      <TextField source="applicantNote" emptyText="—" />
      <TextField source="decisionReason" emptyText="—" />
      <ReferenceField source="licenceId" reference="licences" link="show" emptyText="—">
        <TextField source="number" sx={{ whiteSpace: 'nowrap' }} />
      </ReferenceField>
      <Labeled label="swr.licensing.crossBorder">
        <ApplicationLookup />
      </Labeled>
      <ReviewActions />
    </SimpleShowLayout>
  </Show>
);

export const RegistrantList = () => (
  <List filters={[<SearchInput source="q" alwaysOn key="q" />]} sort={{ field: 'fullName', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="fullName" />
      <TextField source="fullNameNative" emptyText="—" />
      <TextField source="region" />
      <CodeField source="sector" kind="sector" />
      <TextField source="nationalIdMasked" />
    </Datagrid>
  </List>
);

function RevealIdentity() {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions<string[]>();
  const [value, setValue] = useState<string | null>(null);
  const t = useTranslate();
  if (!record || !permissions?.some((r) => r === 'admin' || r === 'registrar')) return null;
  return value ? (
    <Typography variant="body2">
      {t('swr.licensing.identityNumber')} <strong>{value}</strong> {t('swr.licensing.identityAudited')}
    </Typography>
  ) : (
    <Button
      size="small"
      onClick={async () =>
        setValue(
          (await answer(registry.GET('/api/v1/registrants/{id}/identity', { params: { path: { id: record.id } } })))
            .nationalId,
        )
      }
    >
      {t('swr.licensing.showIdentity')}
    </Button>
  );
}

export const RegistrantShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="fullName" />
      <TextField source="fullNameNative" emptyText="—" />
      <DateText source="dateOfBirth" />
      <TextField source="nationality" />
      <TextField source="nationalIdMasked" />
      <RevealIdentity />
      <TextField source="region" />
      <TextField source="employer" emptyText="—" />
      <CodeField source="sector" kind="sector" />
      <TextField source="email" emptyText="—" />
      <Labeled label="swr.licensing.licences">
        <ReferenceManyField reference="licences" target="registrantId">
          <Datagrid rowClick="show" bulkActionButtons={false}>
            <TextField source="number" sx={{ whiteSpace: 'nowrap' }} />
            <TextField source="tierCode" />
            <FunctionField<Licence>
              source="status"
              render={(l) => <StatusChip kind="licenceStatus" code={l.status} />}
            />
            <DateText source="validUntil" />
          </Datagrid>
        </ReferenceManyField>
      </Labeled>
      <Labeled label="swr.licensing.applications">
        <ReferenceManyField reference="licence-applications" target="registrantId">
          <Datagrid rowClick="show" bulkActionButtons={false}>
            <CodeField source="type" kind="applicationType" />
            <TextField source="tierCode" />
            <FunctionField<Application>
              source="status"
              render={(a) => <StatusChip kind="applicationStatus" code={a.status} />}
            />
            <DateText source="createdAt" />
          </Datagrid>
        </ReferenceManyField>
      </Labeled>
    </SimpleShowLayout>
  </Show>
);

export const LicenceList = () => {
  // Licences filter by number or holder's name, status, tier and region.
  const { data: tiers = [] } = useGetList<{ id: string; code: string; name: Record<string, string> }>('tiers');
  const t = useTranslate();
  const [locale] = useLocaleState();
  return (
    <List
      filters={[
        <SearchInput source="q" alwaysOn key="q" placeholder={t('swr.licensing.numberOrName')} />,
        <SelectInput source="status" choices={LICENCE_STATUSES} key="s" alwaysOn />,
        <SelectInput
          source="tierCode"
          key="t"
          alwaysOn
          choices={tiers.map((tier) => ({ id: tier.code, name: tier.name[locale] ?? tier.name.en ?? tier.code }))}
          translateChoice={false}
        />,
        <TextInput source="region" key="r" alwaysOn />,
      ]}
      sort={{ field: 'number', order: 'ASC' }}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="number" sx={{ whiteSpace: 'nowrap' }} />
        <ReferenceField source="registrantId" reference="registrants" link="show">
          <TextField source="fullName" />
        </ReferenceField>
        <TextField source="tierCode" />
        <FunctionField<Licence> source="status" render={(l) => <StatusChip kind="licenceStatus" code={l.status} />} />
        <DateText source="validUntil" />
      </Datagrid>
    </List>
  );
};

const NoneText = () => <Typography variant="body2">{useTranslate()('swr.licensing.none')}</Typography>;

/** The protected title in the reader's language (English when the council has not named it in theirs). */
function ProtectedTitle({ title }: { title: Record<string, string> }) {
  const [locale] = useLocaleState();
  return <span>{title[locale] ?? title.en}</span>;
}

function StatusSince({ licence }: { licence: Licence }) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  return (
    <>
      <StatusChip kind="licenceStatus" code={licence.status} />{' '}
      {t('swr.licensing.since', { date: formatDate(licence.statusSince) })}
    </>
  );
}

export const LicenceShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="number" sx={{ whiteSpace: 'nowrap' }} />
      <ReferenceField source="registrantId" reference="registrants" link="show">
        <TextField source="fullName" />
      </ReferenceField>
      <FunctionField<Licence> source="protectedTitle" render={(l) => <ProtectedTitle title={l.protectedTitle} />} />
      <FunctionField<Licence> source="status" render={(l) => <StatusSince licence={l} />} />
      <DateText source="validUntil" />
      <ArrayField source="periods">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <DateText source="validFrom" />
          <DateText source="validUntil" />
          <TextField source="kind" />
        </Datagrid>
      </ArrayField>
      <ArrayField source="events">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <DateText source="effectiveDate" />
          <CodeField source="fromStatus" kind="licenceStatus" />
          <CodeField source="toStatus" kind="licenceStatus" />
          <TextField source="reason" />
          <TextField source="legalBasis" emptyText="—" />
        </Datagrid>
      </ArrayField>
      <ArrayField source="conditions">
        <Datagrid bulkActionButtons={false} rowClick={false} empty={<NoneText />}>
          <TextField source="text" />
          <DateText source="startsOn" />
          <DateText source="endsOn" emptyText="—" />
          <BooleanField source="public" />
        </Datagrid>
      </ArrayField>
      <FunctionField<Licence> source="publicRegister" render={(l) => <VerificationCount licenceId={l.id} />} />
      <CertificatesPanel />
    </SimpleShowLayout>
  </Show>
);

/** How often the public register answered for this licence (who asked is not recorded). */
function VerificationCount({ licenceId }: { licenceId: string }) {
  const [count, setCount] = useState<Schemas['LicenceVerificationCount'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = useTranslate();
  useEffect(() => {
    answer(registry.GET('/api/v1/licences/{id}/verification-count', { params: { path: { id: licenceId } } })).then(
      setCount,
      (e) => setError(problemMessage(e)),
    );
  }, [licenceId]);
  if (error)
    return (
      <Typography variant="body2" color="error">
        {error}
      </Typography>
    );
  if (!count) return null;
  return (
    <Typography variant="body2">
      {t('swr.licensing.verifiedCount', { total: count.total, recent: count.last30Days })}
    </Typography>
  );
}
