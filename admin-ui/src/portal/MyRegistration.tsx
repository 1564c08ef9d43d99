import { useCallback, useEffect, useState } from 'react';
import { Title, useLocaleState, useTranslate } from 'react-admin';
import { useFormatDate } from '../format';
import { LicencePicker } from '../pickers';
import { LicenceNumber } from '../LicenceNumber';
import { ApplyWizard, EvidenceInput, type WizardTier } from './ApplyWizard';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, ApiError, problemMessage, registry, session } from '../api';
import { Renewals } from './Renewals';
import { CertificateButtons } from '../resources/certificates';
import { useCodeLabel } from '../codes';
import { NARROW_HIDDEN } from './layout';
import { DayTextField } from '../DayInput';

type Registrant = Schemas['Registrant'];
type Qualification = Schemas['Qualification'];
type Application = Schemas['LicenceApplication'];
type Licence = Schemas['LicenceSummary'];
type Entry = Schemas['SupervisionEntry'];

const errorText = problemMessage;
/** A status as a coloured chip, in the reader's language. */
function StatusChip({ status }: { status: string }) {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      label={t(`swr.myRegistration.statuses.${status}`, { _: status.replace(/_/g, ' ') })}
      color={
        status === 'met' || status === 'approved' || status === 'active' || status === 'confirmed'
          ? 'success'
          : status === 'not_met' || status === 'rejected' || status === 'disputed'
            ? 'error'
            : 'default'
      }
    />
  );
}
const chip = (status: string) => <StatusChip status={status} />;

function Section({ id, title, children }: { id?: string; title: string; children: React.ReactNode }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }} id={id}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function CreateRegistrant({ onDone }: { onDone: () => void }) {
  const t = useTranslate();
  const codeLabel = useCodeLabel();
  const [f, setF] = useState({
    fullName: session.account?.displayName ?? '',
    fullNameNative: '',
    dateOfBirth: '',
    sex: 'unspecified',
    nationality: 'VN',
    nationalId: '',
    region: '',
    sector: 'social_welfare',
  });
  const [error, setError] = useState<string | null>(null);
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <Section title={t('swr.myRegistration.createRecord')}>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      <Stack spacing={2} sx={{ maxWidth: 480 }}>
        <TextField label={t('swr.myRegistration.fullName')} value={f.fullName} onChange={set('fullName')} required />
        <TextField
          label={t('swr.myRegistration.fullNameNative')}
          value={f.fullNameNative}
          onChange={set('fullNameNative')}
        />
        <DayTextField
          label={t('swr.myRegistration.dateOfBirth')}
          value={f.dateOfBirth}
          onChange={(day) => setF({ ...f, dateOfBirth: day })}
          required
        />
        <TextField select label={t('swr.myRegistration.sex')} value={f.sex} onChange={set('sex')}>
          {['female', 'male', 'other', 'unspecified'].map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={t('swr.myRegistration.nationality')} value={f.nationality} onChange={set('nationality')} />
        <TextField
          label={t('swr.myRegistration.nationalId')}
          value={f.nationalId}
          onChange={set('nationalId')}
          required
        />
        <TextField label={t('swr.myRegistration.region')} value={f.region} onChange={set('region')} required />
        <TextField select label={t('swr.myRegistration.sector')} value={f.sector} onChange={set('sector')}>
          {['social_welfare', 'health', 'education', 'justice', 'other'].map((s) => (
            <MenuItem key={s} value={s}>
              {codeLabel('sector', s)}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          onClick={async () => {
            try {
              await answer(
                registry.POST('/api/v1/registrants', {
                  body: {
                    ...f,
                    sex: f.sex as Schemas['RegistrantCreate']['sex'],
                    sector: f.sector as Schemas['RegistrantCreate']['sector'],
                    fullNameNative: f.fullNameNative || null,
                    email: session.account?.email,
                  },
                }),
              );
              onDone();
            } catch (e) {
              setError(errorText(e));
            }
          }}
        >
          {t('swr.myRegistration.createMine')}
        </Button>
      </Stack>
    </Section>
  );
}

export function MyRegistration() {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const formatDate = useFormatDate();
  const [registrant, setRegistrant] = useState<Registrant | null | undefined>(undefined);
  const [quals, setQuals] = useState<Qualification[]>([]);
  const [apps, setApps] = useState<Application[]>([]);
  const [licences, setLicences] = useState<Licence[]>([]);
  const [entries, setEntries] = useState<{ mine: Entry[]; naming: Entry[]; confirmedHours: number }>({
    mine: [],
    naming: [],
    confirmedHours: 0,
  });
  const [tiers, setTiers] = useState<WizardTier[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await answer(registry.GET('/api/v1/registrants/me')).catch((e) =>
        e instanceof ApiError && e.status === 404 ? null : Promise.reject(e),
      );
      setRegistrant(r);
      if (!r) return;
      const [q, a, l, mine, naming, tierList] = await Promise.all([
        answer(registry.GET('/api/v1/registrants/{id}/qualifications', { params: { path: { id: r.id } } })),
        answer(
          registry.GET('/api/v1/licence-applications', {
            params: { query: { perPage: 20, sort: 'createdAt', order: 'desc' } },
          }),
        ),
        answer(registry.GET('/api/v1/licences/mine')),
        answer(registry.GET('/api/v1/supervision-entries')),
        answer(registry.GET('/api/v1/supervision-entries', { params: { query: { role: 'supervisor' } } })),
        answer(registry.GET('/api/v1/council/tiers')),
      ]);
      setQuals(q.items);
      setApps(
        await Promise.all(
          a.items.map((x) =>
            answer(registry.GET('/api/v1/licence-applications/{id}', { params: { path: { id: x.id } } })),
          ),
        ),
      );
      setLicences(l.items);
      setEntries({ mine: mine.items, naming: naming.items, confirmedHours: mine.confirmedHours });
      setTiers(tierList.items);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- load() sets state only after its fetch resolves
    void load();
  }, [load]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Box sx={{ p: 2, maxWidth: 960 }}>
      <Title title={t('swr.nav.myRegistration')} />
      <Typography variant="h4" component="h1" gutterBottom>
        {t('swr.nav.myRegistration')}
      </Typography>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      {registrant === undefined && <LinearProgress />}
      {registrant === null && <CreateRegistrant onDone={() => void load()} />}
      {registrant && (
        <>
          <Renewals act={act} refreshKey={apps} />
          <Section title={t('swr.myRegistration.myLicences')}>
            {licences.length === 0 ? (
              <Typography>{t('swr.myRegistration.noLicence')}</Typography>
            ) : (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('swr.myRegistration.number')}</TableCell>
                    <TableCell sx={NARROW_HIDDEN}>{t('swr.myRegistration.title')}</TableCell>
                    <TableCell>{t('swr.myRegistration.status')}</TableCell>
                    <TableCell>{t('swr.myRegistration.validUntil')}</TableCell>
                    <TableCell>{t('swr.myRegistration.certificate')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {licences.map((l) => (
                    <TableRow key={l.id}>
                      <TableCell>
                        <LicenceNumber number={l.number} />
                      </TableCell>
                      <TableCell sx={NARROW_HIDDEN}>{l.protectedTitle[locale] ?? l.protectedTitle.en}</TableCell>
                      <TableCell>{chip(l.status)}</TableCell>
                      <TableCell>{formatDate(l.validUntil)}</TableCell>
                      <TableCell>
                        <CertificateButtons licenceId={l.id} status={l.status} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Section>
          <Section id="qualifications" title={t('swr.myRegistration.qualifications')}>
            {quals.map((q) => (
              <Typography key={q.id} variant="body2">
                {q.title}, {q.awardingInstitution} ({t(`swr.myRegistration.levels.${q.level}`, { _: q.level })},{' '}
                {formatDate(q.awardedOn)}){' '}
                {q.verifiedByGraduateList && (
                  <Chip size="small" color="success" label={t('swr.myRegistration.onGraduateList')} />
                )}
              </Typography>
            ))}
            {quals.length === 0 && <Typography variant="body2">{t('swr.myRegistration.noQualification')}</Typography>}
            <AddQualification registrantId={registrant.id} act={act} />
          </Section>
          <Applications
            apps={apps}
            tiers={tiers}
            qualificationCount={quals.length}
            confirmedHours={entries.confirmedHours}
            act={act}
          />
          <Supervision entries={entries} act={act} />
        </>
      )}
    </Box>
  );
}

function AddQualification({
  registrantId,
  act,
}: {
  registrantId: string;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const t = useTranslate();
  const [programmes, setProgrammes] = useState<{ id: string; name: string; institutionName: string; level: string }[]>(
    [],
  );
  const [foreign, setForeign] = useState(false);
  const [f, setF] = useState({
    programmeId: '',
    studentId: '',
    awardedOn: '',
    awardingInstitution: '',
    country: '',
    level: 'bachelor',
    title: '',
  });
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  useEffect(() => {
    void answer(registry.GET('/api/v1/programme-directory')).then((r) => setProgrammes(r.items));
  }, []);
  const body: Schemas['QualificationCreate'] = foreign
    ? {
        foreign: true,
        awardingInstitution: f.awardingInstitution,
        country: f.country,
        level: f.level as Extract<Schemas['QualificationCreate'], { foreign: true }>['level'],
        title: f.title,
        awardedOn: f.awardedOn,
      }
    : { foreign: false, programmeId: f.programmeId, studentId: f.studentId || undefined, awardedOn: f.awardedOn };
  return (
    <Stack spacing={1} sx={{ mt: 2, maxWidth: 520 }}>
      <Typography variant="subtitle2">{t('swr.myRegistration.declareQualification')}</Typography>
      <FormControlLabel
        control={<Checkbox checked={foreign} onChange={(e) => setForeign(e.target.checked)} />}
        label={t('swr.myRegistration.awardedAbroad')}
      />
      {foreign ? (
        <>
          <TextField
            size="small"
            label={t('swr.myRegistration.awardingInstitution')}
            value={f.awardingInstitution}
            onChange={set('awardingInstitution')}
          />
          <TextField size="small" label={t('swr.myRegistration.country')} value={f.country} onChange={set('country')} />
          <TextField size="small" select label={t('swr.myRegistration.level')} value={f.level} onChange={set('level')}>
            {['certificate', 'diploma', 'bachelor', 'master', 'doctorate'].map((l) => (
              <MenuItem key={l} value={l}>
                {t(`swr.myRegistration.levels.${l}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label={t('swr.myRegistration.qualificationTitle')}
            value={f.title}
            onChange={set('title')}
          />
        </>
      ) : (
        <>
          <TextField
            size="small"
            select
            label={t('swr.myRegistration.programme')}
            value={f.programmeId}
            onChange={set('programmeId')}
          >
            {programmes.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.name} — {p.institutionName}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label={t('swr.myRegistration.studentId')}
            value={f.studentId}
            onChange={set('studentId')}
          />
        </>
      )}
      <DayTextField
        size="small"
        label={t('swr.myRegistration.awardedOn')}
        value={f.awardedOn}
        onChange={(day) => setF({ ...f, awardedOn: day })}
      />
      <Button
        variant="outlined"
        onClick={() =>
          act(() =>
            answer(
              registry.POST('/api/v1/registrants/{id}/qualifications', {
                params: { path: { id: registrantId } },
                body,
              }),
            ),
          )
        }
      >
        {t('swr.myRegistration.addQualification')}
      </Button>
    </Stack>
  );
}

function Applications({
  apps,
  tiers,
  qualificationCount,
  confirmedHours,
  act,
}: {
  apps: Application[];
  tiers: WizardTier[];
  qualificationCount: number;
  confirmedHours: number;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const t = useTranslate();
  const codeLabel = useCodeLabel();
  const [reply, setReply] = useState('');
  // A draft is continued in the wizard; any other open application is followed in its card.
  const draft = apps.find((a) => a.status === 'draft');
  const open = apps.find((a) => !['approved', 'rejected', 'withdrawn', 'draft'].includes(a.status));
  return (
    <Section title={t('swr.myRegistration.applications')}>
      {apps
        .filter((a) => a.status !== 'draft')
        .map((a) => (
          <Box key={a.id} sx={{ mb: 2, p: 1, border: '1px solid #e0e0e0', borderRadius: 1 }}>
            <Typography variant="subtitle1">
              {codeLabel('applicationType', a.type)} — {a.tierCode} {chip(a.status)}
            </Typography>
            {a.informationRequest && a.status === 'information_requested' && (
              <Alert severity="info" sx={{ my: 1 }}>
                {t('swr.myRegistration.councilAsks', { request: a.informationRequest })}
              </Alert>
            )}
            {a.decisionReason && (
              <Typography variant="body2">{t('swr.myRegistration.decision', { reason: a.decisionReason })}</Typography>
            )}
            <Table size="small" aria-label={t('swr.myRegistration.requirements')}>
              <TableBody>
                {a.requirements.map((r) => (
                  <TableRow key={r.key}>
                    <TableCell>{r.label}</TableCell>
                    <TableCell>{chip(r.status)}</TableCell>
                    <TableCell>{r.detail}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {a.documents.length > 0 && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {t('swr.myRegistration.evidence', { files: a.documents.map((d) => d.filename).join(', ') })}
              </Typography>
            )}
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 1, alignItems: 'center' }}>
              {a.status === 'information_requested' && <EvidenceInput applicationId={a.id} act={act} />}
              {a.status === 'information_requested' && (
                <>
                  <TextField
                    size="small"
                    label={t('swr.myRegistration.yourAnswer')}
                    value={reply}
                    onChange={(e) => setReply(e.target.value)}
                  />
                  <Button
                    variant="contained"
                    onClick={() =>
                      act(() =>
                        answer(
                          registry.POST('/api/v1/licence-applications/{id}/resubmit', {
                            params: { path: { id: a.id } },
                            body: { message: reply, version: a.version },
                          }),
                        ),
                      )
                    }
                  >
                    {t('swr.myRegistration.resubmit')}
                  </Button>
                </>
              )}
              {!['approved', 'rejected', 'withdrawn'].includes(a.status) && (
                <Button
                  color="warning"
                  onClick={() =>
                    act(() =>
                      answer(
                        registry.POST('/api/v1/licence-applications/{id}/withdraw', {
                          params: { path: { id: a.id } },
                          body: { version: a.version },
                        }),
                      ),
                    )
                  }
                >
                  {t('swr.myRegistration.withdraw')}
                </Button>
              )}
            </Stack>
          </Box>
        ))}
      {!open && (
        <ApplyWizard
          tiers={tiers}
          draft={draft}
          qualificationCount={qualificationCount}
          confirmedHours={confirmedHours}
          act={act}
        />
      )}
    </Section>
  );
}

function Supervision({
  entries,
  act,
}: {
  entries: { mine: Entry[]; naming: Entry[]; confirmedHours: number };
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const [f, setF] = useState({
    supervisorLicenceNumber: '',
    periodStart: '',
    periodEnd: '',
    hours: '',
    description: '',
  });
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <Section id="supervised-practice" title={t('swr.myRegistration.supervisedPractice')}>
      <Typography variant="body2" gutterBottom>
        {t('swr.myRegistration.confirmedHours')} <strong>{entries.confirmedHours}</strong>
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.myRegistration.period')}</TableCell>
            <TableCell>{t('swr.myRegistration.supervisor')}</TableCell>
            <TableCell>{t('swr.myRegistration.hours')}</TableCell>
            <TableCell>{t('swr.myRegistration.status')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.mine.map((e) => (
            <TableRow key={e.id}>
              <TableCell>
                {formatDate(e.periodStart)} – {formatDate(e.periodEnd)}
              </TableCell>
              <TableCell>
                {e.supervisorName} ({e.supervisorLicenceNumber})
              </TableCell>
              <TableCell>{e.hours}</TableCell>
              <TableCell>{chip(e.status)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
        <LicencePicker
          label={t('swr.myRegistration.supervisor')}
          onPick={(number) => setF((v) => ({ ...v, supervisorLicenceNumber: number }))}
        />
        <DayTextField
          size="small"
          label={t('swr.myRegistration.from')}
          value={f.periodStart}
          onChange={(day) => setF({ ...f, periodStart: day })}
        />
        <DayTextField
          size="small"
          label={t('swr.myRegistration.to')}
          value={f.periodEnd}
          onChange={(day) => setF({ ...f, periodEnd: day })}
        />
        <TextField
          size="small"
          type="number"
          label={t('swr.myRegistration.hours')}
          value={f.hours}
          onChange={set('hours')}
        />
        <TextField
          size="small"
          label={t('swr.myRegistration.whatSupervised')}
          value={f.description}
          onChange={set('description')}
        />
        <Button
          variant="outlined"
          onClick={() =>
            act(() => answer(registry.POST('/api/v1/supervision-entries', { body: { ...f, hours: Number(f.hours) } })))
          }
        >
          {t('swr.myRegistration.logHours')}
        </Button>
      </Stack>
      {entries.naming.length > 0 && (
        <Box sx={{ mt: 3 }}>
          <Typography variant="subtitle1">{t('swr.myRegistration.namingYou')}</Typography>
          <Table size="small">
            <TableBody>
              {entries.naming.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>{e.superviseeName}</TableCell>
                  <TableCell>
                    {formatDate(e.periodStart)} – {formatDate(e.periodEnd)}
                  </TableCell>
                  <TableCell>{t('swr.myRegistration.hoursShort', { hours: e.hours })}</TableCell>
                  <TableCell>{e.description}</TableCell>
                  <TableCell>{chip(e.status)}</TableCell>
                  <TableCell>
                    {e.status === 'pending' && (
                      <>
                        <Button
                          size="small"
                          onClick={() =>
                            act(() =>
                              answer(
                                registry.POST('/api/v1/supervision-entries/{id}/decision', {
                                  params: { path: { id: e.id } },
                                  body: { decision: 'confirmed', version: e.version },
                                }),
                              ),
                            )
                          }
                        >
                          {t('swr.myRegistration.confirm')}
                        </Button>
                        <DisputeHours
                          onDispute={(reason) =>
                            act(() =>
                              answer(
                                registry.POST('/api/v1/supervision-entries/{id}/decision', {
                                  params: { path: { id: e.id } },
                                  body: { decision: 'disputed', reason, version: e.version },
                                }),
                              ),
                            )
                          }
                        />
                      </>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Section>
  );
}

/** Dispute asks for the reason in place (a field and a send button), not in a browser prompt. */
function DisputeHours({ onDispute }: { onDispute: (reason: string) => Promise<void> }) {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <Button size="small" color="warning" onClick={() => setOpen(true)}>
        {t('swr.myRegistration.dispute')}
      </Button>
    );
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      <TextField
        size="small"
        label={t('swr.myRegistration.whyDispute')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        autoFocus
      />
      <Button
        size="small"
        color="warning"
        disabled={!reason.trim()}
        onClick={() => void onDispute(reason.trim()).then(() => setOpen(false))}
      >
        {t('swr.myRegistration.sendDispute')}
      </Button>
      <Button size="small" onClick={() => setOpen(false)}>
        {t('swr.myRegistration.cancel')}
      </Button>
    </Stack>
  );
}
