/**
 * Workforce reports dashboard (as-of date and filters, bar charts, CSV exports) and the register
 * import wizard (upload → column check → dry-run report → commit with progress → result). Bars are
 * plain proportional boxes: the reports are counts per category, which need no chart library.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Title } from 'react-admin';
import { api, downloadFile, problemMessage, refreshSession, session } from '../api';
import { useCodeLabel, type CodeKind } from '../codes';

type Bucket = { key: string; count: number | null };
type Workforce = {
  asOf: string;
  threshold: number;
  suppressed: boolean;
  total: number | null;
  dimensions: Record<string, Bucket[]>;
};

const qs = (o: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(o).filter(([, v]) => v) as [string, string][]).toString();

/** A horizontal bar per bucket; a null count is shown as withheld (`<threshold`) unless the bucket says why it is empty. */
function Bars({
  title,
  buckets,
  threshold,
}: {
  title: string;
  buckets: { key: string; label?: string; count: number | null; empty?: string }[];
  threshold: number;
}) {
  const max = Math.max(1, ...buckets.map((b) => b.count ?? 0));
  return (
    <Card variant="outlined" sx={{ minWidth: 260, flex: '1 1 260px' }} data-testid={`chart-${title}`}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {title}
        </Typography>
        {buckets.length === 0 && <Typography variant="body2">No licences</Typography>}
        {buckets.map((b) => (
          <Box key={b.key} sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
            <Typography
              variant="body2"
              sx={{ width: 110, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
              title={b.label ?? b.key}
            >
              {b.label ?? b.key}
            </Typography>
            <Box sx={{ flex: 1, bgcolor: 'grey.100', height: 16 }}>
              <Box
                sx={{
                  width: `${((b.count ?? 0) / max) * 100}%`,
                  bgcolor: b.count === null ? 'grey.400' : 'primary.main',
                  height: 16,
                }}
              />
            </Box>
            <Typography variant="body2" sx={{ width: 56, textAlign: 'right' }} data-testid={`count-${title}-${b.key}`}>
              {b.count ?? b.empty ?? `<${threshold}`}
            </Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}

function Section({ title, csv, children }: { title: string; csv: () => void; children: ReactNode }) {
  return (
    <Box sx={{ mt: 3 }}>
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h6">{title}</Typography>
        <Button size="small" onClick={csv}>
          Export CSV
        </Button>
      </Stack>
      {children}
    </Box>
  );
}

/** The report answers this page reads (api/modules/reports/reports.schema.ts); withheld counts are null. */
type Activity = { threshold: number; rows: Record<string, number | string | null>[] };
type Ratio = {
  threshold: number;
  rows: {
    region: string;
    socialWorkers: number | null;
    population: number | null;
    populationYear: number | null;
    per10000: number | null;
  }[];
};
type CpdEngagement = { rows: { year: number; percentEngaged: number | null }[] };
type Supervision = { rows: { year: number; percentAdequate: number | null }[] };
type Programmes = { rows: { year: number; accreditedProgrammes: number; graduates: number | null }[] };

/** Report dimensions whose keys are codes, and the kind of code each is. */
const CODED: Record<string, CodeKind | undefined> = {
  status: 'licenceStatus',
  sex: 'sex',
  sector: 'sector',
  ageBand: 'ageBand',
};

export function ReportsPage() {
  const codeLabel = useCodeLabel();
  const [asOf, setAsOf] = useState(() => new Date().toISOString().slice(0, 10));
  const [region, setRegion] = useState('');
  const [tier, setTier] = useState('');
  const [workforce, setWorkforce] = useState<Workforce | null>(null);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [ratio, setRatio] = useState<Ratio | null>(null);
  const [yearly, setYearly] = useState<{ cpd: CpdEngagement; supervision: Supervision; programmes: Programmes } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const f = { asOf, region: region || undefined, tier: tier || undefined };
    Promise.all([
      api<Workforce>('GET', `/api/v1/reports/workforce?${qs(f)}`),
      api<Activity>('GET', `/api/v1/reports/activity?${qs({ region: f.region, tier: f.tier, to: asOf.slice(0, 7) })}`),
      api<Ratio>('GET', `/api/v1/reports/workforce-ratio?${qs({ asOf, tier: f.tier })}`),
      api<CpdEngagement>('GET', `/api/v1/reports/cpd-engagement?${qs({ region: f.region, toYear: asOf.slice(0, 4) })}`),
      api<Supervision>('GET', `/api/v1/reports/supervision?${qs({ region: f.region, toYear: asOf.slice(0, 4) })}`),
      api<Programmes>('GET', `/api/v1/reports/programmes?${qs({ toYear: asOf.slice(0, 4) })}`),
    ]).then(
      ([w, a, r, c, s, p]) => {
        setWorkforce(w);
        setActivity(a);
        setRatio(r);
        setYearly({ cpd: c, supervision: s, programmes: p });
        setError(null);
      },
      (e) => setError(problemMessage(e)),
    );
  }, [asOf, region, tier]);

  const csv = (name: string, q: Record<string, string | undefined>) => () =>
    void downloadFile(`/api/v1/reports/${name}/csv?${qs(q)}`, `${name}.csv`).catch((e) => setError(problemMessage(e)));
  const n = workforce?.threshold ?? 5;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Workforce reports" />
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <TextField
          type="date"
          label="As of"
          value={asOf}
          onChange={(e) => e.target.value && setAsOf(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'as-of' } }}
        />
        <TextField
          select
          label="Region"
          value={region}
          onChange={(e) => setRegion(e.target.value)}
          sx={{ minWidth: 180 }}
        >
          <MenuItem value="">All regions</MenuItem>
          {(workforce?.dimensions.region ?? []).map((b) => (
            <MenuItem key={b.key} value={b.key}>
              {b.key}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label="Tier" value={tier} onChange={(e) => setTier(e.target.value)} sx={{ minWidth: 160 }}>
          <MenuItem value="">All tiers</MenuItem>
          {['para', 'provisional', 'licensed', 'specialist'].map((t) => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {workforce?.suppressed && (
        <Alert severity="info">
          Counts below {n} are withheld (shown as &lt;{n}) so that individuals cannot be identified.
        </Alert>
      )}
      {workforce && (
        <Section
          title={`Licences as of ${workforce.asOf}: ${workforce.total ?? `<${n}`}`}
          csv={csv('workforce', { asOf, region: region || undefined, tier: tier || undefined })}
        >
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            {[
              ['Status', 'status'],
              ['Tier', 'tier'],
              ['Region', 'region'],
              ['Sex', 'sex'],
              ['Sector', 'sector'],
              ['Age band', 'ageBand'],
            ].map(([label, key]) => (
              <Bars
                key={key}
                title={label!}
                buckets={(workforce.dimensions[key!] ?? []).map((b) => ({
                  ...b,
                  label: CODED[key!] ? codeLabel(CODED[key!]!, b.key) : undefined,
                }))}
                threshold={n}
              />
            ))}
          </Stack>
        </Section>
      )}
      {activity && (
        <Section
          title="Per month"
          csv={csv('activity', { region: region || undefined, tier: tier || undefined, to: asOf.slice(0, 7) })}
        >
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            {[
              ['New registrations', 'newRegistrations'],
              ['Renewals', 'renewals'],
              ['Lapses', 'lapses'],
              ['Sanctions', 'sanctions'],
            ].map(([label, key]) => (
              <Bars
                key={key}
                title={label!}
                buckets={activity.rows.map((r) => ({ key: String(r.month), count: r[key!] as number | null }))}
                threshold={activity.threshold}
              />
            ))}
          </Stack>
        </Section>
      )}
      {ratio && (
        <Section
          title="Social workers per 10,000 population"
          csv={csv('workforce-ratio', { asOf, tier: tier || undefined })}
        >
          <Bars
            title="Per 10,000"
            buckets={ratio.rows.map((r) => ({
              key: `${r.region}${r.populationYear ? ` (${r.populationYear})` : ''}`,
              count: r.per10000,
              empty: r.population === null ? 'no figure' : undefined,
            }))}
            threshold={ratio.threshold}
          />
        </Section>
      )}
      {yearly && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
          <Section
            title="CPD engagement (%)"
            csv={csv('cpd-engagement', { region: region || undefined, toYear: asOf.slice(0, 4) })}
          >
            <Bars
              title="Engaged %"
              buckets={yearly.cpd.rows.map((r) => ({ key: String(r.year), count: r.percentEngaged }))}
              threshold={n}
            />
          </Section>
          <Section
            title="Adequately supervised (%)"
            csv={csv('supervision', { region: region || undefined, toYear: asOf.slice(0, 4) })}
          >
            <Bars
              title="Adequate %"
              buckets={yearly.supervision.rows.map((r) => ({ key: String(r.year), count: r.percentAdequate }))}
              threshold={n}
            />
          </Section>
          <Section title="Graduates per year" csv={csv('programmes', { toYear: asOf.slice(0, 4) })}>
            <Bars
              title="Graduates"
              buckets={yearly.programmes.rows.map((r) => ({
                key: `${r.year} (${r.accreditedProgrammes} programmes)`,
                count: r.graduates,
              }))}
              threshold={n}
            />
          </Section>
        </Stack>
      )}
    </Box>
  );
}

type Job = {
  id: string;
  filename: string;
  encoding: string;
  status: string;
  total: number;
  processed: number;
  dryRun: Record<string, number>;
  result: Record<string, number> | null;
  errorCount: number;
  errors: { row: number; field: string; reason: string }[];
  failure: string | null;
};

/** The header row of a CSV file, normalised as the server reads it (case, spaces and hyphens ignored). */
async function headerOf(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const line = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  return line
    .split(',')
    .map((h) =>
      h
        .trim()
        .replace(/^"|"$/g, '')
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_'),
    )
    .filter(Boolean);
}

export function ImportWizard() {
  const [columns, setColumns] = useState<{ name: string; required: boolean; description: string }[]>([]);
  const [picked, setPicked] = useState<{ file: File; headers: string[] } | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(
    () =>
      void api<{ items: typeof columns }>('GET', '/api/v1/imports/columns').then(
        (r) => setColumns(r.items),
        (e) => setError(problemMessage(e)),
      ),
    [],
  );
  useEffect(() => {
    if (job?.status !== 'committing') return;
    const timer = setInterval(
      () => void api<Job>('GET', `/api/v1/imports/${job.id}`).then(setJob, (e) => setError(problemMessage(e))),
      500,
    );
    return () => clearInterval(timer);
  }, [job?.id, job?.status]);

  async function pick(file: File) {
    setError(null);
    try {
      setPicked({ file, headers: await headerOf(file) });
    } catch (e) {
      setError(problemMessage(e));
    }
  }
  async function upload(file: File) {
    setBusy(true);
    setError(null);
    try {
      const send = () =>
        fetch(`/api/v1/imports?filename=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${session.token}`, 'content-type': 'text/csv' },
          body: file,
        });
      let res = await send();
      if (res.status === 401 && (await refreshSession())) res = await send();
      const body = await res.json();
      if (!res.ok) throw new Error(body.detail ?? `Upload failed (${res.status})`);
      setJob(body);
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const commit = async () => {
    try {
      setJob(await api<Job>('POST', `/api/v1/imports/${job!.id}/commit`));
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const restart = () => {
    setJob(null);
    setPicked(null);
  };
  const missing = picked ? columns.filter((c) => c.required && !picked.headers.includes(c.name)) : [];
  const unknown = picked ? picked.headers.filter((h) => !columns.some((c) => c.name === h)) : [];
  const step = !picked && !job ? 1 : !job ? 2 : job.status === 'validated' ? 3 : job.status === 'committing' ? 4 : 5;
  const percent = job?.total ? Math.round((job.processed * 100) / job.total) : 0;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Import a register" />
      <Typography variant="overline">
        Step {step} of 5: {['', 'Upload', 'Column check', 'Dry-run report', 'Committing', 'Result'][step]}
      </Typography>
      {error && (
        <Alert severity="error" sx={{ my: 1 }}>
          {error}
        </Alert>
      )}
      {!picked && !job && (
        <Stack spacing={2} sx={{ my: 2 }}>
          <Typography>
            Upload a CSV file (UTF-8, with or without BOM, or Windows-1252). Nothing is imported until you commit the
            dry-run report.
          </Typography>
          <Stack direction="row" spacing={2}>
            <Button variant="contained" component="label">
              Choose CSV file
              <input
                hidden
                type="file"
                accept=".csv,text/csv"
                data-testid="import-file"
                onChange={(e) => e.target.files?.[0] && void pick(e.target.files[0])}
              />
            </Button>
            <Button onClick={() => void downloadFile('/api/v1/imports/template', 'register-import-template.csv')}>
              Download template
            </Button>
          </Stack>
          <Typography variant="subtitle2">Expected columns</Typography>
          <Box component="ul" sx={{ m: 0 }}>
            {columns.map((c) => (
              <li key={c.name}>
                <code>{c.name}</code>
                {c.required ? ' (required)' : ''}: {c.description}
              </li>
            ))}
          </Box>
        </Stack>
      )}
      {picked && !job && (
        <Stack spacing={2} sx={{ my: 2 }}>
          <Typography>
            {picked.file.name}: {picked.headers.length} columns in the header row.
          </Typography>
          <Box
            component="table"
            aria-label="Column check"
            sx={{
              borderCollapse: 'collapse',
              '& td, & th': { borderBottom: 1, borderColor: 'divider', px: 1, py: 0.25, textAlign: 'left' },
            }}
          >
            <thead>
              <tr>
                <th>Column</th>
                <th>Required</th>
                <th>In the file</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => {
                const found = picked.headers.includes(c.name);
                return (
                  <tr key={c.name}>
                    <td>
                      <code>{c.name}</code>
                    </td>
                    <td>{c.required ? 'yes' : 'no'}</td>
                    <td>{found ? 'found' : c.required ? 'MISSING' : 'not given'}</td>
                  </tr>
                );
              })}
            </tbody>
          </Box>
          {unknown.length > 0 && (
            <Alert severity="warning">
              Columns the import does not know, which will be ignored: {unknown.join(', ')}
            </Alert>
          )}
          {missing.length > 0 ? (
            <Alert severity="error">
              Required columns missing: {missing.map((c) => c.name).join(', ')}. Download the template for the expected
              header row.
            </Alert>
          ) : (
            <Alert severity="success">All required columns found.</Alert>
          )}
          <Stack direction="row" spacing={2}>
            <Button variant="contained" disabled={busy || missing.length > 0} onClick={() => void upload(picked.file)}>
              Check every row (dry run)
            </Button>
            <Button disabled={busy} onClick={restart}>
              Choose another file
            </Button>
          </Stack>
          {busy && <LinearProgress />}
        </Stack>
      )}
      {job && (
        <Stack spacing={2} sx={{ my: 2 }}>
          <Typography>
            {job.filename}, read as {job.encoding}.
          </Typography>
          <Typography data-testid="dry-run">
            Dry run: {job.dryRun.rows} rows, {job.dryRun.validRows} valid, {job.dryRun.errorRows} with errors. People:{' '}
            {job.dryRun.registrantsNew} new, {job.dryRun.registrantsExisting} already registered. Licences:{' '}
            {job.dryRun.licencesNew} new, {job.dryRun.licencesExisting} already registered.
          </Typography>
          {job.errorCount > 0 && (
            <Box>
              <Button
                size="small"
                onClick={() => void downloadFile(`/api/v1/imports/${job.id}/errors`, 'import-errors.csv')}
              >
                Download the {job.errorCount} row errors (CSV)
              </Button>
              <Box component="ul">
                {job.errors.slice(0, 20).map((e, i) => (
                  <li key={i}>
                    Row {e.row}, {e.field}: {e.reason}
                  </li>
                ))}
              </Box>
            </Box>
          )}
          {job.status === 'validated' && (
            <Button variant="contained" onClick={() => void commit()} disabled={job.dryRun.validRows === 0}>
              Commit {job.dryRun.validRows} valid rows
            </Button>
          )}
          {job.status === 'committing' && (
            <Box>
              <LinearProgress variant="determinate" value={percent} aria-label="Import progress" />
              <Typography variant="body2">
                Committing: {job.processed.toLocaleString()} of {job.total.toLocaleString()} rows ({percent}%)
              </Typography>
            </Box>
          )}
          {job.status === 'committed' && job.result && (
            <Alert severity="success" data-testid="import-result">
              Imported: {job.result.registrantsNew} people, {job.result.licencesNew} licences,{' '}
              {job.result.qualificationsNew} qualifications ({job.result.licencesExisting} licences were already on the
              register).
            </Alert>
          )}
          {job.status === 'failed' && (
            <Alert severity="error">The commit failed and nothing was imported: {job.failure}</Alert>
          )}
          {(job.status === 'committed' || job.status === 'failed') && (
            <Button onClick={restart}>Import another file</Button>
          )}
        </Stack>
      )}
    </Box>
  );
}
