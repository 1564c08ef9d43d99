/**
 * CPD back office: the review queue of self-declared records, providers and their activities (with
 * roster uploads and their row reports), and audit rounds with their selection report and outcomes.
 * A provider account sees the same activity screens, limited by the API to its own activities.
 */
import { useEffect, useState } from 'react';
import {
  ArrayInput,
  BooleanInput,
  Create,
  Datagrid,
  DateInput,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  ReferenceInput,
  SelectArrayInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  TextField,
  TextInput,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
  useShowContext,
  useTranslate,
  useGetList,
  useLocaleState,
} from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, fileBody, problemMessage, registry, session } from '../api';
import type { CpdActivity, CpdAuditRound, CpdAuditSelection, CpdCategory, CpdProvider, CpdRecord } from '../records';
import { DateText } from '../DateText';
import { useFormatDate, useFormatNumber } from '../format';
import { RegistrantPicker } from '../pickers';
import { DayTextField } from '../DayInput';

/** A CPD status or code in the reader's language. */
function useLabel(): (code: string) => string {
  const t = useTranslate();
  return (code) => t(`swr.cpd.codes.${code}`, { _: code.replace(/_/g, ' ') });
}
const Label = ({ code }: { code: string }) => <>{useLabel()(code)}</>;
const isManager = () => (session.account?.roles ?? []).some((r) => r === 'admin' || r === 'registrar');
const isReviewer = () =>
  (session.account?.roles ?? []).some((r) => r === 'admin' || r === 'registrar' || r === 'reviewer');

function useRun() {
  const notify = useNotify();
  const refresh = useRefresh();
  return async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      notify(ok, { type: 'info' });
      refresh();
    } catch (e) {
      notify(problemMessage(e), { type: 'error' });
    }
  };
}

// ---- review queue ----

const RecordDecision = () => {
  const t = useTranslate();
  const label = useLabel();
  const r = useRecordContext<CpdRecord>();
  const run = useRun();
  const [note, setNote] = useState('');
  if (!r || !isReviewer() || (r.status !== 'pending' && r.status !== 'info_requested')) return null;
  const decide = (decision: Schemas['CpdRecordDecision']['decision']) =>
    run(
      () =>
        answer(
          registry.POST('/api/v1/cpd/records/{id}/decision', {
            params: { path: { id: r.id } },
            body: { decision, note: note || undefined, version: r.version },
          }),
        ),
      t('swr.cpd.recordDecided', { decision: label(decision) }),
    );
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()} sx={{ alignItems: 'center' }}>
      <MuiTextField
        size="small"
        label={t('swr.cpd.reasonOrRequest')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        sx={{ minWidth: 180 }}
      />
      {r.status === 'pending' && (
        <Button size="small" variant="contained" onClick={() => decide('accepted')}>
          {t('swr.cpd.accept')}
        </Button>
      )}
      {r.status === 'pending' && (
        <Button size="small" onClick={() => decide('info_requested')}>
          {t('swr.cpd.askForMore')}
        </Button>
      )}
      <Button size="small" color="error" onClick={() => decide('rejected')}>
        {t('swr.cpd.reject')}
      </Button>
    </Stack>
  );
};

/** A CPD category's name in the reader's language, from the council's categories. */
function CategoryName({ code }: { code: string }) {
  const { data } = useGetList<{ id: string; code: string; name: Record<string, string> }>('cpd-categories', {
    pagination: { page: 1, perPage: 100 },
  });
  const [locale] = useLocaleState();
  const c = data?.find((x) => x.code === code);
  return <>{c ? (c.name[locale] ?? c.name.en ?? code) : code.replace(/_/g, ' ')}</>;
}

const Percent = ({ value }: { value: number }) => (
  <>{useFormatNumber()(value, { style: 'percent', maximumFractionDigits: 2 })}</>
);

function Strata({ strata }: { strata: string[] }) {
  const t = useTranslate();
  return <>{strata.map((x) => t(`swr.cpd.strataNames.${x}`, { _: x })).join(', ') || t('swr.cpd.none')}</>;
}

function Outcomes({ outcomes }: { outcomes: Record<string, number> }) {
  const label = useLabel();
  return (
    <>
      {Object.entries(outcomes)
        .map(([k, v]) => `${label(k)}: ${v}`)
        .join(', ')}
    </>
  );
}

function ActivitySummary({ activity: a }: { activity: CpdActivity }) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const label = useLabel();
  return (
    <>
      {[
        a.providerName,
        <CategoryName key="c" code={a.categoryCode} />,
        t(a.structured ? 'swr.cpd.creditsStructured' : 'swr.cpd.creditsCount', { count: a.credits }),
        t('swr.cpd.fromTo', { from: formatDate(a.startsOn), to: formatDate(a.endsOn) }),
        label(a.status),
        t('swr.cpd.attendees', { count: a.attendees }),
      ].map((part, i) => (
        <span key={i}>
          {i > 0 && ' · '}
          {part}
        </span>
      ))}
    </>
  );
}

export const CpdRecordList = () => (
  <List
    title="swr.cpd.cpdReviewQueue"
    filters={[
      <SelectInput
        key="status"
        source="status"
        alwaysOn
        choices={['pending', 'info_requested', 'accepted', 'rejected'].map((id) => ({
          id,
          name: `swr.cpd.codes.${id}`,
        }))}
      />,
      <SelectInput
        key="source"
        source="source"
        choices={[
          { id: 'self', name: 'self-declared' },
          { id: 'provider', name: 'provider-verified' },
        ]}
      />,
      <TextInput key="q" source="q" label="swr.cpd.title" />,
    ]}
    filterDefaultValues={{ status: 'pending' }}
    sort={{ field: 'createdAt', order: 'ASC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateText source="completedOn" label="swr.cpd.date" />
      <TextField source="registrantName" label="swr.cpd.socialWorker" sortable={false} />
      <FunctionField<CpdRecord>
        label="swr.cpd.activity"
        render={(r) => (
          <Box>
            {r.title}
            <Typography variant="caption" sx={{ display: 'block' }} color="text.secondary">
              {r.providerName} · {r.hours ?? '—'} h{r.structured ? ' · structured' : ''}
            </Typography>
            {r.reflection && (
              <Typography variant="caption" sx={{ display: 'block' }}>
                {r.reflection}
              </Typography>
            )}
            {r.evidence.map((d) => (
              <Button
                key={d.id}
                size="small"
                onClick={(e) => {
                  e.stopPropagation();
                  void downloadFile(
                    registry.GET('/api/v1/cpd/records/{id}/evidence/{documentId}', {
                      params: { path: { id: r.id, documentId: d.id } },
                      parseAs: 'blob',
                    }),
                    d.filename,
                  );
                }}
              >
                {d.filename}
              </Button>
            ))}
          </Box>
        )}
      />
      <FunctionField<CpdRecord> label="swr.cpd.category" render={(r) => <CategoryName code={r.categoryCode} />} />
      <NumberField source="credits" sortable={false} />
      <FunctionField<CpdRecord>
        label="swr.cpd.status"
        render={(r) => <Chip size="small" label={<Label code={r.status} />} />}
      />
      <RecordDecision />
    </Datagrid>
  </List>
);

// ---- providers and activities ----

export const CpdProviderList = () => (
  <List title="swr.cpd.cpdProviders" pagination={false}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="name" />
      <TextField source="contactEmail" emptyText="—" />
      <TextField source="status" />
      <DateText source="approvedFrom" />
      <FunctionField<CpdProvider> label="swr.cpd.accounts" render={(p) => p.accountIds.length} />
    </Datagrid>
  </List>
);

export const CpdProviderCreate = () => (
  <Create title="swr.cpd.approveACpdProvider" redirect="list">
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="contactEmail" type="email" fullWidth />
      <DateInput source="approvedFrom" validate={required()} />
    </SimpleForm>
  </Create>
);

const ActivityApprove = () => {
  const t = useTranslate();
  const a = useRecordContext<CpdActivity>();
  const run = useRun();
  if (!a || a.status !== 'proposed' || !isManager()) return null;
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      <Button
        size="small"
        variant="contained"
        onClick={() =>
          run(
            () =>
              answer(
                registry.POST('/api/v1/cpd/activities/{id}/decision', {
                  params: { path: { id: a.id } },
                  body: { decision: 'approved', version: a.version },
                }),
              ),
            t('swr.cpd.activityApproved'),
          )
        }
      >
        {t('swr.cpd.approve')}
      </Button>
      <Button
        size="small"
        color="error"
        onClick={() =>
          run(
            () =>
              answer(
                registry.POST('/api/v1/cpd/activities/{id}/decision', {
                  params: { path: { id: a.id } },
                  body: { decision: 'refused', version: a.version },
                }),
              ),
            t('swr.cpd.activityRefused'),
          )
        }
      >
        {t('swr.cpd.refuse')}
      </Button>
    </Stack>
  );
};

export const CpdActivityList = () => (
  <List
    title="swr.cpd.cpdActivities"
    filters={[
      <SelectInput
        key="status"
        source="status"
        alwaysOn
        choices={['proposed', 'approved', 'refused'].map((id) => ({ id, name: `swr.cpd.codes.${id}` }))}
      />,
      <TextInput key="q" source="q" label="swr.cpd.title" />,
    ]}
    sort={{ field: 'startsOn', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick="show">
      <TextField source="title" />
      <TextField source="providerName" label="swr.cpd.provider" sortable={false} />
      <FunctionField<CpdActivity> label="swr.cpd.category" render={(a) => <CategoryName code={a.categoryCode} />} />
      <NumberField source="credits" sortable={false} />
      <DateText source="startsOn" />
      <DateText source="endsOn" sortable={false} />
      <TextField source="status" />
      <NumberField source="attendees" sortable={false} />
      <ActivityApprove />
    </Datagrid>
  </List>
);

export const CpdActivityCreate = () => (
  <Create title="swr.cpd.addACpdActivity" redirect="show">
    <SimpleForm>
      <ReferenceInput source="providerId" reference="cpd/providers">
        <SelectInput optionText="name" validate={required()} />
      </ReferenceInput>
      <TextInput source="title" validate={required()} fullWidth />
      <ReferenceInput source="categoryCode" reference="cpd-categories">
        <SelectInput optionText={(c: CpdCategory) => c.name?.en ?? c.code} optionValue="code" validate={required()} />
      </ReferenceInput>
      <NumberInput source="credits" validate={required()} />
      <DateInput source="startsOn" validate={required()} />
      <DateInput source="endsOn" validate={required()} />
      <BooleanInput source="structured" defaultValue={true} />
    </SimpleForm>
  </Create>
);

type RosterReport = Schemas['CpdRoster'];

const RosterPanel = () => {
  const t = useTranslate();
  const { record: a } = useShowContext<CpdActivity>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [report, setReport] = useState<RosterReport | null>(null);
  if (!a) return null;
  if (a.status !== 'approved') return <Alert severity="info">{t('swr.cpd.attendanceRostersCanBeUploaded')}</Alert>;
  const go = async (fn: () => Promise<RosterReport>) => {
    try {
      setReport(await fn());
      refresh();
    } catch (e) {
      notify(problemMessage(e), { type: 'error' });
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('swr.cpd.attendanceRoster')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          CSV (UTF-8) with the columns licence_number, full_name, credits, completed_on; only licence_number is
          required. Rows are checked first; nothing is recorded until you accept.
        </Typography>
        <Button variant="outlined" component="label" sx={{ mt: 1 }}>
          Upload roster (CSV)
          <input
            hidden
            type="file"
            aria-label={t('swr.cpd.rosterFile')}
            accept="text/csv,.csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file)
                void go(() =>
                  answer(
                    registry.POST('/api/v1/cpd/activities/{id}/rosters', {
                      params: { path: { id: a.id }, query: { filename: file.name } },
                      ...fileBody(new Blob([file], { type: 'text/csv' })),
                    }),
                  ),
                );
            }}
          />
        </Button>
        {report && (
          <Box sx={{ mt: 2 }} aria-label={t('swr.cpd.rosterReport')}>
            <Typography>
              {report.rowCount} rows: {report.validCount} valid, {report.errors.length} problems
              {report.alreadyUploaded ? ' (this file was uploaded before)' : ''}.
            </Typography>
            {report.status === 'accepted' ? (
              <Alert severity="success">Accepted: {report.importedCount} new verified records.</Alert>
            ) : (
              <Button
                variant="contained"
                sx={{ mt: 1 }}
                disabled={!report.validCount}
                onClick={() =>
                  void go(() =>
                    answer(
                      registry.POST('/api/v1/cpd/activities/{id}/rosters/{rosterId}/acceptance', {
                        params: { path: { id: a.id, rosterId: report.id } },
                      }),
                    ),
                  )
                }
              >
                Accept {report.validCount} valid rows
              </Button>
            )}
            {report.errors.length > 0 && (
              <Table size="small" aria-label={t('swr.cpd.rosterProblems')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('swr.cpd.row')}</TableCell>
                    <TableCell>{t('swr.cpd.field')}</TableCell>
                    <TableCell>{t('swr.cpd.problem')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.errors.slice(0, 200).map((e, i) => (
                    <TableRow key={i}>
                      <TableCell>{e.row}</TableCell>
                      <TableCell>{e.field}</TableCell>
                      <TableCell>{e.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

export const CpdActivityShow = () => (
  <Show>
    <Box sx={{ p: 2 }}>
      <FunctionField<CpdActivity>
        render={(a) => (
          <Box>
            <Typography variant="h5" component="h1">
              {a.title}
            </Typography>
            <Typography>
              <ActivitySummary activity={a} />
            </Typography>
          </Box>
        )}
      />
      <RosterPanel />
    </Box>
  </Show>
);

// ---- audit rounds ----

export const CpdAuditRoundList = () => (
  <List title="swr.cpd.cpdAuditRounds" pagination={false}>
    <Datagrid bulkActionButtons={false} rowClick="show">
      <TextField source="name" />
      <DateText source="populationOn" label="swr.cpd.drawnOn" />
      <FunctionField<CpdAuditRound> label="swr.cpd.rate" render={(r) => <Percent value={r.rate} />} />
      <FunctionField<CpdAuditRound> label="swr.cpd.strata" render={(r) => <Strata strata={r.strata} />} />
      <NumberField source="selectedCount" label="swr.cpd.selected" />
      <DateText source="responseDueOn" label="swr.cpd.answersDue" />
      <FunctionField<CpdAuditRound> label="swr.cpd.outcomes" render={(r) => <Outcomes outcomes={r.outcomes} />} />
    </Datagrid>
  </List>
);

/** The audit round form's values, before they become the API's request body. */
type RoundForm = {
  name: string;
  seed: string;
  ratePercent: number;
  strata?: string[];
  responseDays?: number | null;
  registeredUnderMonths?: number | null;
  excludeSanctioned?: boolean;
  excludeAuditedLastRound?: boolean;
  targeted?: ({ licenceNumber?: string; reason?: string } | null)[];
};

const SeedAdvice = () => (
  <Alert severity="info" sx={{ mb: 2 }}>
    {useTranslate()('swr.cpd.recordTheSeedBeforeThe')}
  </Alert>
);

export const CpdAuditRoundCreate = () => (
  <Create
    title="swr.cpd.startACpdAuditRound"
    redirect="show"
    transform={(d: RoundForm) => ({
      name: d.name,
      seed: d.seed,
      rate: Number(d.ratePercent) / 100,
      strata: d.strata ?? [],
      responseDays: d.responseDays || undefined,
      exclusions: {
        registeredUnderMonths: Number(d.registeredUnderMonths ?? 12),
        sanctioned: d.excludeSanctioned !== false,
        auditedLastRound: d.excludeAuditedLastRound !== false,
      },
      targeted: (d.targeted ?? []).filter((x) => x?.licenceNumber),
    })}
  >
    <SimpleForm>
      <SeedAdvice />
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="seed" validate={required()} fullWidth helperText="swr.cpd.atLeast8CharactersE" />
      <NumberInput source="ratePercent" label="swr.cpd.rate" defaultValue={5} validate={required()} />
      <SelectArrayInput
        source="strata"
        choices={[
          { id: 'tier', name: 'tier' },
          { id: 'region', name: 'region' },
          { id: 'sector', name: 'sector' },
        ]}
        defaultValue={['tier']}
      />
      <NumberInput
        source="registeredUnderMonths"
        label="swr.cpd.excludePeopleRegisteredUnderMonths"
        defaultValue={12}
      />
      <BooleanInput source="excludeSanctioned" label="swr.cpd.excludePeopleUnderAnActive" defaultValue={true} />
      <BooleanInput source="excludeAuditedLastRound" label="swr.cpd.excludePeopleAuditedInThe" defaultValue={true} />
      <NumberInput source="responseDays" label="swr.cpd.daysToAnswerDefaultThe" />
      <ArrayInput source="targeted" label="swr.cpd.targetedAdditions">
        <SimpleFormIterator inline>
          <TextInput source="licenceNumber" label="swr.cpd.licenceNumber" />
          <TextInput source="reason" />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  </Create>
);

const SelectionOutcome = ({ s, reload }: { s: CpdAuditSelection; reload: () => void }) => {
  const notify = useNotify();
  const t = useTranslate();
  const label = useLabel();
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      notify(ok, { type: 'info' });
      reload();
    } catch (e) {
      notify(problemMessage(e), { type: 'error' });
    }
  };
  const [note, setNote] = useState('');
  const [until, setUntil] = useState('');
  if (!isReviewer() || !['selected', 'submitted', 'extension_granted'].includes(s.status)) return null;
  const decide = (outcome: Schemas['CpdAuditOutcome']['outcome']) =>
    run(
      () =>
        answer(
          registry.POST('/api/v1/cpd/audit-selections/{id}/outcome', {
            params: { path: { id: s.id } },
            body: {
              outcome,
              note: note || undefined,
              extendedTo: outcome === 'extension_granted' ? until : undefined,
              version: s.version,
            },
          }),
        ),
      t('swr.cpd.outcomeRecorded', { outcome: label(outcome) }),
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <MuiTextField
        size="small"
        label={t('swr.cpd.adviceOrReason')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {s.status === 'submitted' && (
        <Button size="small" variant="contained" onClick={() => decide('passed')}>
          {t('swr.cpd.pass')}
        </Button>
      )}
      {s.status === 'submitted' && (
        <Button size="small" onClick={() => decide('passed_with_advice')}>
          {t('swr.cpd.passWithAdvice')}
        </Button>
      )}
      <Button size="small" color="error" onClick={() => decide('failed')}>
        {t('swr.cpd.fail')}
      </Button>
      <DayTextField size="small" label={t('swr.cpd.extendTo')} value={until} onChange={(day) => setUntil(day)} />
      <Button size="small" onClick={() => decide('extension_granted')}>
        {t('swr.cpd.grantExtension')}
      </Button>
    </Stack>
  );
};

const RoundDetail = () => {
  const t = useTranslate();
  const label = useLabel();
  const { record: r } = useShowContext<CpdAuditRound>();
  const [selections, setSelections] = useState<CpdAuditSelection[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (r?.id)
      void answer(registry.GET('/api/v1/cpd/audit-selections', { params: { query: { roundId: r.id, perPage: 100 } } }))
        .then((x) => setSelections(x.items))
        .catch(() => setSelections([]));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- tick is the refresh trigger: a change re-fetches
  }, [r?.id, tick]);
  if (!r) return null;
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="h5" component="h1">
        {r.name}
      </Typography>
      <Typography>
        Drawn on {r.populationOn} · seed <code>{r.seed}</code> · rate {(r.rate * 100).toFixed(2)} % · strata{' '}
        {r.strata.join(', ') || 'none'} · answers due {r.responseDueOn}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ my: 1 }}>
        <Button
          variant="outlined"
          onClick={() =>
            void downloadFile(
              registry.GET('/api/v1/cpd/audit-rounds/{id}/report', {
                params: { path: { id: r.id }, query: { format: 'json' } },
                parseAs: 'blob',
              }),
              'selection-report.json',
            )
          }
        >
          Selection report (JSON)
        </Button>
        <Button
          variant="outlined"
          onClick={() =>
            void downloadFile(
              registry.GET('/api/v1/cpd/audit-rounds/{id}/report', {
                params: { path: { id: r.id }, query: { format: 'csv' } },
                parseAs: 'blob',
              }),
              'selection-report.csv',
            )
          }
        >
          Selection report (CSV)
        </Button>
      </Stack>
      <Table size="small" aria-label={t('swr.cpd.populationByStratum')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.cpd.stratum')}</TableCell>
            <TableCell>{t('swr.cpd.population')}</TableCell>
            <TableCell>{t('swr.cpd.excluded')}</TableCell>
            <TableCell>{t('swr.cpd.eligible')}</TableCell>
            <TableCell>{t('swr.cpd.drawn')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {r.summary.map((s) => (
            <TableRow key={s.stratum}>
              <TableCell>{s.stratum}</TableCell>
              <TableCell>{s.population}</TableCell>
              <TableCell>
                {Object.entries(s.excluded)
                  .filter(([, v]) => v > 0)
                  .map(([k, v]) => `${label(k)} ${v}`)
                  .join(', ') || '—'}
              </TableCell>
              <TableCell>{s.eligible}</TableCell>
              <TableCell>{s.selected}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
        {t('swr.cpd.selectedPeople')}
      </Typography>
      <Table size="small" aria-label={t('swr.cpd.selectedPeople')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.cpd.licence')}</TableCell>
            <TableCell>{t('swr.cpd.name')}</TableCell>
            <TableCell>{t('swr.cpd.status')}</TableCell>
            <TableCell>{t('swr.cpd.answer')}</TableCell>
            <TableCell>{t('swr.cpd.outcome')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {selections.map((s) => (
            <TableRow key={s.id}>
              <TableCell>
                {s.licenceNumber}
                {s.targeted && <Chip size="small" label={`targeted: ${s.targetReason}`} sx={{ ml: 1 }} />}
              </TableCell>
              <TableCell>{s.registrantName}</TableCell>
              <TableCell>
                <Chip size="small" label={label(s.status)} />
                {s.autoPassed && (
                  <Typography variant="caption" sx={{ display: 'block' }}>
                    passed automatically
                  </Typography>
                )}
                <Typography variant="caption" sx={{ display: 'block' }}>
                  due {s.dueOn}
                </Typography>
              </TableCell>
              <TableCell>
                {s.responseNote ?? '—'}
                {s.evidence.map((d) => (
                  <Button
                    key={d.id}
                    size="small"
                    onClick={() =>
                      void downloadFile(
                        registry.GET('/api/v1/cpd/audit-selections/{id}/evidence/{documentId}', {
                          params: { path: { id: s.id, documentId: d.id } },
                          parseAs: 'blob',
                        }),
                        d.filename,
                      )
                    }
                  >
                    {d.filename}
                  </Button>
                ))}
              </TableCell>
              <TableCell>
                {s.outcomeNote ?? ''}
                <SelectionOutcome s={s} reload={() => setTick((x) => x + 1)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

export const CpdAuditRoundShow = () => (
  <Show>
    <RoundDetail />
  </Show>
);

// ---- rules per tier, settings and exemptions ----

type RuleSet = Schemas['CpdRuleSet'];
type Settings = Schemas['CpdSettings'];
type ExemptionKind = Schemas['CpdExemptionCreate']['kind'];
const EXEMPTION_KINDS: readonly ExemptionKind[] = ['parental', 'medical', 'other'];

/**
 * The category limits the tier sets itself, as the rule set shows them: sent back unchanged with the
 * other rules, since the API replaces the tier's limits with what the request carries.
 */
const overriddenLimits = (rule: RuleSet): Schemas['CpdRuleSetUpdate']['categoryLimits'] =>
  Object.fromEntries(rule.categories.filter((c) => c.overridden).map((c) => [c.code, { min: c.min, max: c.max }]));

function RuleRow({ rule, onSaved }: { rule: RuleSet; onSaved: (text: string, ok: boolean) => void }) {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const [r, setR] = useState({
    requiredCredits: String(rule.requiredCredits),
    minStructured: String(rule.minStructured),
    carryOverCap: String(rule.carryOverCap),
    proRate: rule.proRate,
  });
  const save = async () => {
    try {
      await answer(
        registry.PUT('/api/v1/cpd/rules/{tierCode}', {
          params: { path: { tierCode: rule.tierCode } },
          body: {
            requiredCredits: Number(r.requiredCredits),
            minStructured: Number(r.minStructured),
            carryOverCap: Number(r.carryOverCap),
            proRate: r.proRate,
            categoryLimits: overriddenLimits(rule),
            version: rule.version,
          },
        }),
      );
      onSaved(t('swr.cpd.rulesSaved', { tier: rule.tierName[locale] ?? rule.tierName.en ?? rule.tierCode }), true);
    } catch (e) {
      onSaved(problemMessage(e), false);
    }
  };
  const num = (k: 'requiredCredits' | 'minStructured' | 'carryOverCap', labelText: string) => (
    <MuiTextField
      size="small"
      type="number"
      label={labelText}
      value={r[k]}
      onChange={(e) => setR({ ...r, [k]: e.target.value })}
      sx={{ width: 150 }}
      disabled={!isManager()}
    />
  );
  return (
    <TableRow>
      <TableCell>
        {rule.tierName[locale] ?? rule.tierName.en ?? rule.tierCode}
        <Typography variant="caption" sx={{ display: 'block' }}>
          {t('swr.cpd.cycleIsPeriod', { months: rule.validityMonths })}
        </Typography>
      </TableCell>
      <TableCell>{num('requiredCredits', t('swr.cpd.creditsPerCycle'))}</TableCell>
      <TableCell>{num('minStructured', t('swr.cpd.structuredMinimum'))}</TableCell>
      <TableCell>{num('carryOverCap', t('swr.cpd.carryOverCap'))}</TableCell>
      <TableCell>
        <label>
          <input
            type="checkbox"
            checked={r.proRate}
            disabled={!isManager()}
            onChange={(e) => setR({ ...r, proRate: e.target.checked })}
          />{' '}
          {t('swr.cpd.proRate')}
        </label>
      </TableCell>
      <TableCell>
        {rule.categories
          .map(
            (c) =>
              `${c.name[locale] ?? c.name.en ?? c.code}${c.min ? ` ≥ ${c.min}` : ''}${c.max !== null ? ` ≤ ${c.max}` : ''}`,
          )
          .join(' · ')}
      </TableCell>
      <TableCell>
        {isManager() && (
          <Button size="small" variant="contained" onClick={() => void save()}>
            {t('swr.cpd.save')}
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

/** CPD rules per tier, the council's CPD settings, and exemptions. */
export function CpdRulesPage() {
  const t = useTranslate();
  const [rules, setRules] = useState<RuleSet[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [tick, setTick] = useState(0);
  const [ex, setEx] = useState<Schemas['CpdExemptionCreate']>({
    registrantId: '',
    kind: 'parental',
    startsOn: '',
    endsOn: '',
    reason: '',
  });
  useEffect(() => {
    void answer(registry.GET('/api/v1/cpd/rules'))
      .then((x) => setRules(x.items))
      .catch(() => setRules([]));
    void answer(registry.GET('/api/v1/cpd/settings'))
      .then(setSettings)
      .catch(() => setSettings(null));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- tick is the refresh trigger: a change re-fetches
  }, [tick]);
  const done = (text: string, ok: boolean) => {
    setMessage({ text, ok });
    if (ok) setTick((x) => x + 1);
  };
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      done(ok, true);
    } catch (e) {
      done(problemMessage(e), false);
    }
  };
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('swr.cpd.cpdRules')}
      </Typography>
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} sx={{ mb: 2 }} onClose={() => setMessage(null)}>
          {message.text}
        </Alert>
      )}
      <Table size="small" aria-label={t('swr.cpd.cpdRulesPerTier')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.cpd.tier')}</TableCell>
            <TableCell>{t('swr.cpd.credits')}</TableCell>
            <TableCell>{t('swr.cpd.structured')}</TableCell>
            <TableCell>{t('swr.cpd.carryOver')}</TableCell>
            <TableCell>{t('swr.cpd.proRating')}</TableCell>
            <TableCell>{t('swr.cpd.categories')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rules.map((r) => (
            <RuleRow key={`${r.tierCode}-${r.version}-${tick}`} rule={r} onSaved={done} />
          ))}
        </TableBody>
      </Table>
      {settings && (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {t('swr.cpd.settings')}
            </Typography>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <label>
                <input
                  type="checkbox"
                  checked={settings.selfDeclaredAutoAccept}
                  disabled={!isManager()}
                  onChange={(e) => setSettings({ ...settings, selfDeclaredAutoAccept: e.target.checked })}
                />{' '}
                self-declared records need no review
              </label>
              <label>
                <input
                  type="checkbox"
                  checked={settings.auditBlocksRenewal}
                  disabled={!isManager()}
                  onChange={(e) => setSettings({ ...settings, auditBlocksRenewal: e.target.checked })}
                />{' '}
                an unresolved or failed audit blocks renewal
              </label>
              <MuiTextField
                size="small"
                type="number"
                label={t('swr.cpd.daysToAnswerAnAudit')}
                value={settings.auditResponseDays}
                disabled={!isManager()}
                onChange={(e) => setSettings({ ...settings, auditResponseDays: Number(e.target.value) })}
              />
              <MuiTextField
                size="small"
                type="number"
                label={t('swr.cpd.creditsPerHour')}
                value={settings.creditsPerHour}
                disabled={!isManager()}
                onChange={(e) => setSettings({ ...settings, creditsPerHour: Number(e.target.value) })}
              />
              {isManager() && (
                <Button
                  variant="contained"
                  onClick={() =>
                    void run(
                      () => answer(registry.PUT('/api/v1/cpd/settings', { body: settings })),
                      'CPD settings saved',
                    )
                  }
                >
                  {t('swr.cpd.saveSettings')}
                </Button>
              )}
            </Stack>
          </CardContent>
        </Card>
      )}
      {isManager() && (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {t('swr.cpd.grantAnExemption')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {t('swr.cpd.theRequirementOfTheCycle')}
            </Typography>
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }}>
              <RegistrantPicker
                label={t('swr.cpd.socialWorker')}
                onPick={(registrantId) => setEx((v) => ({ ...v, registrantId }))}
              />
              <MuiTextField
                size="small"
                select
                label={t('swr.cpd.kind')}
                value={ex.kind}
                onChange={(e) => setEx({ ...ex, kind: EXEMPTION_KINDS.find((k) => k === e.target.value) ?? ex.kind })}
                slotProps={{ select: { native: true } }}
              >
                {EXEMPTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`swr.cpd.exemptionKinds.${k}`)}
                  </option>
                ))}
              </MuiTextField>
              <DayTextField
                size="small"
                label={t('swr.cpd.from')}
                value={ex.startsOn}
                onChange={(day) => setEx({ ...ex, startsOn: day })}
              />
              <DayTextField
                size="small"
                label={t('swr.cpd.to')}
                value={ex.endsOn}
                onChange={(day) => setEx({ ...ex, endsOn: day })}
              />
              <MuiTextField
                size="small"
                label={t('swr.cpd.reason')}
                value={ex.reason}
                onChange={(e) => setEx({ ...ex, reason: e.target.value })}
              />
              <Button
                variant="contained"
                onClick={() =>
                  void run(
                    () => answer(registry.POST('/api/v1/cpd/exemptions', { body: ex })),
                    t('swr.cpd.exemptionGranted'),
                  )
                }
              >
                {t('swr.cpd.grant')}
              </Button>
            </Stack>
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
