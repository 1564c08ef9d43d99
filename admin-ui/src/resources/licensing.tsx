import { Link } from 'react-router-dom';
import { useEffect, useState } from 'react';
import {
  ArrayField,
  Datagrid,
  DateField,
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
import { api, problemMessage } from '../api';
import { CrossBorderLookup } from './mra';
import { CertificatesPanel } from './certificates';
import type { Application, Declarations, Licence, LicenceCondition } from '../records';
import { useCodeLabel, type CodeKind } from '../codes';

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
].map((id) => ({ id, name: id.replace(/_/g, ' ') }));
const LICENCE_STATUSES = ['pending', 'active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered'].map((id) => ({
  id,
  name: `swr.codes.licenceStatus.${id}`,
}));

/** A code field read as words in the reader's language. */
const CodeField = ({ source, kind }: { source: string; kind: CodeKind; label?: string }) => {
  const record = useRecordContext<Record<string, string>>();
  const codeLabel = useCodeLabel();
  return <span>{codeLabel(kind, record?.[source])}</span>;
};
const statusChip = (s: string) => (
  <Chip
    size="small"
    label={s.replace(/_/g, ' ')}
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
        choices={[
          { id: 'first_registration', name: 'first registration' },
          { id: 'tier_upgrade', name: 'tier upgrade' },
          { id: 'restoration', name: 'restoration' },
          { id: 'renewal', name: 'renewal' },
        ]}
      />,
    ]}
    sort={{ field: 'submittedAt', order: 'ASC' }}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="registrantName" label="Applicant" />
      <FunctionField<Application> label="Type" render={(a) => a.type.replace(/_/g, ' ')} />
      <TextField source="tierCode" label="Tier" />
      <FunctionField<Application> label="Status" render={(a) => statusChip(a.status)} />
      <DateField source="submittedAt" showTime emptyText="—" />
    </Datagrid>
  </List>
);

function ReviewActions() {
  const record = useRecordContext<Application>();
  const { permissions } = usePermissions<string[]>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!record) return null;
  const base = `/api/v1/licence-applications/${record.id}`;
  const decide = permissions?.some((r) => r === 'admin' || r === 'registrar');
  const run = async (path: string, body: object, done: string) => {
    setError(null);
    try {
      await api('POST', `${base}/${path}`, { ...body, version: record.version });
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
            <Button variant="contained" onClick={() => run('review', {}, 'In review')}>
              Take into review
            </Button>
          )}
          {reviewing && (
            <>
              <MuiTextField
                label="Reason or message"
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
                    onClick={() => run('approval', { reason: text }, 'Approved')}
                  >
                    {record.firstApprovalBy ? 'Second approval' : 'Approve'}
                  </Button>
                )}
                <Button
                  variant="outlined"
                  onClick={() => run('information-request', { message: text }, 'Information requested')}
                >
                  Request information
                </Button>
                {decide && (
                  <Button
                    variant="outlined"
                    color="error"
                    onClick={() => run('rejection', { reason: text }, 'Rejected')}
                  >
                    Reject
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
  if (!record) return null;
  return (
    <Table size="small" aria-label="Eligibility check">
      <TableBody>
        {(record.requirements ?? []).map((r) => (
          <TableRow key={r.key}>
            <TableCell>{r.label}</TableCell>
            <TableCell>{statusChip(r.status)}</TableCell>
            <TableCell>{r.detail}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const yesNo = (b: boolean | null | undefined) => (b == null ? 'not answered' : b ? 'yes' : 'no');
const declarationsText = (d: Declarations) =>
  [
    `ethics: ${yesNo(d.ethics)}`,
    `fitness to practise: ${yesNo(d.fitness)}`,
    d.criminalRecord &&
      `criminal record: ${d.criminalRecord.hasRecord ? `declared — ${d.criminalRecord.details}` : 'none'}`,
    d.employment &&
      `employment: ${d.employment.employed ? `${d.employment.employer ?? 'employed'}${d.employment.sector ? ` (${d.employment.sector.replace('_', ' ')})` : ''}` : 'not employed as a social worker'}`,
    d.adequateSupervision !== undefined &&
      `adequate supervision: ${d.adequateSupervision === null ? 'prefers not to say' : yesNo(d.adequateSupervision)}`,
  ]
    .filter(Boolean)
    .join('; ');

export const LicenceApplicationShow = () => (
  <Show>
    <SimpleShowLayout>
      <ReferenceField source="registrantId" reference="registrants" link="show">
        <TextField source="fullName" />
      </ReferenceField>
      <FunctionField<Application> label="Application" render={(a) => `${a.type.replace(/_/g, ' ')} — ${a.tierCode}`} />
      <FunctionField<Application> label="Status" render={(a) => statusChip(a.status)} />
      <FunctionField<Application> label="Declarations" render={(a) => declarationsText(a.declarations)} />
      <FunctionField<Application>
        label="Invoice"
        render={(a) =>
          a.invoice ? (
            <Link to={`/invoices/${a.invoice.id}/show`}>
              {a.invoice.number} · {a.invoice.status.replace(/_/g, ' ')} · balance {a.invoice.balance}
            </Link>
          ) : (
            '—'
          )
        }
      />
      <Labeled label="Eligibility check">
        <Requirements />
      </Labeled>
      <ArrayField source="documents" label="Evidence">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="filename" />
          <TextField source="contentType" />
          <DateField source="uploadedAt" showTime />
        </Datagrid>
      </ArrayField>
      <TextField source="informationRequest" emptyText="—" />
      <TextField source="applicantNote" emptyText="—" />
      <TextField source="decisionReason" emptyText="—" />
      <ReferenceField source="licenceId" reference="licences" link="show" emptyText="—">
        <TextField source="number" />
      </ReferenceField>
      <Labeled label="Cross-border lookup (foreign licence or qualification)">
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
      <TextField source="nationalIdMasked" label="Identity no." />
    </Datagrid>
  </List>
);

function RevealIdentity() {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions<string[]>();
  const [value, setValue] = useState<string | null>(null);
  if (!record || !permissions?.some((r) => r === 'admin' || r === 'registrar')) return null;
  return value ? (
    <Typography variant="body2">
      Identity number: <strong>{value}</strong> (this view is recorded in the audit trail)
    </Typography>
  ) : (
    <Button
      size="small"
      onClick={async () =>
        setValue((await api<{ nationalId: string }>('GET', `/api/v1/registrants/${record.id}/identity`)).nationalId)
      }
    >
      Show identity number (audited)
    </Button>
  );
}

export const RegistrantShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="fullName" />
      <TextField source="fullNameNative" emptyText="—" />
      <DateField source="dateOfBirth" />
      <TextField source="nationality" />
      <TextField source="nationalIdMasked" label="Identity number" />
      <RevealIdentity />
      <TextField source="region" />
      <TextField source="employer" emptyText="—" />
      <CodeField source="sector" kind="sector" />
      <TextField source="email" emptyText="—" />
      <Labeled label="Licences">
        <ReferenceManyField reference="licences" target="registrantId">
          <Datagrid rowClick="show" bulkActionButtons={false}>
            <TextField source="number" />
            <TextField source="tierCode" label="Tier" />
            <FunctionField<Licence> label="Status" render={(l) => statusChip(l.status)} />
            <DateField source="validUntil" />
          </Datagrid>
        </ReferenceManyField>
      </Labeled>
      <Labeled label="Applications">
        <ReferenceManyField reference="licence-applications" target="registrantId">
          <Datagrid rowClick="show" bulkActionButtons={false}>
            <FunctionField<Application> label="Type" render={(a) => a.type.replace(/_/g, ' ')} />
            <TextField source="tierCode" label="Tier" />
            <FunctionField<Application> label="Status" render={(a) => statusChip(a.status)} />
            <DateField source="createdAt" />
          </Datagrid>
        </ReferenceManyField>
      </Labeled>
    </SimpleShowLayout>
  </Show>
);

export const LicenceList = () => {
  // Licences filter by number or holder's name, status, tier and region.
  const { data: tiers = [] } = useGetList<{ id: string; code: string; name: Record<string, string> }>('tiers');
  return (
    <List
      filters={[
        <SearchInput source="q" alwaysOn key="q" placeholder="Number or name" />,
        <SelectInput source="status" choices={LICENCE_STATUSES} key="s" alwaysOn />,
        <SelectInput
          source="tierCode"
          label="Tier"
          key="t"
          alwaysOn
          choices={tiers.map((t) => ({ id: t.code, name: t.name.en ?? t.code }))}
        />,
        <TextInput source="region" key="r" alwaysOn />,
      ]}
      sort={{ field: 'number', order: 'ASC' }}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="number" />
        <ReferenceField source="registrantId" reference="registrants" link="show">
          <TextField source="fullName" />
        </ReferenceField>
        <TextField source="tierCode" label="Tier" />
        <FunctionField<Licence> label="Status" render={(l) => statusChip(l.status)} />
        <DateField source="validUntil" />
      </Datagrid>
    </List>
  );
};

export const LicenceShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="number" />
      <ReferenceField source="registrantId" reference="registrants" link="show">
        <TextField source="fullName" />
      </ReferenceField>
      <FunctionField<Licence> label="Protected title" render={(l) => l.protectedTitle.en} />
      <FunctionField<Licence>
        label="Status"
        render={(l) => (
          <>
            {statusChip(l.status)} since {l.statusSince}
          </>
        )}
      />
      <DateField source="validUntil" />
      <ArrayField source="periods">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <DateField source="validFrom" />
          <DateField source="validUntil" />
          <TextField source="kind" />
        </Datagrid>
      </ArrayField>
      <ArrayField source="events" label="Status history">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <DateField source="effectiveDate" />
          <TextField source="fromStatus" />
          <TextField source="toStatus" />
          <TextField source="reason" />
          <TextField source="legalBasis" emptyText="—" />
        </Datagrid>
      </ArrayField>
      <ArrayField source="conditions">
        <Datagrid bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">None</Typography>}>
          <TextField source="text" />
          <DateField source="startsOn" />
          <DateField source="endsOn" emptyText="—" />
          <FunctionField<LicenceCondition> label="Public" render={(c) => (c.public ? 'yes' : 'no')} />
        </Datagrid>
      </ArrayField>
      <FunctionField<Licence> label="Public register" render={(l) => <VerificationCount licenceId={l.id} />} />
      <CertificatesPanel />
    </SimpleShowLayout>
  </Show>
);

/** How often the public register answered for this licence (who asked is not recorded). */
function VerificationCount({ licenceId }: { licenceId: string }) {
  const [count, setCount] = useState<{ total: number; last30Days: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ total: number; last30Days: number }>('GET', `/api/v1/licences/${licenceId}/verification-count`).then(
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
      Verified {count.total} times ({count.last30Days} in the last 30 days); who verified is not recorded.
    </Typography>
  );
}
