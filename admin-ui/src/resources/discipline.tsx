/**
 * Fitness-to-practise screens: the case queue, a staff complaint form, the case record with its
 * timeline and the stage, panel, decision, appeal and lifting forms, and the publication settings.
 * Every opening of a case record is written to the audit trail by the API.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Create,
  Datagrid,
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
  useTranslate,
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
import type { Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, fileBody, problemMessage, registry } from '../api';
import { useAction } from '../useAction';
import type { CaseSummary, DisciplineCase } from '../records';
import { DateText } from '../DateText';
import { LicenceNumber } from '../LicenceNumber';
import { useFormatDate } from '../format';
import { useCodeLabel } from '../codes';
import { DayTextField, DayInput } from '../DayInput';

type Stage = DisciplineCase['stage'];
type Outcome = Schemas['OutcomeRecord']['type'];
/** An outcome as the outcome form gives it: a decision's body without the case's version. */
type OutcomeInput = Omit<Schemas['OutcomeRecord'], 'version'>;
type PanelRole = Schemas['PanelMemberAdd']['role'];
type StaffMember = Schemas['StaffDirectory']['items'][number];
type Settings = Schemas['DisciplineSettingsOutput'];
type Rule = Settings['publication'][Outcome];
type MyCase = Schemas['MyCase'];

const STAGES = ['intake', 'investigation', 'interim_order', 'hearing', 'decision', 'appeal', 'closed'];
const OUTCOMES: Outcome[] = [
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
const NOTIFY_STEPS: Settings['notifySteps'] = [
  'case_opened',
  'investigation',
  'interim_order',
  'hearing_scheduled',
  'decision',
  'appeal_lodged',
  'appeal_outcome',
  'closed',
];
const PANEL_ROLES: PanelRole[] = ['chair', 'member', 'lay_member', 'legal_adviser'];
const DURATIONS: Rule['duration'][] = ['days', 'while_in_force', 'indefinite'];
/** A discipline code (stage, category, outcome, role…) in the reader's language. */
function useLabel(): (code: string) => string {
  const t = useTranslate();
  return (code) => t(`swr.discipline.codes.${code}`, { _: code.replace(/_/g, ' ') });
}
const Label = ({ code }: { code: string }) => <>{useLabel()(code)}</>;
/** Today's date (YYYY-MM-DD), read when an action runs, not while rendering. */
const todayIso = () => new Date().toISOString().slice(0, 10);
const choices = (xs: string[]) => xs.map((id) => ({ id, name: `swr.discipline.codes.${id}` }));
const stageChip = (s: string) => (
  <Chip
    size="small"
    label={<Label code={s} />}
    color={s === 'closed' ? 'default' : s === 'interim_order' || s === 'hearing' ? 'warning' : 'primary'}
  />
);
const licenceChip = (s: string | null) =>
  s ? (
    <Chip
      size="small"
      label={<LicenceStatus code={s} />}
      color={s === 'active' ? 'success' : s === 'suspended' || s === 'revoked' ? 'error' : 'default'}
    />
  ) : (
    '—'
  );

const LicenceStatus = ({ code }: { code: string }) => <>{useCodeLabel()('licenceStatus', code)}</>;

function CaseLicence({ c }: { c: CaseSummary }) {
  const t = useTranslate();
  if (c.licenceNumber) return <LicenceNumber number={c.licenceNumber} id={c.licenceId} />;
  return <span style={{ whiteSpace: 'nowrap' }}>{c.respondentLicenceNumber ?? t('swr.discipline.notMatched')}</span>;
}

export const CaseList = () => (
  <List
    filters={[
      <SearchInput source="q" alwaysOn key="q" />,
      <SelectInput source="stage" choices={choices(STAGES)} alwaysOn key="s" />,
      <SelectInput
        source="open"
        label="swr.discipline.openOrClosed"
        choices={[
          { id: 'true', name: 'swr.discipline.open' },
          { id: 'false', name: 'swr.discipline.closed' },
        ]}
        key="o"
      />,
    ]}
    filterDefaultValues={{ open: 'true' }}
    sort={{ field: 'receivedOn', order: 'ASC' }}
    title="swr.discipline.casesTitle"
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="reference" />
      <FunctionField<CaseSummary> label="swr.discipline.stage" render={(c) => stageChip(c.stage)} />
      <DateText source="receivedOn" />
      <TextField source="respondentName" label="swr.discipline.respondent" />
      <FunctionField<CaseSummary> label="swr.discipline.licence" render={(c) => <CaseLicence c={c} />} />
      <FunctionField<CaseSummary> label="swr.discipline.licenceStatus" render={(c) => licenceChip(c.licenceStatus)} />
      <FunctionField<CaseSummary> label="swr.discipline.category" render={(c) => <Label code={c.category} />} />
      <DateText source="hearingOn" emptyText="—" />
    </Datagrid>
  </List>
);

export const CaseCreate = () => (
  <Create title="swr.discipline.enterAComplaint" redirect="show">
    <SimpleForm>
      <TextInput source="complainantName" validate={required()} fullWidth />
      <TextInput source="complainantEmail" type="email" fullWidth />
      <TextInput source="complainantPhone" fullWidth />
      <TextInput source="complainantRelationship" fullWidth />
      <TextInput source="respondentName" validate={required()} fullWidth />
      <TextInput source="respondentLicenceNumber" label="swr.discipline.respondentLicenceNumber" fullWidth />
      <SelectInput source="category" choices={choices(CATEGORIES)} validate={required()} />
      <TextInput source="allegation" multiline minRows={4} validate={required()} fullWidth />
      <DayInput source="receivedOn" label="swr.discipline.receivedOn" />
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
  const label = useLabel();
  const t = useTranslate();
  const c = useCase();
  if (!c) return null;
  return (
    <Section title={t('swr.discipline.timeline')}>
      <Table size="small" aria-label={t('swr.discipline.timeline')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.discipline.date')}</TableCell>
            <TableCell>{t('swr.discipline.stage')}</TableCell>
            <TableCell>{t('swr.discipline.whatHappened')}</TableCell>
            <TableCell>{t('swr.discipline.disclosed')}</TableCell>
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
  const label = useLabel();
  const t = useTranslate();
  const c = useCase();
  const { error, run } = useAction();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [caseNote, setCaseNote] = useState('');
  const [noteDisclosed, setNoteDisclosed] = useState(false);
  useEffect(() => {
    void answer(registry.GET('/api/v1/staff-directory'))
      .then((r) => setStaff(r.items))
      .catch(() => setStaff([]));
  }, []);
  const [to, setTo] = useState<Stage | ''>('');
  const [note, setNote] = useState('');
  const [disclosed, setDisclosed] = useState(false);
  const [licenceNumber, setLicenceNumber] = useState('');
  const [hearingOn, setHearingOn] = useState('');
  const [summary, setSummary] = useState<string | null>(null);
  if (!c) return null;
  const path = { id: c.id };
  const patch = (change: Omit<Schemas['CasePatch'], 'version'>) =>
    answer(
      registry.PATCH('/api/v1/discipline/cases/{id}', { params: { path }, body: { ...change, version: c.version } }),
    );
  const matchLicence = async () => {
    const found = await answer(
      registry.GET('/api/v1/licences', { params: { query: { q: licenceNumber.trim(), perPage: 5 } } }),
    );
    const hit = found.items.find((l) => l.number.toUpperCase() === licenceNumber.trim().toUpperCase());
    if (!hit) throw new Error(t('swr.discipline.noLicence', { number: licenceNumber }));
    await patch({ licenceId: hit.id });
  };
  return (
    <Section title={t('swr.discipline.caseActions')}>
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
              label={t('swr.discipline.nextStage')}
              value={to}
              onChange={(e) => setTo(c.allowedStages.find((s) => s === e.target.value) ?? '')}
              sx={{ minWidth: 200 }}
              size="small"
            >
              {c.allowedStages.map((s) => (
                <MenuItem key={s} value={s}>
                  {label(s)}
                </MenuItem>
              ))}
            </MuiTextField>
            <MuiTextField
              label={t('swr.discipline.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              size="small"
              sx={{ minWidth: 300 }}
            />
            <FormControlLabel
              control={<Checkbox checked={disclosed} onChange={(e) => setDisclosed(e.target.checked)} />}
              label={t('swr.discipline.discloseToRespondent')}
            />
            <Button
              variant="contained"
              disabled={!to}
              onClick={() =>
                to &&
                run(
                  () =>
                    answer(
                      registry.POST('/api/v1/discipline/cases/{id}/stage', {
                        params: { path },
                        body: { version: c.version, to, note: note || undefined, disclosed },
                      }),
                    ),
                  t('swr.discipline.movedTo', { stage: label(to) }),
                ).then((ok) => ok && (setTo(''), setNote('')))
              }
            >
              {t('swr.discipline.moveStage')}
            </Button>
          </Stack>
        )}
        {!c.licenceId && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <MuiTextField
              label={t('swr.discipline.matchToLicenceNumber')}
              value={licenceNumber}
              onChange={(e) => setLicenceNumber(e.target.value)}
              size="small"
            />
            <Button variant="outlined" onClick={() => run(matchLicence, t('swr.discipline.respondentMatched'))}>
              {t('swr.discipline.match')}
            </Button>
          </Stack>
        )}
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <DayTextField
            label={t('swr.discipline.hearingDate')}
            value={hearingOn || c.hearingOn || ''}
            onChange={(day) => setHearingOn(day)}
            size="small"
          />
          <Button
            variant="outlined"
            disabled={!hearingOn}
            onClick={() => run(() => patch({ hearingOn }), t('swr.discipline.hearingScheduled'))}
          >
            {t('swr.discipline.scheduleHearing')}
          </Button>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField
            select
            label={t('swr.discipline.assignedTo')}
            value={c.assignedTo ?? ''}
            onChange={(e) =>
              run(() => patch({ assignedTo: e.target.value || null }), t('swr.discipline.assignmentSaved'))
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
            label={t('swr.discipline.caseNote')}
            value={caseNote}
            onChange={(e) => setCaseNote(e.target.value)}
            size="small"
            multiline
            sx={{ minWidth: 400 }}
          />
          <FormControlLabel
            control={<Checkbox checked={noteDisclosed} onChange={(e) => setNoteDisclosed(e.target.checked)} />}
            label={t('swr.discipline.discloseNote')}
          />
          <Button
            variant="outlined"
            disabled={!caseNote.trim()}
            onClick={() =>
              run(
                () =>
                  answer(
                    registry.POST('/api/v1/discipline/cases/{id}/notes', {
                      params: { path },
                      body: { note: caseNote, disclosed: noteDisclosed },
                    }),
                  ),
                t('swr.discipline.noteAdded'),
              ).then((ok) => ok && setCaseNote(''))
            }
          >
            {t('swr.discipline.addNote')}
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
                    () =>
                      answer(
                        registry.POST('/api/v1/discipline/cases/{id}/documents', {
                          params: { path, query: { filename: f.name } },
                          ...fileBody(f),
                        }),
                      ),
                    t('swr.discipline.documentAttached'),
                  );
                e.target.value = '';
              }}
            />
          </Button>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField
            label={t('swr.discipline.whatTheRespondentIsTold')}
            value={summary ?? c.disclosedSummary ?? ''}
            onChange={(e) => setSummary(e.target.value)}
            size="small"
            multiline
            sx={{ minWidth: 400 }}
          />
          <Button
            variant="outlined"
            disabled={summary === null}
            onClick={() => run(() => patch({ disclosedSummary: summary }), t('swr.discipline.disclosureSaved'))}
          >
            {t('swr.discipline.saveDisclosure')}
          </Button>
        </Stack>
      </Stack>
    </Section>
  );
}

function Panel() {
  const label = useLabel();
  const t = useTranslate();
  const c = useCase();
  const { error, run } = useAction();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [accountId, setAccountId] = useState('');
  const [externalName, setExternalName] = useState('');
  const [externalEmail, setExternalEmail] = useState('');
  const [role, setRole] = useState<PanelRole>('member');
  const [reason, setReason] = useState('');
  useEffect(() => {
    void answer(registry.GET('/api/v1/staff-directory'))
      .then((r) => setStaff(r.items))
      .catch(() => setStaff([]));
  }, []);
  if (!c) return null;
  const member = accountId
    ? { accountId }
    : { externalName: externalName || undefined, externalEmail: externalEmail || undefined };
  return (
    <Section title={t('swr.discipline.panelAndConflictsOfInterest')}>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Table size="small" aria-label={t('swr.discipline.panel')}>
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
          label={t('swr.discipline.staffMember')}
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
            label={t('swr.discipline.externalName')}
            value={externalName}
            onChange={(e) => setExternalName(e.target.value)}
            size="small"
          />
        )}
        {!accountId && (
          <MuiTextField
            label={t('swr.discipline.externalEMail')}
            value={externalEmail}
            onChange={(e) => setExternalEmail(e.target.value)}
            size="small"
          />
        )}
        <MuiTextField
          select
          label={t('swr.discipline.panelRole')}
          value={role}
          onChange={(e) => setRole(PANEL_ROLES.find((r) => r === e.target.value) ?? role)}
          size="small"
          sx={{ minWidth: 140 }}
        >
          {PANEL_ROLES.map((r) => (
            <MenuItem key={r} value={r}>
              {label(r)}
            </MenuItem>
          ))}
        </MuiTextField>
        <Button
          variant="outlined"
          onClick={() =>
            run(
              () =>
                answer(
                  registry.POST('/api/v1/discipline/cases/{id}/panel', {
                    params: { path: { id: c.id } },
                    body: { ...member, role },
                  }),
                ),
              t('swr.discipline.panelMemberAdded'),
            )
          }
        >
          {t('swr.discipline.addToPanel')}
        </Button>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
        <MuiTextField
          label={t('swr.discipline.conflictOfInterestReason')}
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
              () =>
                answer(
                  registry.POST('/api/v1/discipline/cases/{id}/conflicts', {
                    params: { path: { id: c.id } },
                    body: { ...member, reason },
                  }),
                ),
              t('swr.discipline.conflictRecorded'),
            )
          }
        >
          {t('swr.discipline.declareConflictForThisMember')}
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
  onSubmit: (body: OutcomeInput) => Promise<unknown>;
  submitLabel: string;
  interim: boolean;
}) {
  const label = useLabel();
  const t = useTranslate();
  const [type, setType] = useState<Outcome>(interim ? 'interim_suspension' : 'warning');
  const [startsOn, setStartsOn] = useState(todayIso);
  const [endsOn, setEndsOn] = useState('');
  const [conditionsText, setConditionsText] = useState('');
  const [reasons, setReasons] = useState('');
  const types: Outcome[] = interim ? ['interim_suspension'] : OUTCOMES.filter((o) => o !== 'interim_suspension');
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
      <MuiTextField
        select
        label={t('swr.discipline.outcome')}
        value={type}
        onChange={(e) => setType(types.find((o) => o === e.target.value) ?? type)}
        size="small"
        sx={{ minWidth: 200 }}
      >
        {types.map((o) => (
          <MenuItem key={o} value={o}>
            {label(o)}
          </MenuItem>
        ))}
      </MuiTextField>
      <DayTextField
        label={t('swr.discipline.from')}
        value={startsOn}
        onChange={(day) => setStartsOn(day)}
        size="small"
      />
      {['suspension', 'conditions', 'interim_suspension'].includes(type) && (
        <DayTextField
          label={t('swr.discipline.toLastDay')}
          value={endsOn}
          onChange={(day) => setEndsOn(day)}
          size="small"
        />
      )}
      {type === 'conditions' && (
        <MuiTextField
          label={t('swr.discipline.conditionsOfPractice')}
          value={conditionsText}
          onChange={(e) => setConditionsText(e.target.value)}
          size="small"
          sx={{ minWidth: 300 }}
        />
      )}
      <MuiTextField
        label={t('swr.discipline.reasons')}
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
  const label = useLabel();
  const t = useTranslate();
  const c = useCase();
  const { error, run } = useAction();
  const [appealReasons, setAppealReasons] = useState('');
  if (!c) return null;
  const canDecide = c.stage === 'decision' || c.stage === 'interim_order';
  return (
    <Section title={t('swr.discipline.outcomesAndSanctions')}>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Table size="small" aria-label={t('swr.discipline.outcomes')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.discipline.outcome')}</TableCell>
            <TableCell>{t('swr.discipline.dates')}</TableCell>
            <TableCell>{t('swr.discipline.status')}</TableCell>
            <TableCell>{t('swr.discipline.publicRegister')}</TableCell>
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
                          answer(
                            registry.POST('/api/v1/discipline/sanctions/{id}/lifting', {
                              params: { path: { id: s.id } },
                              body: { liftedOn: todayIso(), reasons: t('swr.discipline.liftedByCouncil') },
                            }),
                          ),
                        t('swr.discipline.lifted'),
                      )
                    }
                  >
                    {t('swr.discipline.liftToday')}
                  </Button>
                )}
                {c.stage === 'appeal' && s.status === 'in_force' && (
                  <>
                    <Button
                      size="small"
                      onClick={() =>
                        run(
                          () =>
                            answer(
                              registry.POST('/api/v1/discipline/sanctions/{id}/appeal-outcome', {
                                params: { path: { id: s.id } },
                                body: { result: 'upheld', onDate: todayIso(), reasons: appealReasons },
                              }),
                            ),
                          t('swr.discipline.upheld'),
                        )
                      }
                    >
                      {t('swr.discipline.uphold')}
                    </Button>
                    <Button
                      size="small"
                      color="warning"
                      onClick={() =>
                        run(
                          () =>
                            answer(
                              registry.POST('/api/v1/discipline/sanctions/{id}/appeal-outcome', {
                                params: { path: { id: s.id } },
                                body: { result: 'stayed', onDate: todayIso(), reasons: appealReasons },
                              }),
                            ),
                          t('swr.discipline.stayed'),
                        )
                      }
                    >
                      {t('swr.discipline.stay')}
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
          label={t('swr.discipline.appealReasons')}
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
              <Typography variant="subtitle2">
                {t('swr.discipline.replaceOnAppeal', { outcome: label(s.type) })}
              </Typography>
              <OutcomeForm
                interim={false}
                submitLabel="Replace on appeal"
                onSubmit={(replacement) =>
                  run(
                    () =>
                      answer(
                        registry.POST('/api/v1/discipline/sanctions/{id}/appeal-outcome', {
                          params: { path: { id: s.id } },
                          body: {
                            result: 'replaced',
                            onDate: todayIso(),
                            reasons: appealReasons || replacement.reasons,
                            replacement,
                          },
                        }),
                      ),
                    t('swr.discipline.replaced'),
                  )
                }
              />
            </Box>
          ))}
      {canDecide && (
        <Box sx={{ mt: 2 }}>
          <Typography variant="subtitle2">
            {t(c.stage === 'interim_order' ? 'swr.discipline.interimOrder' : 'swr.discipline.recordDecision')}
          </Typography>
          <OutcomeForm
            interim={c.stage === 'interim_order'}
            submitLabel="Record outcome"
            onSubmit={(body) =>
              run(
                () =>
                  answer(
                    registry.POST('/api/v1/discipline/cases/{id}/outcomes', {
                      params: { path: { id: c.id } },
                      body: { ...body, version: c.version },
                    }),
                  ),
                t('swr.discipline.outcomeRecorded'),
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
  const t = useTranslate();
  const notify = useNotify();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2">{t('swr.discipline.documents')}</Typography>
      {documents.map((d) => (
        <Button
          key={d.id}
          size="small"
          onClick={() =>
            void downloadFile(
              registry.GET('/api/v1/discipline/cases/{id}/documents/{documentId}', {
                params: { path: { id: caseId, documentId: d.id } },
                parseAs: 'blob',
              }),
              d.filename,
            ).catch((e) => notify(problemMessage(e), { type: 'error' }))
          }
        >
          {d.filename}
        </Button>
      ))}
    </Stack>
  );
}

function CaseHeader({ c }: { c: DisciplineCase }) {
  const t = useTranslate();
  const label = useLabel();
  const formatDate = useFormatDate();
  const codeLabel = useCodeLabel();
  return (
    <Stack spacing={1}>
      <Typography variant="h5" component="h1">
        {c.reference} — {c.respondentName}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        {stageChip(c.stage)}
        <Typography variant="body2">
          {t(c.source === 'public' ? 'swr.discipline.sinceReceivedPublic' : 'swr.discipline.sinceReceivedStaff', {
            since: formatDate(c.stageSince),
            received: formatDate(c.receivedOn),
          })}
        </Typography>
      </Stack>
      <Typography variant="body2">
        {t('swr.discipline.licenceLine', {
          number: c.licenceNumber ?? c.respondentLicenceNumber ?? t('swr.discipline.notMatched'),
        })}{' '}
        {c.licenceStatus && (
          <>
            — <strong>{codeLabel('licenceStatus', c.licenceStatus)}</strong>
          </>
        )}
      </Typography>
      <Typography variant="body2">
        {t('swr.discipline.categoryComplainant', { category: label(c.category), complainant: c.complainantName })}
        {c.complainantEmail ? ` <${c.complainantEmail}>` : ''}
      </Typography>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {c.allegation}
      </Typography>
      {c.documents?.length > 0 && <CaseDocuments caseId={c.id} documents={c.documents} />}
      <Typography variant="caption">{t('swr.discipline.openingThisCaseIsRecorded')}</Typography>
    </Stack>
  );
}

export const CaseShow = () => (
  <Show title="swr.discipline.fitnessToPractiseCase">
    <Box sx={{ p: 2 }}>
      <FunctionField<DisciplineCase> render={(c) => <CaseHeader c={c} />} />
      <CaseActions />
      <Outcomes />
      <Panel />
      <Timeline />
    </Box>
  </Show>
);

export function PublicationSettings() {
  const label = useLabel();
  const t = useTranslate();
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const load = useCallback(
    () =>
      answer(registry.GET('/api/v1/discipline/settings'))
        .then(setS)
        .catch((e) => setError(problemMessage(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (!s) return error ? <Alert severity="error">{error}</Alert> : null;
  const set = (type: Outcome, change: Partial<Rule>) =>
    setS({ ...s, publication: { ...s.publication, [type]: { ...s.publication[type], ...change } } });
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      setS(await answer(registry.PUT('/api/v1/discipline/settings', { body: s })));
      setSaved(true);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {t('swr.discipline.disciplinePublicationSettings')}
        </Typography>
        <Typography variant="body2" gutterBottom>
          {t('swr.discipline.whatThePublicRegisterShows')}
        </Typography>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        {saved && <Alert severity="success">{t('swr.discipline.saved')}</Alert>}
        <Table size="small" aria-label={t('swr.discipline.publicationPolicy')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('swr.discipline.outcome')}</TableCell>
              <TableCell>{t('swr.discipline.published')}</TableCell>
              <TableCell>{t('swr.discipline.publicText')}</TableCell>
              <TableCell>{t('swr.discipline.forHowLong')}</TableCell>
              <TableCell>{t('swr.discipline.days')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {OUTCOMES.map((o) => {
              const r = s.publication[o];
              return (
                <TableRow key={o}>
                  <TableCell>{label(o)}</TableCell>
                  <TableCell>
                    <Checkbox
                      checked={r.published}
                      onChange={(e) => set(o, { published: e.target.checked })}
                      slotProps={{ input: { 'aria-label': t('swr.discipline.publishAria', { outcome: label(o) }) } }}
                    />
                  </TableCell>
                  <TableCell>
                    <MuiTextField
                      value={r.text}
                      onChange={(e) => set(o, { text: e.target.value })}
                      size="small"
                      fullWidth
                      slotProps={{
                        htmlInput: { 'aria-label': t('swr.discipline.publicTextAria', { outcome: label(o) }) },
                      }}
                    />
                  </TableCell>
                  <TableCell>
                    <MuiTextField
                      select
                      value={r.duration}
                      onChange={(e) =>
                        set(o, {
                          duration: DURATIONS.find((d) => d === e.target.value) ?? r.duration,
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
                        slotProps={{ htmlInput: { 'aria-label': t('swr.discipline.daysAria', { outcome: label(o) }) } }}
                      />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
          {t('swr.discipline.eMailTheRespondentWhen')}
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
          {t('swr.discipline.saveSettings')}
        </Button>
      </CardContent>
    </Card>
  );
}

/** The respondent's own cases: only what the council disclosed. */
export function MyCases() {
  const label = useLabel();
  const formatDate = useFormatDate();
  const t = useTranslate();
  const [items, setItems] = useState<MyCase[] | null>(null);
  useEffect(() => {
    void answer(registry.GET('/api/v1/my-cases'))
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, []);
  if (!items) return null;
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        {t('swr.discipline.myCases')}
      </Typography>
      {!items.length && <Typography>{t('swr.discipline.thereIsNoFitnessTo')}</Typography>}
      {items.map((c) => (
        <Card key={c.reference} variant="outlined" sx={{ mb: 2 }}>
          <CardContent>
            <Typography variant="h6">
              {c.reference} — {label(c.stage)}
            </Typography>
            <Typography variant="body2">
              {t('swr.discipline.receivedCategory', { date: formatDate(c.receivedOn), category: label(c.category) })}
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
                  {formatDate(e.onDate)}: {e.toStage ? `${label(e.stage)} → ${label(e.toStage)}` : label(e.stage)}
                  {e.note ? ` — ${e.note}` : ''}
                </li>
              ))}
            </ul>
            {c.outcomes.map((o, i) => (
              <Typography key={i} variant="body2">
                {t(o.endsOn ? 'swr.discipline.outcomeFromTo' : 'swr.discipline.outcomeFrom', {
                  outcome: label(o.type),
                  from: formatDate(o.startsOn),
                  to: o.endsOn ? formatDate(o.endsOn) : '',
                  status: label(o.status),
                })}
                {o.conditionsText ? `: ${o.conditionsText}` : ''}
              </Typography>
            ))}
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}
