import { useCallback, useEffect, useState } from 'react';
import { Title } from 'react-admin';
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
import { api, ApiError, problemMessage, session } from '../api';
import { Renewals } from './Renewals';
import { CertificateButtons } from '../resources/certificates';
import { useCodeLabel } from '../codes';

type Registrant = {
  id: string;
  fullName: string;
  fullNameNative: string | null;
  dateOfBirth: string;
  nationalIdMasked: string;
  region: string;
  sector: string;
  email: string | null;
};
type Qualification = {
  id: string;
  title: string;
  awardingInstitution: string;
  level: string;
  awardedOn: string;
  verifiedByGraduateList: boolean;
};
type Requirement = { key: string; label: string; status: 'met' | 'not_met' | 'needs_review'; detail: string };
type Application = {
  id: string;
  type: string;
  tierCode: string;
  status: string;
  informationRequest: string | null;
  decisionReason: string | null;
  licenceId: string | null;
  requirements: Requirement[];
  documents: { id: string; filename: string }[];
  version: number;
};
type Licence = {
  id: string;
  number: string;
  tierCode: string;
  status: string;
  validUntil: string;
  protectedTitle: Record<string, string>;
};
type Entry = {
  id: string;
  superviseeName: string;
  supervisorName: string;
  supervisorLicenceNumber: string;
  periodStart: string;
  periodEnd: string;
  hours: number;
  description: string;
  status: string;
  version: number;
};

const errorText = problemMessage;
const chip = (status: string) => (
  <Chip
    size="small"
    label={status.replace(/_/g, ' ')}
    color={
      status === 'met' || status === 'approved' || status === 'active' || status === 'confirmed'
        ? 'success'
        : status === 'not_met' || status === 'rejected' || status === 'disputed'
          ? 'error'
          : 'default'
    }
  />
);

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
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
    <Section title="Create your registrant record">
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      <Stack spacing={2} sx={{ maxWidth: 480 }}>
        <TextField label="Full name (Latin script)" value={f.fullName} onChange={set('fullName')} required />
        <TextField label="Full name (national script)" value={f.fullNameNative} onChange={set('fullNameNative')} />
        <TextField
          label="Date of birth"
          type="date"
          slotProps={{ inputLabel: { shrink: true } }}
          value={f.dateOfBirth}
          onChange={set('dateOfBirth')}
          required
        />
        <TextField select label="Sex" value={f.sex} onChange={set('sex')}>
          {['female', 'male', 'other', 'unspecified'].map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField label="Nationality (ISO code)" value={f.nationality} onChange={set('nationality')} />
        <TextField label="National identity number" value={f.nationalId} onChange={set('nationalId')} required />
        <TextField label="Region where you work" value={f.region} onChange={set('region')} required />
        <TextField select label="Sector" value={f.sector} onChange={set('sector')}>
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
              await api('POST', '/api/v1/registrants', {
                ...f,
                fullNameNative: f.fullNameNative || null,
                email: session.account?.email,
              });
              onDone();
            } catch (e) {
              setError(errorText(e));
            }
          }}
        >
          Create my record
        </Button>
      </Stack>
    </Section>
  );
}

export function MyRegistration() {
  const [registrant, setRegistrant] = useState<Registrant | null | undefined>(undefined);
  const [quals, setQuals] = useState<Qualification[]>([]);
  const [apps, setApps] = useState<Application[]>([]);
  const [licences, setLicences] = useState<Licence[]>([]);
  const [entries, setEntries] = useState<{ mine: Entry[]; naming: Entry[]; confirmedHours: number }>({
    mine: [],
    naming: [],
    confirmedHours: 0,
  });
  const [tiers, setTiers] = useState<{ code: string; name: Record<string, string> }[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await api<Registrant>('GET', '/api/v1/registrants/me').catch((e) =>
        e instanceof ApiError && e.status === 404 ? null : Promise.reject(e),
      );
      setRegistrant(r);
      if (!r) return;
      const [q, a, l, mine, naming, t] = await Promise.all([
        api<{ items: Qualification[] }>('GET', `/api/v1/registrants/${r.id}/qualifications`),
        api<{ items: { id: string }[] }>('GET', '/api/v1/licence-applications?perPage=20&sort=createdAt&order=desc'),
        api<{ items: Licence[] }>('GET', '/api/v1/licences/mine'),
        api<{ items: Entry[]; confirmedHours: number }>('GET', '/api/v1/supervision-entries'),
        api<{ items: Entry[] }>('GET', '/api/v1/supervision-entries?role=supervisor'),
        api<{ items: { code: string; name: Record<string, string> }[] }>('GET', '/api/v1/council/tiers'),
      ]);
      setQuals(q.items);
      setApps(await Promise.all(a.items.map((x) => api<Application>('GET', `/api/v1/licence-applications/${x.id}`))));
      setLicences(l.items);
      setEntries({ mine: mine.items, naming: naming.items, confirmedHours: mine.confirmedHours });
      setTiers(t.items);
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
      <Title title="My registration" />
      <Typography variant="h4" component="h1" gutterBottom>
        My registration
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
          <Section title="My licences">
            {licences.length === 0 ? (
              <Typography>No licence yet.</Typography>
            ) : (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>Number</TableCell>
                    <TableCell>Title</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell>Valid until</TableCell>
                    <TableCell>Certificate</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {licences.map((l) => (
                    <TableRow key={l.id}>
                      <TableCell>{l.number}</TableCell>
                      <TableCell>{l.protectedTitle.en}</TableCell>
                      <TableCell>{chip(l.status)}</TableCell>
                      <TableCell>{l.validUntil}</TableCell>
                      <TableCell>
                        <CertificateButtons licenceId={l.id} status={l.status} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Section>
          <Section title="Qualifications">
            {quals.map((q) => (
              <Typography key={q.id} variant="body2">
                {q.title}, {q.awardingInstitution} ({q.level}, {q.awardedOn}){' '}
                {q.verifiedByGraduateList && (
                  <Chip size="small" color="success" label="on the school's graduate list" />
                )}
              </Typography>
            ))}
            {quals.length === 0 && <Typography variant="body2">No qualification declared yet.</Typography>}
            <AddQualification registrantId={registrant.id} act={act} />
          </Section>
          <Applications apps={apps} tiers={tiers} act={act} />
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
    void api<{ items: typeof programmes }>('GET', '/api/v1/programme-directory').then((r) => setProgrammes(r.items));
  }, []);
  const body = foreign
    ? {
        foreign: true,
        awardingInstitution: f.awardingInstitution,
        country: f.country,
        level: f.level,
        title: f.title,
        awardedOn: f.awardedOn,
      }
    : { foreign: false, programmeId: f.programmeId, studentId: f.studentId || undefined, awardedOn: f.awardedOn };
  return (
    <Stack spacing={1} sx={{ mt: 2, maxWidth: 520 }}>
      <Typography variant="subtitle2">Declare a qualification</Typography>
      <FormControlLabel
        control={<Checkbox checked={foreign} onChange={(e) => setForeign(e.target.checked)} />}
        label="Awarded abroad"
      />
      {foreign ? (
        <>
          <TextField
            size="small"
            label="Awarding institution"
            value={f.awardingInstitution}
            onChange={set('awardingInstitution')}
          />
          <TextField size="small" label="Country (ISO code)" value={f.country} onChange={set('country')} />
          <TextField size="small" select label="Level" value={f.level} onChange={set('level')}>
            {['certificate', 'diploma', 'bachelor', 'master', 'doctorate'].map((l) => (
              <MenuItem key={l} value={l}>
                {l}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" label="Title of the qualification" value={f.title} onChange={set('title')} />
        </>
      ) : (
        <>
          <TextField size="small" select label="Programme" value={f.programmeId} onChange={set('programmeId')}>
            {programmes.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.name} — {p.institutionName}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" label="Student id at the school" value={f.studentId} onChange={set('studentId')} />
        </>
      )}
      <TextField
        size="small"
        type="date"
        label="Awarded on"
        slotProps={{ inputLabel: { shrink: true } }}
        value={f.awardedOn}
        onChange={set('awardedOn')}
      />
      <Button
        variant="outlined"
        onClick={() => act(() => api('POST', `/api/v1/registrants/${registrantId}/qualifications`, body))}
      >
        Add qualification
      </Button>
    </Stack>
  );
}

function Applications({
  apps,
  tiers,
  act,
}: {
  apps: Application[];
  tiers: { code: string; name: Record<string, string> }[];
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const [type, setType] = useState('first_registration');
  const [tier, setTier] = useState('');
  const [ethics, setEthics] = useState(false);
  const [fitness, setFitness] = useState(false);
  const [answer, setAnswer] = useState('');
  const open = apps.find((a) => !['approved', 'rejected', 'withdrawn'].includes(a.status));
  return (
    <Section title="Applications">
      {apps.map((a) => (
        <Box key={a.id} sx={{ mb: 2, p: 1, border: '1px solid #e0e0e0', borderRadius: 1 }}>
          <Typography variant="subtitle1">
            {a.type.replace(/_/g, ' ')} — {a.tierCode} {chip(a.status)}
          </Typography>
          {a.informationRequest && a.status === 'information_requested' && (
            <Alert severity="info" sx={{ my: 1 }}>
              The council asks: {a.informationRequest}
            </Alert>
          )}
          {a.decisionReason && <Typography variant="body2">Decision: {a.decisionReason}</Typography>}
          <Table size="small" aria-label="Requirements">
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
              Evidence: {a.documents.map((d) => d.filename).join(', ')}
            </Typography>
          )}
          <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
            {['draft', 'information_requested'].includes(a.status) && (
              <label>
                Attach evidence (PDF, JPEG or PNG){' '}
                <input
                  aria-label="Evidence file"
                  type="file"
                  accept="application/pdf,image/jpeg,image/png"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file)
                      void act(() =>
                        api(
                          'POST',
                          `/api/v1/licence-applications/${a.id}/documents?filename=${encodeURIComponent(file.name)}`,
                          file,
                        ),
                      );
                  }}
                />
              </label>
            )}
            {a.status === 'draft' && (
              <Button
                variant="contained"
                onClick={() =>
                  act(() => api('POST', `/api/v1/licence-applications/${a.id}/submit`, { version: a.version }))
                }
              >
                Submit application
              </Button>
            )}
            {a.status === 'information_requested' && (
              <>
                <TextField
                  size="small"
                  label="Your answer"
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                />
                <Button
                  variant="contained"
                  onClick={() =>
                    act(() =>
                      api('POST', `/api/v1/licence-applications/${a.id}/resubmit`, {
                        message: answer,
                        version: a.version,
                      }),
                    )
                  }
                >
                  Resubmit
                </Button>
              </>
            )}
            {!['approved', 'rejected', 'withdrawn'].includes(a.status) && (
              <Button
                color="warning"
                onClick={() =>
                  act(() => api('POST', `/api/v1/licence-applications/${a.id}/withdraw`, { version: a.version }))
                }
              >
                Withdraw
              </Button>
            )}
          </Stack>
        </Box>
      ))}
      {!open && (
        <Stack spacing={1} sx={{ maxWidth: 480 }}>
          <Typography variant="subtitle1">Apply</Typography>
          <TextField
            select
            label="Application type"
            size="small"
            value={type}
            onChange={(e) => setType(e.target.value)}
          >
            <MenuItem value="first_registration">First registration</MenuItem>
            <MenuItem value="tier_upgrade">Tier upgrade</MenuItem>
            <MenuItem value="restoration">Restoration after a lapse</MenuItem>
          </TextField>
          <TextField select label="Tier" size="small" value={tier} onChange={(e) => setTier(e.target.value)}>
            {tiers.map((t) => (
              <MenuItem key={t.code} value={t.code}>
                {t.name.en ?? t.code}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            control={<Checkbox checked={ethics} onChange={(e) => setEthics(e.target.checked)} />}
            label="I will follow the code of ethics"
          />
          <FormControlLabel
            control={<Checkbox checked={fitness} onChange={(e) => setFitness(e.target.checked)} />}
            label="I am fit to practise"
          />
          <Button
            variant="contained"
            disabled={!tier}
            aria-describedby={!tier ? 'start-why' : undefined}
            onClick={() =>
              act(() =>
                api('POST', '/api/v1/licence-applications', {
                  type,
                  tierCode: tier,
                  declarations: { ethics, fitness },
                }),
              )
            }
          >
            Start application
          </Button>
          {!tier && (
            // A greyed-out button says why.
            <Typography id="start-why" variant="body2" color="text.secondary">
              Choose the tier you are applying for first.
            </Typography>
          )}
        </Stack>
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
  const [f, setF] = useState({
    supervisorLicenceNumber: '',
    periodStart: '',
    periodEnd: '',
    hours: '',
    description: '',
  });
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <Section title="Supervised practice">
      <Typography variant="body2" gutterBottom>
        Confirmed hours: <strong>{entries.confirmedHours}</strong>
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Period</TableCell>
            <TableCell>Supervisor</TableCell>
            <TableCell>Hours</TableCell>
            <TableCell>Status</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.mine.map((e) => (
            <TableRow key={e.id}>
              <TableCell>
                {e.periodStart} – {e.periodEnd}
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
      <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap', gap: 1 }}>
        <TextField
          size="small"
          label="Supervisor's licence number"
          value={f.supervisorLicenceNumber}
          onChange={set('supervisorLicenceNumber')}
        />
        <TextField
          size="small"
          type="date"
          label="From"
          slotProps={{ inputLabel: { shrink: true } }}
          value={f.periodStart}
          onChange={set('periodStart')}
        />
        <TextField
          size="small"
          type="date"
          label="To"
          slotProps={{ inputLabel: { shrink: true } }}
          value={f.periodEnd}
          onChange={set('periodEnd')}
        />
        <TextField size="small" type="number" label="Hours" value={f.hours} onChange={set('hours')} />
        <TextField size="small" label="What was supervised" value={f.description} onChange={set('description')} />
        <Button
          variant="outlined"
          onClick={() => act(() => api('POST', '/api/v1/supervision-entries', { ...f, hours: Number(f.hours) }))}
        >
          Log hours
        </Button>
      </Stack>
      {entries.naming.length > 0 && (
        <Box sx={{ mt: 3 }}>
          <Typography variant="subtitle1">Hours that name you as supervisor</Typography>
          <Table size="small">
            <TableBody>
              {entries.naming.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>{e.superviseeName}</TableCell>
                  <TableCell>
                    {e.periodStart} – {e.periodEnd}
                  </TableCell>
                  <TableCell>{e.hours} h</TableCell>
                  <TableCell>{e.description}</TableCell>
                  <TableCell>{chip(e.status)}</TableCell>
                  <TableCell>
                    {e.status === 'pending' && (
                      <>
                        <Button
                          size="small"
                          onClick={() =>
                            act(() =>
                              api('POST', `/api/v1/supervision-entries/${e.id}/decision`, {
                                decision: 'confirmed',
                                version: e.version,
                              }),
                            )
                          }
                        >
                          Confirm
                        </Button>
                        <DisputeHours
                          onDispute={(reason) =>
                            act(() =>
                              api('POST', `/api/v1/supervision-entries/${e.id}/decision`, {
                                decision: 'disputed',
                                reason,
                                version: e.version,
                              }),
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
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <Button size="small" color="warning" onClick={() => setOpen(true)}>
        Dispute
      </Button>
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <TextField
        size="small"
        label="Why do you dispute these hours?"
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
        Send dispute
      </Button>
      <Button size="small" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </Stack>
  );
}
