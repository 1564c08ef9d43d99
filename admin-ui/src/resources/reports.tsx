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
import { Title, useTranslate } from 'react-admin';
import { useFormatDate, useFormatNumber } from '../format';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, fileBody, problemMessage, registry, type FileCall } from '../api';
import { useCodeLabel, type CodeKind } from '../codes';
import { DayTextField } from '../DayInput';

/** A horizontal bar per bucket; a null count is shown as withheld (`<threshold`) unless the bucket says why it is empty. */
function Bars({
  title,
  testId = title,
  buckets,
  threshold,
}: {
  title: string;
  /** Names the chart for tests, whatever the language (the English title it always had). */
  testId?: string;
  buckets: { key: string; label?: string; count: number | null; empty?: string }[];
  threshold: number;
}) {
  const max = Math.max(1, ...buckets.map((b) => b.count ?? 0));
  const t = useTranslate();
  const formatNumber = useFormatNumber();
  return (
    <Card variant="outlined" sx={{ minWidth: 260, flex: '1 1 260px' }} data-testid={`chart-${testId}`}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {title}
        </Typography>
        {buckets.length === 0 && <Typography variant="body2">{t('swr.reports.noLicences')}</Typography>}
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
            <Typography variant="body2" sx={{ width: 56, textAlign: 'right' }} data-testid={`count-${testId}-${b.key}`}>
              {b.count === null ? (b.empty ?? `<${threshold}`) : formatNumber(b.count)}
            </Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}

function Section({ title, csv, children }: { title: string; csv: () => void; children: ReactNode }) {
  const t = useTranslate();
  return (
    <Box sx={{ mt: 3 }}>
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h6">{title}</Typography>
        <Button size="small" onClick={csv}>
          {t('swr.reports.exportCsv')}
        </Button>
      </Stack>
      {children}
    </Box>
  );
}

/** The report answers this page reads (the API's OpenAPI document); withheld counts are null. */
type Workforce = Schemas['WorkforceReport'];
type Activity = Schemas['ActivityReport'];
type Ratio = Schemas['WorkforceRatioReport'];
type CpdEngagement = Schemas['CpdEngagementReport'];
type Supervision = Schemas['SupervisionReport'];
type Programmes = Schemas['ProgrammesReport'];

/** The workforce report's charts: the chart's test name and its dimension. */
const DIMENSIONS: readonly (readonly [string, keyof Workforce['dimensions']])[] = [
  ['Status', 'status'],
  ['Tier', 'tier'],
  ['Region', 'region'],
  ['Sex', 'sex'],
  ['Sector', 'sector'],
  ['Age band', 'ageBand'],
];
/** The activity report's charts: the chart's test name and its count per month. */
const ACTIVITY_COUNTS: readonly (readonly [string, Exclude<keyof Activity['rows'][number], 'month'>])[] = [
  ['New registrations', 'newRegistrations'],
  ['Renewals', 'renewals'],
  ['Lapses', 'lapses'],
  ['Sanctions', 'sanctions'],
];

/** Report dimensions whose keys are codes, and the kind of code each is. */
const CODED: Record<string, CodeKind | undefined> = {
  status: 'licenceStatus',
  sex: 'sex',
  sector: 'sector',
  ageBand: 'ageBand',
};

export function ReportsPage() {
  const codeLabel = useCodeLabel();
  const t = useTranslate();
  const formatDate = useFormatDate();
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
    const toYear = Number(asOf.slice(0, 4));
    Promise.all([
      answer(registry.GET('/api/v1/reports/workforce', { params: { query: f } })),
      answer(
        registry.GET('/api/v1/reports/activity', {
          params: { query: { region: f.region, tier: f.tier, to: asOf.slice(0, 7) } },
        }),
      ),
      answer(registry.GET('/api/v1/reports/workforce-ratio', { params: { query: { asOf, tier: f.tier } } })),
      answer(registry.GET('/api/v1/reports/cpd-engagement', { params: { query: { region: f.region, toYear } } })),
      answer(registry.GET('/api/v1/reports/supervision', { params: { query: { region: f.region, toYear } } })),
      answer(registry.GET('/api/v1/reports/programmes', { params: { query: { toYear } } })),
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

  /** A section's CSV button: saves what the report's typed CSV call answers as `${name}.csv`. */
  const csv = (name: string, call: () => FileCall) => () =>
    void downloadFile(call(), `${name}.csv`).catch((e) => setError(problemMessage(e)));
  const chosenRegion = region || undefined;
  const chosenTier = tier || undefined;
  const toYear = Number(asOf.slice(0, 4));
  const n = workforce?.threshold ?? 5;
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('swr.nav.workforceReports')} />
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <DayTextField
          label={t('swr.reports.asOf')}
          value={asOf}
          onChange={(day) => day && setAsOf(day)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'as-of' } }}
        />
        <TextField
          select
          label={t('swr.reports.region')}
          value={region}
          onChange={(e) => setRegion(e.target.value)}
          sx={{ minWidth: 180 }}
        >
          <MenuItem value="">{t('swr.reports.allRegions')}</MenuItem>
          {(workforce?.dimensions.region ?? []).map((b) => (
            <MenuItem key={b.key} value={b.key}>
              {b.key}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('swr.reports.tier')}
          value={tier}
          onChange={(e) => setTier(e.target.value)}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="">{t('swr.reports.allTiers')}</MenuItem>
          {['para', 'provisional', 'licensed', 'specialist'].map((code) => (
            <MenuItem key={code} value={code}>
              {code}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {workforce?.suppressed && <Alert severity="info">{t('swr.reports.withheld', { n })}</Alert>}
      {workforce && (
        <Section
          title={t('swr.reports.licencesAsOf', {
            date: formatDate(workforce.asOf),
            total: workforce.total ?? `<${n}`,
          })}
          csv={csv('workforce', () =>
            registry.GET('/api/v1/reports/workforce/csv', {
              params: { query: { asOf, region: chosenRegion, tier: chosenTier } },
              parseAs: 'blob',
            }),
          )}
        >
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            {DIMENSIONS.map(([testId, key]) => (
              <Bars
                key={key}
                title={t(`swr.reports.dimension.${key}`)}
                testId={testId}
                buckets={workforce.dimensions[key].map((b) => ({
                  ...b,
                  label: CODED[key] ? codeLabel(CODED[key], b.key) : undefined,
                }))}
                threshold={n}
              />
            ))}
          </Stack>
        </Section>
      )}
      {activity && (
        <Section
          title={t('swr.reports.perMonth')}
          csv={csv('activity', () =>
            registry.GET('/api/v1/reports/activity/csv', {
              params: { query: { region: chosenRegion, tier: chosenTier, to: asOf.slice(0, 7) } },
              parseAs: 'blob',
            }),
          )}
        >
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            {ACTIVITY_COUNTS.map(([testId, key]) => (
              <Bars
                key={key}
                title={t(`swr.reports.activity.${key}`)}
                testId={testId}
                buckets={activity.rows.map((r) => ({ key: r.month, count: r[key] }))}
                threshold={activity.threshold}
              />
            ))}
          </Stack>
        </Section>
      )}
      {ratio && (
        <Section
          title={t('swr.reports.ratioTitle')}
          csv={csv('workforce-ratio', () =>
            registry.GET('/api/v1/reports/workforce-ratio/csv', {
              params: { query: { asOf, tier: chosenTier } },
              parseAs: 'blob',
            }),
          )}
        >
          <Bars
            title={t('swr.reports.per10000')}
            testId="Per 10,000"
            buckets={ratio.rows.map((r) => ({
              key: `${r.region}${r.populationYear ? ` (${r.populationYear})` : ''}`,
              count: r.per10000,
              empty: r.population === null ? t('swr.reports.noFigure') : undefined,
            }))}
            threshold={ratio.threshold}
          />
        </Section>
      )}
      {yearly && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
          <Section
            title={t('swr.reports.cpdTitle')}
            csv={csv('cpd-engagement', () =>
              registry.GET('/api/v1/reports/cpd-engagement/csv', {
                params: { query: { region: chosenRegion, toYear } },
                parseAs: 'blob',
              }),
            )}
          >
            <Bars
              title={t('swr.reports.engaged')}
              testId="Engaged %"
              buckets={yearly.cpd.rows.map((r) => ({ key: String(r.year), count: r.percentEngaged }))}
              threshold={n}
            />
          </Section>
          <Section
            title={t('swr.reports.supervisionTitle')}
            csv={csv('supervision', () =>
              registry.GET('/api/v1/reports/supervision/csv', {
                params: { query: { region: chosenRegion, toYear } },
                parseAs: 'blob',
              }),
            )}
          >
            <Bars
              title={t('swr.reports.adequate')}
              testId="Adequate %"
              buckets={yearly.supervision.rows.map((r) => ({ key: String(r.year), count: r.percentAdequate }))}
              threshold={n}
            />
          </Section>
          <Section
            title={t('swr.reports.graduatesTitle')}
            csv={csv('programmes', () =>
              registry.GET('/api/v1/reports/programmes/csv', { params: { query: { toYear } }, parseAs: 'blob' }),
            )}
          >
            <Bars
              title={t('swr.reports.graduates')}
              testId="Graduates"
              buckets={yearly.programmes.rows.map((r) => ({
                key: t('swr.reports.yearProgrammes', { year: String(r.year), count: r.accreditedProgrammes }),
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

type Job = Schemas['ImportJob'];

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
  const t = useTranslate();
  const [columns, setColumns] = useState<Schemas['ImportColumns']['items']>([]);
  const [picked, setPicked] = useState<{ file: File; headers: string[] } | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(
    () =>
      void answer(registry.GET('/api/v1/imports/columns')).then(
        (r) => setColumns(r.items),
        (e) => setError(problemMessage(e)),
      ),
    [],
  );
  useEffect(() => {
    if (job?.status !== 'committing') return;
    const timer = setInterval(
      () =>
        void answer(registry.GET('/api/v1/imports/{id}', { params: { path: { id: job.id } } })).then(setJob, (e) =>
          setError(problemMessage(e)),
        ),
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
      // The file goes as it is (text/csv), whatever type the browser guessed for it.
      setJob(
        await answer(
          registry.POST('/api/v1/imports', {
            params: { query: { filename: file.name } },
            ...fileBody(new Blob([file], { type: 'text/csv' })),
          }),
        ),
      );
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const commit = async () => {
    try {
      setJob(await answer(registry.POST('/api/v1/imports/{id}/commit', { params: { path: { id: job!.id } } })));
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
      <Title title={t('swr.nav.importRegister')} />
      <Typography variant="overline">
        {t('swr.imports.step', { step, name: t(`swr.imports.steps.${step}`) })}
      </Typography>
      {error && (
        <Alert severity="error" sx={{ my: 1 }}>
          {error}
        </Alert>
      )}
      {!picked && !job && (
        <Stack spacing={2} sx={{ my: 2 }}>
          <Typography>{t('swr.imports.intro')}</Typography>
          <Stack direction="row" spacing={2}>
            <Button variant="contained" component="label">
              {t('swr.imports.chooseFile')}
              <input
                hidden
                type="file"
                accept=".csv,text/csv"
                data-testid="import-file"
                onChange={(e) => e.target.files?.[0] && void pick(e.target.files[0])}
              />
            </Button>
            <Button
              onClick={() =>
                void downloadFile(
                  registry.GET('/api/v1/imports/template', { parseAs: 'blob' }),
                  'register-import-template.csv',
                )
              }
            >
              {t('swr.imports.template')}
            </Button>
          </Stack>
          <Typography variant="subtitle2">{t('swr.imports.expectedColumns')}</Typography>
          <Box component="ul" sx={{ m: 0 }}>
            {columns.map((c) => (
              <li key={c.name}>
                <code>{c.name}</code>
                {c.required ? ` ${t('swr.imports.requiredMark')}` : ''}: {c.description}
              </li>
            ))}
          </Box>
        </Stack>
      )}
      {picked && !job && (
        <Stack spacing={2} sx={{ my: 2 }}>
          <Typography>
            {t('swr.imports.headerColumns', { file: picked.file.name, count: picked.headers.length })}
          </Typography>
          <Box
            component="table"
            aria-label={t('swr.imports.steps.2')}
            sx={{
              borderCollapse: 'collapse',
              '& td, & th': { borderBottom: 1, borderColor: 'divider', px: 1, py: 0.25, textAlign: 'left' },
            }}
          >
            <thead>
              <tr>
                <th>{t('swr.imports.column')}</th>
                <th>{t('swr.imports.required')}</th>
                <th>{t('swr.imports.inFile')}</th>
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
                    <td>{t(c.required ? 'ra.boolean.true' : 'ra.boolean.false')}</td>
                    <td>
                      {t(found ? 'swr.imports.found' : c.required ? 'swr.imports.missing' : 'swr.imports.notGiven')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Box>
          {unknown.length > 0 && (
            <Alert severity="warning">{t('swr.imports.unknownColumns', { list: unknown.join(', ') })}</Alert>
          )}
          {missing.length > 0 ? (
            <Alert severity="error">
              {t('swr.imports.missingColumns', { list: missing.map((c) => c.name).join(', ') })}
            </Alert>
          ) : (
            <Alert severity="success">{t('swr.imports.allFound')}</Alert>
          )}
          <Stack direction="row" spacing={2}>
            <Button variant="contained" disabled={busy || missing.length > 0} onClick={() => void upload(picked.file)}>
              {t('swr.imports.dryRun')}
            </Button>
            <Button disabled={busy} onClick={restart}>
              {t('swr.imports.another')}
            </Button>
          </Stack>
          {busy && <LinearProgress />}
        </Stack>
      )}
      {job && (
        <Stack spacing={2} sx={{ my: 2 }}>
          <Typography>{t('swr.imports.readAs', { file: job.filename, encoding: job.encoding })}</Typography>
          <Typography data-testid="dry-run">
            {t('swr.imports.dryRunReport', {
              rows: job.dryRun.rows,
              valid: job.dryRun.validRows,
              errors: job.dryRun.errorRows,
              peopleNew: job.dryRun.registrantsNew,
              peopleExisting: job.dryRun.registrantsExisting,
              licencesNew: job.dryRun.licencesNew,
              licencesExisting: job.dryRun.licencesExisting,
            })}
          </Typography>
          {job.errorCount > 0 && (
            <Box>
              <Button
                size="small"
                onClick={() =>
                  void downloadFile(
                    registry.GET('/api/v1/imports/{id}/errors', { params: { path: { id: job.id } }, parseAs: 'blob' }),
                    'import-errors.csv',
                  )
                }
              >
                {t('swr.imports.downloadErrors', { count: job.errorCount })}
              </Button>
              <Box component="ul">
                {job.errors.slice(0, 20).map((e, i) => (
                  <li key={i}>{t('swr.imports.rowError', { row: e.row, field: e.field, reason: e.reason })}</li>
                ))}
              </Box>
            </Box>
          )}
          {job.status === 'validated' && (
            <Button variant="contained" onClick={() => void commit()} disabled={job.dryRun.validRows === 0}>
              {t('swr.imports.commit', { count: job.dryRun.validRows })}
            </Button>
          )}
          {job.status === 'committing' && (
            <Box>
              <LinearProgress variant="determinate" value={percent} aria-label={t('swr.imports.progress')} />
              <Typography variant="body2">
                {t('swr.imports.committing', { done: job.processed, total: job.total, percent })}
              </Typography>
            </Box>
          )}
          {job.status === 'committed' && job.result && (
            <Alert severity="success" data-testid="import-result">
              {t('swr.imports.imported', {
                people: job.result.registrantsNew,
                licences: job.result.licencesNew,
                qualifications: job.result.qualificationsNew,
                existing: job.result.licencesExisting,
              })}
            </Alert>
          )}
          {job.status === 'failed' && (
            <Alert severity="error">{t('swr.imports.failed', { reason: job.failure ?? '' })}</Alert>
          )}
          {(job.status === 'committed' || job.status === 'failed') && (
            <Button onClick={restart}>{t('swr.imports.importAnother')}</Button>
          )}
        </Stack>
      )}
    </Box>
  );
}
