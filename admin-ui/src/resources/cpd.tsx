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
  DateField,
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
import { api, downloadFile, problemMessage, session } from '../api';
import type { CpdActivity, CpdAuditRound, CpdAuditSelection, CpdCategory, CpdProvider, CpdRecord } from '../records';

const label = (s: string) => s.replace(/_/g, ' ');
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
  const r = useRecordContext<CpdRecord>();
  const run = useRun();
  const [note, setNote] = useState('');
  if (!r || !isReviewer() || (r.status !== 'pending' && r.status !== 'info_requested')) return null;
  const decide = (decision: string) =>
    run(
      () =>
        api('POST', `/api/v1/cpd/records/${r.id}/decision`, { decision, note: note || undefined, version: r.version }),
      `Record ${label(decision)}`,
    );
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()} sx={{ alignItems: 'center' }}>
      <MuiTextField
        size="small"
        label="Reason or request"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        sx={{ minWidth: 180 }}
      />
      {r.status === 'pending' && (
        <Button size="small" variant="contained" onClick={() => decide('accepted')}>
          Accept
        </Button>
      )}
      {r.status === 'pending' && (
        <Button size="small" onClick={() => decide('info_requested')}>
          Ask for more
        </Button>
      )}
      <Button size="small" color="error" onClick={() => decide('rejected')}>
        Reject
      </Button>
    </Stack>
  );
};

export const CpdRecordList = () => (
  <List
    title="CPD review queue"
    filters={[
      <SelectInput
        key="status"
        source="status"
        alwaysOn
        choices={['pending', 'info_requested', 'accepted', 'rejected'].map((id) => ({ id, name: label(id) }))}
      />,
      <SelectInput
        key="source"
        source="source"
        choices={[
          { id: 'self', name: 'self-declared' },
          { id: 'provider', name: 'provider-verified' },
        ]}
      />,
      <TextInput key="q" source="q" label="Title" />,
    ]}
    filterDefaultValues={{ status: 'pending' }}
    sort={{ field: 'createdAt', order: 'ASC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateField source="completedOn" label="Date" />
      <TextField source="registrantName" label="Social worker" sortable={false} />
      <FunctionField<CpdRecord>
        label="Activity"
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
                  void downloadFile(`/api/v1/cpd/records/${r.id}/evidence/${d.id}`, d.filename);
                }}
              >
                {d.filename}
              </Button>
            ))}
          </Box>
        )}
      />
      <FunctionField<CpdRecord> label="Category" render={(r) => label(r.categoryCode)} />
      <NumberField source="credits" sortable={false} />
      <FunctionField<CpdRecord> label="Status" render={(r) => <Chip size="small" label={label(r.status)} />} />
      <RecordDecision />
    </Datagrid>
  </List>
);

// ---- providers and activities ----

export const CpdProviderList = () => (
  <List title="CPD providers" pagination={false}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="name" />
      <TextField source="contactEmail" emptyText="—" />
      <TextField source="status" />
      <DateField source="approvedFrom" />
      <FunctionField<CpdProvider> label="Accounts" render={(p) => p.accountIds.length} />
    </Datagrid>
  </List>
);

export const CpdProviderCreate = () => (
  <Create title="Approve a CPD provider" redirect="list">
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="contactEmail" type="email" fullWidth />
      <DateInput source="approvedFrom" validate={required()} />
    </SimpleForm>
  </Create>
);

const ActivityApprove = () => {
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
            () => api('POST', `/api/v1/cpd/activities/${a.id}/decision`, { decision: 'approved', version: a.version }),
            'Activity approved',
          )
        }
      >
        Approve
      </Button>
      <Button
        size="small"
        color="error"
        onClick={() =>
          run(
            () => api('POST', `/api/v1/cpd/activities/${a.id}/decision`, { decision: 'refused', version: a.version }),
            'Activity refused',
          )
        }
      >
        Refuse
      </Button>
    </Stack>
  );
};

export const CpdActivityList = () => (
  <List
    title="CPD activities"
    filters={[
      <SelectInput
        key="status"
        source="status"
        alwaysOn
        choices={['proposed', 'approved', 'refused'].map((id) => ({ id, name: id }))}
      />,
      <TextInput key="q" source="q" label="Title" />,
    ]}
    sort={{ field: 'startsOn', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick="show">
      <TextField source="title" />
      <TextField source="providerName" label="Provider" sortable={false} />
      <FunctionField<CpdActivity> label="Category" render={(a) => label(a.categoryCode)} />
      <NumberField source="credits" sortable={false} />
      <DateField source="startsOn" />
      <DateField source="endsOn" sortable={false} />
      <TextField source="status" />
      <NumberField source="attendees" sortable={false} />
      <ActivityApprove />
    </Datagrid>
  </List>
);

export const CpdActivityCreate = () => (
  <Create title="Add a CPD activity" redirect="show">
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

type RosterReport = {
  id: string;
  rowCount: number;
  validCount: number;
  errors: { row: number; field: string; reason: string }[];
  status: string;
  importedCount: number | null;
  alreadyUploaded: boolean;
};

const RosterPanel = () => {
  const { record: a } = useShowContext<CpdActivity>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [report, setReport] = useState<RosterReport | null>(null);
  if (!a) return null;
  if (a.status !== 'approved')
    return <Alert severity="info">Attendance rosters can be uploaded once the council approves the activity.</Alert>;
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
          Attendance roster
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
            aria-label="Roster file"
            accept="text/csv,.csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file)
                void go(() =>
                  api<RosterReport>(
                    'POST',
                    `/api/v1/cpd/activities/${a.id}/rosters?filename=${encodeURIComponent(file.name)}`,
                    new Blob([file], { type: 'text/csv' }),
                  ),
                );
            }}
          />
        </Button>
        {report && (
          <Box sx={{ mt: 2 }} aria-label="Roster report">
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
                    api<RosterReport>('POST', `/api/v1/cpd/activities/${a.id}/rosters/${report.id}/acceptance`),
                  )
                }
              >
                Accept {report.validCount} valid rows
              </Button>
            )}
            {report.errors.length > 0 && (
              <Table size="small" aria-label="Roster problems">
                <TableHead>
                  <TableRow>
                    <TableCell>Row</TableCell>
                    <TableCell>Field</TableCell>
                    <TableCell>Problem</TableCell>
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
              {a.providerName} · {label(a.categoryCode)} · {a.credits} credits{a.structured ? ' (structured)' : ''} ·{' '}
              {a.startsOn} to {a.endsOn} · {a.status} · {a.attendees} attendees recorded
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
  <List title="CPD audit rounds" pagination={false}>
    <Datagrid bulkActionButtons={false} rowClick="show">
      <TextField source="name" />
      <DateField source="populationOn" label="Drawn on" />
      <FunctionField<CpdAuditRound> label="Rate" render={(r) => `${(r.rate * 100).toFixed(2)} %`} />
      <FunctionField<CpdAuditRound> label="Strata" render={(r) => r.strata.join(', ') || 'none'} />
      <NumberField source="selectedCount" label="Selected" />
      <DateField source="responseDueOn" label="Answers due" />
      <FunctionField<CpdAuditRound>
        label="Outcomes"
        render={(r) =>
          Object.entries(r.outcomes)
            .map(([k, v]) => `${label(k)}: ${v}`)
            .join(' · ')
        }
      />
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

export const CpdAuditRoundCreate = () => (
  <Create
    title="Start a CPD audit round"
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
      <Alert severity="info" sx={{ mb: 2 }}>
        Record the seed before the draw and publish it with the selection report: anyone can then repeat the draw.
      </Alert>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput
        source="seed"
        validate={required()}
        fullWidth
        helperText="At least 8 characters, e.g. the date and minute number of the council meeting"
      />
      <NumberInput source="ratePercent" label="Rate (%)" defaultValue={5} validate={required()} />
      <SelectArrayInput
        source="strata"
        choices={[
          { id: 'tier', name: 'tier' },
          { id: 'region', name: 'region' },
          { id: 'sector', name: 'sector' },
        ]}
        defaultValue={['tier']}
      />
      <NumberInput source="registeredUnderMonths" label="Exclude people registered under (months)" defaultValue={12} />
      <BooleanInput
        source="excludeSanctioned"
        label="Exclude people under an active sanction (suspended, or conditions on practice)"
        defaultValue={true}
      />
      <BooleanInput
        source="excludeAuditedLastRound"
        label="Exclude people audited in the last round (unless targeted)"
        defaultValue={true}
      />
      <NumberInput source="responseDays" label="Days to answer (default: the council setting)" />
      <ArrayInput source="targeted" label="Targeted additions">
        <SimpleFormIterator inline>
          <TextInput source="licenceNumber" label="Licence number" />
          <TextInput source="reason" />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  </Create>
);

const SelectionOutcome = ({ s, reload }: { s: CpdAuditSelection; reload: () => void }) => {
  const notify = useNotify();
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
  const decide = (outcome: string) =>
    run(
      () =>
        api('POST', `/api/v1/cpd/audit-selections/${s.id}/outcome`, {
          outcome,
          note: note || undefined,
          extendedTo: outcome === 'extension_granted' ? until : undefined,
          version: s.version,
        }),
      `Outcome recorded: ${label(outcome)}`,
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <MuiTextField size="small" label="Advice or reason" value={note} onChange={(e) => setNote(e.target.value)} />
      {s.status === 'submitted' && (
        <Button size="small" variant="contained" onClick={() => decide('passed')}>
          Pass
        </Button>
      )}
      {s.status === 'submitted' && (
        <Button size="small" onClick={() => decide('passed_with_advice')}>
          Pass with advice
        </Button>
      )}
      <Button size="small" color="error" onClick={() => decide('failed')}>
        Fail
      </Button>
      <MuiTextField
        size="small"
        type="date"
        label="Extend to"
        value={until}
        onChange={(e) => setUntil(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <Button size="small" onClick={() => decide('extension_granted')}>
        Grant extension
      </Button>
    </Stack>
  );
};

const RoundDetail = () => {
  const { record: r } = useShowContext<CpdAuditRound>();
  const [selections, setSelections] = useState<CpdAuditSelection[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (r?.id)
      void api<{ items: CpdAuditSelection[] }>('GET', `/api/v1/cpd/audit-selections?roundId=${r.id}&perPage=100`)
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
            void downloadFile(`/api/v1/cpd/audit-rounds/${r.id}/report?format=json`, 'selection-report.json')
          }
        >
          Selection report (JSON)
        </Button>
        <Button
          variant="outlined"
          onClick={() =>
            void downloadFile(`/api/v1/cpd/audit-rounds/${r.id}/report?format=csv`, 'selection-report.csv')
          }
        >
          Selection report (CSV)
        </Button>
      </Stack>
      <Table size="small" aria-label="Population by stratum">
        <TableHead>
          <TableRow>
            <TableCell>Stratum</TableCell>
            <TableCell>Population</TableCell>
            <TableCell>Excluded</TableCell>
            <TableCell>Eligible</TableCell>
            <TableCell>Drawn</TableCell>
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
        Selected people
      </Typography>
      <Table size="small" aria-label="Selected people">
        <TableHead>
          <TableRow>
            <TableCell>Licence</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Answer</TableCell>
            <TableCell>Outcome</TableCell>
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
                      void downloadFile(`/api/v1/cpd/audit-selections/${s.id}/evidence/${d.id}`, d.filename)
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

type RuleSet = {
  tierCode: string;
  tierName: Record<string, string>;
  requiredCredits: number;
  minStructured: number;
  carryOverCap: number;
  proRate: boolean;
  validityMonths: number;
  version: number | null;
  categories: { code: string; name: Record<string, string>; min: number; max: number | null; overridden: boolean }[];
};
type Settings = {
  selfDeclaredAutoAccept: boolean;
  auditBlocksRenewal: boolean;
  auditResponseDays: number;
  creditsPerHour: number;
  version: number | null;
};

function RuleRow({ rule, onSaved }: { rule: RuleSet; onSaved: (text: string, ok: boolean) => void }) {
  const [r, setR] = useState({
    requiredCredits: String(rule.requiredCredits),
    minStructured: String(rule.minStructured),
    carryOverCap: String(rule.carryOverCap),
    proRate: rule.proRate,
  });
  const save = async () => {
    try {
      await api('PUT', `/api/v1/cpd/rules/${rule.tierCode}`, {
        requiredCredits: Number(r.requiredCredits),
        minStructured: Number(r.minStructured),
        carryOverCap: Number(r.carryOverCap),
        proRate: r.proRate,
        version: rule.version,
      });
      onSaved(`CPD rules of ${rule.tierName.en ?? rule.tierCode} saved`, true);
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
        {rule.tierName.en ?? rule.tierCode}
        <Typography variant="caption" sx={{ display: 'block' }}>
          cycle: the licence period ({rule.validityMonths} months)
        </Typography>
      </TableCell>
      <TableCell>{num('requiredCredits', 'Credits per cycle')}</TableCell>
      <TableCell>{num('minStructured', 'Structured minimum')}</TableCell>
      <TableCell>{num('carryOverCap', 'Carry-over cap')}</TableCell>
      <TableCell>
        <label>
          <input
            type="checkbox"
            checked={r.proRate}
            disabled={!isManager()}
            onChange={(e) => setR({ ...r, proRate: e.target.checked })}
          />{' '}
          pro-rate
        </label>
      </TableCell>
      <TableCell>
        {rule.categories
          .map((c) => `${c.name.en ?? c.code}${c.min ? ` ≥ ${c.min}` : ''}${c.max !== null ? ` ≤ ${c.max}` : ''}`)
          .join(' · ')}
      </TableCell>
      <TableCell>
        {isManager() && (
          <Button size="small" variant="contained" onClick={() => void save()}>
            Save
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

/** CPD rules per tier, the council's CPD settings, and exemptions. */
export function CpdRulesPage() {
  const [rules, setRules] = useState<RuleSet[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [tick, setTick] = useState(0);
  const [ex, setEx] = useState({ registrantId: '', kind: 'parental', startsOn: '', endsOn: '', reason: '' });
  useEffect(() => {
    void api<{ items: RuleSet[] }>('GET', '/api/v1/cpd/rules')
      .then((x) => setRules(x.items))
      .catch(() => setRules([]));
    void api<Settings>('GET', '/api/v1/cpd/settings')
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
        CPD rules
      </Typography>
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} sx={{ mb: 2 }} onClose={() => setMessage(null)}>
          {message.text}
        </Alert>
      )}
      <Table size="small" aria-label="CPD rules per tier">
        <TableHead>
          <TableRow>
            <TableCell>Tier</TableCell>
            <TableCell>Credits</TableCell>
            <TableCell>Structured</TableCell>
            <TableCell>Carry-over</TableCell>
            <TableCell>Pro-rating</TableCell>
            <TableCell>Categories</TableCell>
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
              Settings
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
                label="Days to answer an audit"
                value={settings.auditResponseDays}
                disabled={!isManager()}
                onChange={(e) => setSettings({ ...settings, auditResponseDays: Number(e.target.value) })}
              />
              <MuiTextField
                size="small"
                type="number"
                label="Credits per hour"
                value={settings.creditsPerHour}
                disabled={!isManager()}
                onChange={(e) => setSettings({ ...settings, creditsPerHour: Number(e.target.value) })}
              />
              {isManager() && (
                <Button
                  variant="contained"
                  onClick={() => void run(() => api('PUT', '/api/v1/cpd/settings', settings), 'CPD settings saved')}
                >
                  Save settings
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
              Grant an exemption
            </Typography>
            <Typography variant="body2" color="text.secondary">
              The requirement of the cycle is reduced in proportion to the exempt days.
            </Typography>
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }}>
              <MuiTextField
                size="small"
                label="Registrant id"
                value={ex.registrantId}
                onChange={(e) => setEx({ ...ex, registrantId: e.target.value })}
                sx={{ width: 320 }}
              />
              <MuiTextField
                size="small"
                select
                label="Kind"
                value={ex.kind}
                onChange={(e) => setEx({ ...ex, kind: e.target.value })}
                slotProps={{ select: { native: true } }}
              >
                {['parental', 'medical', 'other'].map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </MuiTextField>
              <MuiTextField
                size="small"
                type="date"
                label="From"
                value={ex.startsOn}
                onChange={(e) => setEx({ ...ex, startsOn: e.target.value })}
                slotProps={{ inputLabel: { shrink: true } }}
              />
              <MuiTextField
                size="small"
                type="date"
                label="To"
                value={ex.endsOn}
                onChange={(e) => setEx({ ...ex, endsOn: e.target.value })}
                slotProps={{ inputLabel: { shrink: true } }}
              />
              <MuiTextField
                size="small"
                label="Reason"
                value={ex.reason}
                onChange={(e) => setEx({ ...ex, reason: e.target.value })}
              />
              <Button
                variant="contained"
                onClick={() => void run(() => api('POST', '/api/v1/cpd/exemptions', ex), 'Exemption granted')}
              >
                Grant
              </Button>
            </Stack>
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
