/**
 * Fitness-to-practise screens: the case queue, a staff complaint form, the case record with its
 * timeline and the stage, panel, decision, appeal and lifting forms, and the publication settings.
 * Every opening of a case record is written to the audit trail by the API.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Create,
  Datagrid,
  DateField,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TextField,
  TextInput,
  required,
  useNotify,
  useRecordContext,
} from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { api, downloadFile, problemMessage } from '../api';
import { useAction } from '../useAction';
import type { CaseSummary, DisciplineCase } from '../records';

const STAGES = ['intake', 'investigation', 'interim_order', 'hearing', 'decision', 'appeal', 'closed'];
const OUTCOMES = [
  'no_case_to_answer',
  'advice',
  'warning',
  'conditions',
  'suspension',
  'removal',
  'interim_suspension',
];
const CATEGORIES = [
  'professional_conduct',
  'competence',
  'dishonesty',
  'boundaries',
  'safeguarding',
  'confidentiality',
  'health',
  'criminal_conviction',
  'other',
];
const NOTIFY_STEPS = [
  'case_opened',
  'investigation',
  'interim_order',
  'hearing_scheduled',
  'decision',
  'appeal_lodged',
  'appeal_outcome',
  'closed',
];
const label = (s: string) => s.replace(/_/g, ' ');
/** Today's date (YYYY-MM-DD), read when an action runs, not while rendering. */
const todayIso = () => new Date().toISOString().slice(0, 10);
const choices = (xs: string[]) => xs.map((id) => ({ id, name: label(id) }));
const stageChip = (s: string) => (
  <Chip
    size="small"
    label={label(s)}
    color={s === 'closed' ? 'default' : s === 'interim_order' || s === 'hearing' ? 'warning' : 'primary'}
  />
);
const licenceChip = (s: string | null) =>
  s ? (
    <Chip
      size="small"
      label={s}
      color={s === 'active' ? 'success' : s === 'suspended' || s === 'revoked' ? 'error' : 'default'}
    />
  ) : (
    '—'
  );

export const CaseList = () => (
  <List
    filters={[
      <SearchInput source="q" alwaysOn key="q" />,
      <SelectInput source="stage" choices={choices(STAGES)} alwaysOn key="s" />,
      <SelectInput
        source="open"
        label="Open or closed"
        choices={[
          { id: 'true', name: 'open' },
          { id: 'false', name: 'closed' },
        ]}
        key="o"
      />,
    ]}
    filterDefaultValues={{ open: 'true' }}
    sort={{ field: 'receivedOn', order: 'ASC' }}
    title="Fitness to practise cases"
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="reference" />
      <FunctionField<CaseSummary> label="Stage" render={(c) => stageChip(c.stage)} />
      <DateField source="receivedOn" />
      <TextField source="respondentName" label="Respondent" />
      <FunctionField<CaseSummary>
        label="Licence"
        render={(c) => c.licenceNumber ?? c.respondentLicenceNumber ?? 'not matched'}
      />
      <FunctionField<CaseSummary> label="Licence status" render={(c) => licenceChip(c.licenceStatus)} />
      <FunctionField<CaseSummary> label="Category" render={(c) => label(c.category)} />
      <DateField source="hearingOn" emptyText="—" />
    </Datagrid>
  </List>
);

export const CaseCreate = () => (
  <Create title="Enter a complaint" redirect="show">
    <SimpleForm>
      <TextInput source="complainantName" validate={required()} fullWidth />
      <TextInput source="complainantEmail" type="email" fullWidth />
      <TextInput source="complainantPhone" fullWidth />
      <TextInput source="complainantRelationship" fullWidth />
      <TextInput source="respondentName" validate={required()} fullWidth />
      <TextInput source="respondentLicenceNumber" label="Respondent licence number" fullWidth />
      <SelectInput source="category" choices={choices(CATEGORIES)} validate={required()} />
      <TextInput source="allegation" multiline minRows={4} validate={required()} fullWidth />
      <TextInput source="receivedOn" type="date" label="Received on" />
    </SimpleForm>
  </Create>
);

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Card variant="outlined" sx={{ mt: 2 }}>
    <CardContent>
      <Typography variant="h6" component="h2" gutterBottom>
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);

/** The full case record (the queue's summary row can be in the context while the record loads). */
const useCase = (): DisciplineCase | null => {
  const c = useRecordContext<CaseSummary | DisciplineCase>();
  return c && 'events' in c && Array.isArray(c.events) ? c : null;
};

function Timeline() {
  const c = useCase();
  if (!c) return null;
  return (
    <Section title="Timeline">
      <Table size="small" aria-label="Timeline">
        <TableHead>
          <TableRow>
            <TableCell>Date</TableCell>
            <TableCell>Stage</TableCell>
            <TableCell>What happened</TableCell>
            <TableCell>Disclosed</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.events.map((e) => (
            <TableRow key={e.id}>
              <TableCell>{e.onDate}</TableCell>
              <TableCell>{e.toStage ? `${label(e.stage)} → ${label(e.toStage)}` : label(e.stage)}</TableCell>
              <TableCell>
                {label(e.kind)}
                {e.note ? `: ${e.note}` : ''}
              </TableCell>
              <TableCell>{e.disclosed ? 'yes' : 'no'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

function CaseActions() {
  const c = useCase();
  const { error, run } = useAction();
  const [staff, setStaff] = useState<{ id: string; displayName: string }[]>([]);
  const [caseNote, setCaseNote] = useState('');
  const [noteDisclosed, setNoteDisclosed] = useState(false);
  useEffect(() => {
    void api<{ items: { id: string; displayName: string }[] }>('GET', '/api/v1/staff-directory')
      .then((r) => setStaff(r.items))
      .catch(() => setStaff([]));
  }, []);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [disclosed, setDisclosed] = useState(false);
  const [licenceNumber, setLicenceNumber] = useState('');
  const [hearingOn, setHearingOn] = useState('');
  const [summary, setSummary] = useState<string | null>(null);
  if (!c) return null;
  const base = `/api/v1/discipline/cases/${c.id}`;
  const matchLicence = async () => {
    const found = await api<{ items: { id: string; number: string }[] }>(
      'GET',
      `/api/v1/licences?q=${encodeURIComponent(licenceNumber.trim())}&perPage=5`,
    );
    const hit = found.items.find((l) => l.number.toUpperCase() === licenceNumber.trim().toUpperCase());
    if (!hit) throw new Error(`No licence has the number ${licenceNumber}`);
    await api('PATCH', base, { version: c.version, licenceId: hit.id });
  };
  return (
    <Section title="Case actions">
      <Stack spacing={2}>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        {c.allowedStages.length > 0 && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <MuiTextField
              select
              label="Next stage"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              sx={{ minWidth: 200 }}
              size="small"
            >
              {c.allowedStages.map((s: string) => (
                <MenuItem key={s} value={s}>
                  {label(s)}
                </MenuItem>
              ))}
            </MuiTextField>
            <MuiTextField
              label="Note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              size="small"
              sx={{ minWidth: 300 }}
            />
            <FormControlLabel
              control={<Checkbox checked={disclosed} onChange={(e) => setDisclosed(e.target.checked)} />}
              label="Disclose to the respondent"
            />
            <Button
              variant="contained"
              disabled={!to}
              onClick={() =>
                run(
                  () => api('POST', `${base}/stage`, { version: c.version, to, note: note || undefined, disclosed }),
                  `Moved to ${label(to)}`,
                ).then((ok) => ok && (setTo(''), setNote('')))
              }
            >
              Move stage
            </Button>
          </Stack>
        )}
        {!c.licenceId && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <MuiTextField
              label="Match to licence number"
              value={licenceNumber}
              onChange={(e) => setLicenceNumber(e.target.value)}
              size="small"
            />
            <Button variant="outlined" onClick={() => run(matchLicence, 'Respondent matched')}>
              Match
            </Button>
          </Stack>
        )}
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField
            label="Hearing date"
            type="date"
            value={hearingOn || c.hearingOn || ''}
            onChange={(e) => setHearingOn(e.target.value)}
            size="small"
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button
            variant="outlined"
            disabled={!hearingOn}
            onClick={() => run(() => api('PATCH', base, { version: c.version, hearingOn }), 'Hearing scheduled')}
          >
            Schedule hearing
          </Button>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField
            select
            label="Assigned to"
            value={c.assignedTo ?? ''}
            onChange={(e) =>
              run(
                () => api('PATCH', base, { version: c.version, assignedTo: e.target.value || null }),
                'Assignment saved',
              )
            }
            size="small"
            sx={{ minWidth: 240 }}
          >
            <MenuItem value="">— nobody —</MenuItem>
            {staff.map((m) => (
              <MenuItem key={m.id} value={m.id}>
                {m.displayName}
              </MenuItem>
            ))}
          </MuiTextField>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <MuiTextField
            label="Case note"
            value={caseNote}
            onChange={(e) => setCaseNote(e.target.value)}
            size="small"
            multiline
            sx={{ minWidth: 400 }}
          />
          <FormControlLabel
            control={<Checkbox checked={noteDisclosed} onChange={(e) => setNoteDisclosed(e.target.checked)} />}
            label="Disclose this note"
          />
          <Button
            variant="outlined"
            disabled={!caseNote.trim()}
            onClick={() =>
              run(() => api('POST', `${base}/notes`, { note: caseNote, disclosed: noteDisclosed }), 'Note added').then(
                (ok) => ok && setCaseNote(''),
              )
            }
          >
            Add note
          </Button>
          <Button variant="outlined" component="label">
            Attach document (PDF, PNG, JPEG)
            <input
              type="file"
              hidden
              accept="application/pdf,image/png,image/jpeg"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f)
                  void run(
                    () => api('POST', `${base}/documents?filename=${encodeURIComponent(f.name)}`, f),
                    'Document attached',
                  );
                e.target.value = '';
              }}
            />
          </Button>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField
            label="What the respondent is told"
            value={summary ?? c.disclosedSummary ?? ''}
            onChange={(e) => setSummary(e.target.value)}
            size="small"
            multiline
            sx={{ minWidth: 400 }}
          />
          <Button
            variant="outlined"
            disabled={summary === null}
            onClick={() =>
              run(() => api('PATCH', base, { version: c.version, disclosedSummary: summary }), 'Disclosure saved')
            }
          >
            Save disclosure
          </Button>
        </Stack>
      </Stack>
    </Section>
  );
}

function Panel() {
  const c = useCase();
  const { error, run } = useAction();
  const [staff, setStaff] = useState<{ id: string; displayName: string }[]>([]);
  const [accountId, setAccountId] = useState('');
  const [externalName, setExternalName] = useState('');
  const [externalEmail, setExternalEmail] = useState('');
  const [role, setRole] = useState('member');
  const [reason, setReason] = useState('');
  useEffect(() => {
    void api<{ items: { id: string; displayName: string }[] }>('GET', '/api/v1/staff-directory')
      .then((r) => setStaff(r.items))
      .catch(() => setStaff([]));
  }, []);
  if (!c) return null;
  const member = accountId
    ? { accountId }
    : { externalName: externalName || undefined, externalEmail: externalEmail || undefined };
  return (
    <Section title="Panel and conflicts of interest">
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Table size="small" aria-label="Panel">
        <TableBody>
          {c.panel.map((p) => (
            <TableRow key={p.id}>
              <TableCell>{p.displayName}</TableCell>
              <TableCell>{label(p.role)}</TableCell>
              <TableCell>{p.accountId ? 'staff' : `external (${p.externalEmail})`}</TableCell>
            </TableRow>
          ))}
          {c.conflicts.map((x) => (
            <TableRow key={x.id}>
              <TableCell>
                {staff.find((s) => s.id === x.accountId)?.displayName ?? x.externalName ?? x.accountId}
              </TableCell>
              <TableCell colSpan={2}>conflict declared: {x.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <MuiTextField
          select
          label="Staff member"
          value={accountId}
          onChange={(e) => setAccountId(e.target.value)}
          size="small"
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">— external member —</MenuItem>
          {staff.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.displayName}
            </MenuItem>
          ))}
        </MuiTextField>
        {!accountId && (
          <MuiTextField
            label="External name"
            value={externalName}
            onChange={(e) => setExternalName(e.target.value)}
            size="small"
          />
        )}
        {!accountId && (
          <MuiTextField
            label="External e-mail"
            value={externalEmail}
            onChange={(e) => setExternalEmail(e.target.value)}
            size="small"
          />
        )}
        <MuiTextField
          select
          label="Panel role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          size="small"
          sx={{ minWidth: 140 }}
        >
          {['chair', 'member', 'lay_member', 'legal_adviser'].map((r) => (
            <MenuItem key={r} value={r}>
              {label(r)}
            </MenuItem>
          ))}
        </MuiTextField>
        <Button
          variant="outlined"
          onClick={() =>
            run(() => api('POST', `/api/v1/discipline/cases/${c.id}/panel`, { ...member, role }), 'Panel member added')
          }
        >
          Add to panel
        </Button>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
        <MuiTextField
          label="Conflict of interest (reason)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          size="small"
          sx={{ minWidth: 300 }}
        />
        <Button
          variant="outlined"
          color="warning"
          disabled={!reason}
          onClick={() =>
            run(
              () => api('POST', `/api/v1/discipline/cases/${c.id}/conflicts`, { ...member, reason }),
              'Conflict recorded',
            )
          }
        >
          Declare conflict for this member
        </Button>
      </Stack>
    </Section>
  );
}

function OutcomeForm({
  onSubmit,
  submitLabel,
  interim,
}: {
  onSubmit: (body: Record<string, unknown>) => Promise<unknown>;
  submitLabel: string;
  interim: boolean;
}) {
  const [type, setType] = useState(interim ? 'interim_suspension' : 'warning');
  const [startsOn, setStartsOn] = useState(todayIso);
  const [endsOn, setEndsOn] = useState('');
  const [conditionsText, setConditionsText] = useState('');
  const [reasons, setReasons] = useState('');
  const types = interim ? ['interim_suspension'] : OUTCOMES.filter((o) => o !== 'interim_suspension');
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
      <MuiTextField
        select
        label="Outcome"
        value={type}
        onChange={(e) => setType(e.target.value)}
        size="small"
        sx={{ minWidth: 200 }}
      >
        {types.map((o) => (
          <MenuItem key={o} value={o}>
            {label(o)}
          </MenuItem>
        ))}
      </MuiTextField>
      <MuiTextField
        label="From"
        type="date"
        value={startsOn}
        onChange={(e) => setStartsOn(e.target.value)}
        size="small"
        slotProps={{ inputLabel: { shrink: true } }}
      />
      {['suspension', 'conditions', 'interim_suspension'].includes(type) && (
        <MuiTextField
          label="To (last day)"
          type="date"
          value={endsOn}
          onChange={(e) => setEndsOn(e.target.value)}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
        />
      )}
      {type === 'conditions' && (
        <MuiTextField
          label="Conditions of practice"
          value={conditionsText}
          onChange={(e) => setConditionsText(e.target.value)}
          size="small"
          sx={{ minWidth: 300 }}
        />
      )}
      <MuiTextField
        label="Reasons"
        value={reasons}
        onChange={(e) => setReasons(e.target.value)}
        size="small"
        sx={{ minWidth: 300 }}
      />
      <Button
        variant="contained"
        color={type === 'removal' || type.includes('suspension') ? 'error' : 'primary'}
        onClick={() =>
          onSubmit({
            type,
            startsOn,
            endsOn: endsOn || undefined,
            conditionsText: conditionsText || undefined,
            reasons,
          })
        }
      >
        {submitLabel}
      </Button>
    </Stack>
  );
}

function Outcomes() {
  const c = useCase();
  const { error, run } = useAction();
  const [appealReasons, setAppealReasons] = useState('');
  if (!c) return null;
  const canDecide = c.stage === 'decision' || c.stage === 'interim_order';
  return (
    <Section title="Outcomes and sanctions">
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Table size="small" aria-label="Outcomes">
        <TableHead>
          <TableRow>
            <TableCell>Outcome</TableCell>
            <TableCell>Dates</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Public register</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {c.sanctions.map((s) => (
            <TableRow key={s.id}>
              <TableCell>
                {label(s.type)}
                {s.conditionsText ? `: ${s.conditionsText}` : ''}
                {s.licenceNumber ? ` (${s.licenceNumber})` : ''}
              </TableCell>
              <TableCell>
                {s.startsOn}
                {s.endsOn ? ` – ${s.endsOn}` : ''}
                {s.liftedOn ? ` (lifted ${s.liftedOn})` : ''}
              </TableCell>
              <TableCell>
                {label(s.status)}
                {s.replaces ? ' (replacement on appeal)' : ''}
              </TableCell>
              <TableCell>
                {s.publishedFrom
                  ? `${s.publicationState}: ${s.publishedFrom} – ${s.publishedUntil ?? 'indefinitely'}`
                  : 'not published'}
              </TableCell>
              <TableCell>
                {s.status === 'in_force' && ['conditions', 'suspension', 'interim_suspension'].includes(s.type) && (
                  <Button
                    size="small"
                    onClick={() =>
                      run(
                        () =>
                          api('POST', `/api/v1/discipline/sanctions/${s.id}/lifting`, {
                            liftedOn: todayIso(),
                            reasons: 'Lifted by the council',
                          }),
                        'Lifted',
                      )
                    }
                  >
                    Lift today
                  </Button>
                )}
                {c.stage === 'appeal' && s.status === 'in_force' && (
                  <>
                    <Button
                      size="small"
                      onClick={() =>
                        run(
                          () =>
                            api('POST', `/api/v1/discipline/sanctions/${s.id}/appeal-outcome`, {
                              result: 'upheld',
                              onDate: todayIso(),
                              reasons: appealReasons,
                            }),
                          'Upheld',
                        )
                      }
                    >
                      Uphold
                    </Button>
                    <Button
                      size="small"
                      color="warning"
                      onClick={() =>
                        run(
                          () =>
                            api('POST', `/api/v1/discipline/sanctions/${s.id}/appeal-outcome`, {
                              result: 'stayed',
                              onDate: todayIso(),
                              reasons: appealReasons,
                            }),
                          'Stayed',
                        )
                      }
                    >
                      Stay
                    </Button>
                  </>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {c.stage === 'appeal' && (
        <MuiTextField
          label="Appeal reasons"
          value={appealReasons}
          onChange={(e) => setAppealReasons(e.target.value)}
          size="small"
          sx={{ mt: 1, minWidth: 400 }}
        />
      )}
      {c.stage === 'appeal' &&
        c.sanctions
          .filter((s) => s.status === 'in_force')
          .slice(0, 1)
          .map((s) => (
            <Box key={s.id} sx={{ mt: 2 }}>
              <Typography variant="subtitle2">Replace the {label(s.type)} on appeal</Typography>
              <OutcomeForm
                interim={false}
                submitLabel="Replace on appeal"
                onSubmit={(replacement) =>
                  run(
                    () =>
                      api('POST', `/api/v1/discipline/sanctions/${s.id}/appeal-outcome`, {
                        result: 'replaced',
                        onDate: todayIso(),
                        reasons: appealReasons || String(replacement.reasons),
                        replacement,
                      }),
                    'Replaced',
                  )
                }
              />
            </Box>
          ))}
      {canDecide && (
        <Box sx={{ mt: 2 }}>
          <Typography variant="subtitle2">
            {c.stage === 'interim_order' ? 'Interim order' : 'Record the decision'}
          </Typography>
          <OutcomeForm
            interim={c.stage === 'interim_order'}
            submitLabel="Record outcome"
            onSubmit={(body) =>
              run(
                () => api('POST', `/api/v1/discipline/cases/${c.id}/outcomes`, { ...body, version: c.version }),
                'Outcome recorded',
              )
            }
          />
        </Box>
      )}
    </Section>
  );
}

/** The case's documents; each download is audited by the server like every view of the case. */
function CaseDocuments({ caseId, documents }: { caseId: string; documents: { id: string; filename: string }[] }) {
  const notify = useNotify();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2">Documents:</Typography>
      {documents.map((d) => (
        <Button
          key={d.id}
          size="small"
          onClick={() =>
            void downloadFile(`/api/v1/discipline/cases/${caseId}/documents/${d.id}`, d.filename).catch((e) =>
              notify(problemMessage(e), { type: 'error' }),
            )
          }
        >
          {d.filename}
        </Button>
      ))}
    </Stack>
  );
}

export const CaseShow = () => (
  <Show title="Fitness to practise case">
    <Box sx={{ p: 2 }}>
      <FunctionField<DisciplineCase>
        render={(c) => (
          <Stack spacing={1}>
            <Typography variant="h5" component="h1">
              {c.reference} — {c.respondentName}
            </Typography>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              {stageChip(c.stage)}
              <Typography variant="body2">
                since {c.stageSince}; received {c.receivedOn} (
                {c.source === 'public' ? 'public form' : 'entered by staff'})
              </Typography>
            </Stack>
            <Typography variant="body2">
              Licence: {c.licenceNumber ?? c.respondentLicenceNumber ?? 'not matched'}{' '}
              {c.licenceStatus && (
                <>
                  — status <strong>{c.licenceStatus}</strong>
                </>
              )}
            </Typography>
            <Typography variant="body2">
              Category: {label(c.category)}; complainant: {c.complainantName}
              {c.complainantEmail ? ` <${c.complainantEmail}>` : ''}
            </Typography>
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
              {c.allegation}
            </Typography>
            {c.documents?.length > 0 && <CaseDocuments caseId={c.id} documents={c.documents} />}
            <Typography variant="caption">Opening this case is recorded in the audit trail.</Typography>
          </Stack>
        )}
      />
      <CaseActions />
      <Outcomes />
      <Panel />
      <Timeline />
    </Box>
  </Show>
);

type Rule = {
  published: boolean;
  text: string;
  duration: 'days' | 'while_in_force' | 'indefinite';
  durationDays: number | null;
};
type Settings = { publication: Record<string, Rule>; notifySteps: string[]; version: number };

export function PublicationSettings() {
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const load = useCallback(
    () =>
      api<Settings>('GET', '/api/v1/discipline/settings')
        .then(setS)
        .catch((e) => setError(problemMessage(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (!s) return error ? <Alert severity="error">{error}</Alert> : null;
  const set = (type: string, change: Partial<Rule>) =>
    setS({ ...s, publication: { ...s.publication, [type]: { ...s.publication[type]!, ...change } } });
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      setS(await api<Settings>('PUT', '/api/v1/discipline/settings', s));
      setSaved(true);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Discipline publication settings
        </Typography>
        <Typography variant="body2" gutterBottom>
          What the public register shows for each outcome, and for how long. Changes apply to outcomes decided from now
          on; {'{{from}}'}, {'{{until}}'} and {'{{conditions}}'} are filled in.
        </Typography>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        {saved && <Alert severity="success">Saved</Alert>}
        <Table size="small" aria-label="Publication policy">
          <TableHead>
            <TableRow>
              <TableCell>Outcome</TableCell>
              <TableCell>Published</TableCell>
              <TableCell>Public text</TableCell>
              <TableCell>For how long</TableCell>
              <TableCell>Days</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {OUTCOMES.map((o) => {
              const r = s.publication[o]!;
              return (
                <TableRow key={o}>
                  <TableCell>{label(o)}</TableCell>
                  <TableCell>
                    <Checkbox
                      checked={r.published}
                      onChange={(e) => set(o, { published: e.target.checked })}
                      slotProps={{ input: { 'aria-label': `Publish ${label(o)}` } }}
                    />
                  </TableCell>
                  <TableCell>
                    <MuiTextField
                      value={r.text}
                      onChange={(e) => set(o, { text: e.target.value })}
                      size="small"
                      fullWidth
                      slotProps={{ htmlInput: { 'aria-label': `Public text for ${label(o)}` } }}
                    />
                  </TableCell>
                  <TableCell>
                    <MuiTextField
                      select
                      value={r.duration}
                      onChange={(e) =>
                        set(o, {
                          duration: e.target.value as Rule['duration'],
                          durationDays: e.target.value === 'days' ? (r.durationDays ?? 365) : null,
                        })
                      }
                      size="small"
                    >
                      <MenuItem value="days">a number of days</MenuItem>
                      <MenuItem value="while_in_force">while in force</MenuItem>
                      <MenuItem value="indefinite">indefinitely</MenuItem>
                    </MuiTextField>
                  </TableCell>
                  <TableCell>
                    {r.duration === 'days' && (
                      <MuiTextField
                        type="number"
                        value={r.durationDays ?? ''}
                        onChange={(e) => set(o, { durationDays: e.target.value ? Number(e.target.value) : null })}
                        size="small"
                        sx={{ width: 100 }}
                        slotProps={{ htmlInput: { 'aria-label': `Days for ${label(o)}` } }}
                      />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
          E-mail the respondent when
        </Typography>
        <Stack direction="row" sx={{ flexWrap: 'wrap' }}>
          {NOTIFY_STEPS.map((step) => (
            <FormControlLabel
              key={step}
              label={label(step)}
              control={
                <Checkbox
                  checked={s.notifySteps.includes(step)}
                  onChange={(e) =>
                    setS({
                      ...s,
                      notifySteps: e.target.checked
                        ? [...s.notifySteps, step]
                        : s.notifySteps.filter((x) => x !== step),
                    })
                  }
                />
              }
            />
          ))}
        </Stack>
        <Button variant="contained" onClick={save} sx={{ mt: 2 }}>
          Save settings
        </Button>
      </CardContent>
    </Card>
  );
}

type MyCase = {
  reference: string;
  stage: string;
  receivedOn: string;
  category: string;
  summary: string | null;
  hearingOn: string | null;
  timeline: { onDate: string; stage: string; toStage: string | null; note: string | null }[];
  outcomes: { type: string; status: string; startsOn: string; endsOn: string | null; conditionsText: string | null }[];
};

/** The respondent's own cases: only what the council disclosed. */
export function MyCases() {
  const [items, setItems] = useState<MyCase[] | null>(null);
  useEffect(() => {
    void api<{ items: MyCase[] }>('GET', '/api/v1/my-cases')
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, []);
  if (!items) return null;
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        My cases
      </Typography>
      {!items.length && <Typography>There is no fitness-to-practise case about you.</Typography>}
      {items.map((c) => (
        <Card key={c.reference} variant="outlined" sx={{ mb: 2 }}>
          <CardContent>
            <Typography variant="h6">
              {c.reference} — {label(c.stage)}
            </Typography>
            <Typography variant="body2">
              Received {c.receivedOn}; {label(c.category)}
              {c.hearingOn ? `; hearing on ${c.hearingOn}` : ''}
            </Typography>
            {c.summary && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {c.summary}
              </Typography>
            )}
            <ul>
              {c.timeline.map((e, i) => (
                <li key={i}>
                  {e.onDate}: {e.toStage ? `${label(e.stage)} → ${label(e.toStage)}` : label(e.stage)}
                  {e.note ? ` — ${e.note}` : ''}
                </li>
              ))}
            </ul>
            {c.outcomes.map((o, i) => (
              <Typography key={i} variant="body2">
                Outcome: {label(o.type)} from {o.startsOn}
                {o.endsOn ? ` to ${o.endsOn}` : ''} ({label(o.status)}){o.conditionsText ? `: ${o.conditionsText}` : ''}
              </Typography>
            ))}
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}
