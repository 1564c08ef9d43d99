/**
 * The social worker's CPD page: progress this cycle (a bar per category, days left, warnings),
 * logging an activity with evidence, the records and their review, audits to answer, and the
 * transcript.
 */
import { useCallback, useEffect, useState } from 'react';
import { Title, useLocaleState, useTranslate } from 'react-admin';
import { useFormatDate } from '../format';
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
import { answer, downloadFile, fileBody, problemMessage, registry } from '../api';
import { NARROW_HIDDEN } from './layout';
import { DayTextField } from '../DayInput';

type Progress = Schemas['CpdProgress'];
type CpdRecord = Schemas['CpdRecord'];
type Selection = Schemas['CpdAuditSelection'];
type CategoryRef = Schemas['CpdRuleSet']['categories'][number];

const STATUS_COLOUR = { met: 'success', on_track: 'info', at_risk: 'warning', not_met: 'error' } as const;
/** A status or code in the reader's language. */
function useLabel(): (s: string) => string {
  const t = useTranslate();
  return (s) => t(`swr.myCpd.statuses.${s}`, { _: s.replace(/_/g, ' ') });
}

export function MyCpd() {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const label = useLabel();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [records, setRecords] = useState<CpdRecord[]>([]);
  const [audits, setAudits] = useState<Selection[]>([]);
  const [categories, setCategories] = useState<CategoryRef[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    void answer(registry.GET('/api/v1/cpd/progress/mine'))
      .then(setProgress)
      .catch(() => setProgress(null));
    void answer(registry.GET('/api/v1/cpd/records', { params: { query: { perPage: 100 } } }))
      .then((r) => setRecords(r.items))
      .catch(() => setRecords([]));
    void answer(registry.GET('/api/v1/cpd/audit-selections'))
      .then((r) => setAudits(r.items))
      .catch(() => setAudits([]));
    void answer(registry.GET('/api/v1/cpd/rules'))
      .then((r) => setCategories(r.items[0]?.categories ?? []))
      .catch(() => setCategories([]));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- tick is the refresh trigger: a change re-fetches
  }, [tick]);

  const act = useCallback(async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setMessage({ ok: true, text: ok });
      setTick((n) => n + 1);
    } catch (e) {
      setMessage({ ok: false, text: problemMessage(e) });
    }
  }, []);

  return (
    <Box sx={{ p: 2, maxWidth: 1000 }}>
      <Title title={t('swr.myCpd.title')} />
      <Typography variant="h4" component="h1" gutterBottom>
        {t('swr.myCpd.title')}
      </Typography>
      {message && (
        <Alert
          severity={message.ok ? 'success' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          sx={{ mb: 2 }}
          onClose={() => setMessage(null)}
        >
          {message.text}
        </Alert>
      )}
      {audits
        .filter((a) => ['selected', 'extension_granted'].includes(a.status))
        .map((a) => (
          <AuditAnswer key={a.id} selection={a} act={act} />
        ))}
      <ProgressCard progress={progress} />
      <LogForm categories={categories} act={act} />
      <RecordTable records={records} categories={categories} act={act} />
      {audits.length > 0 && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {t('swr.myCpd.audits')}
            </Typography>
            {audits.map((a) => (
              <Typography key={a.id} variant="body2">
                {a.roundName}: <Chip size="small" label={label(a.status)} /> {a.outcomeNote ? `— ${a.outcomeNote}` : ''}{' '}
                {t('swr.myCpd.answerDue', { date: formatDate(a.dueOn) })}
              </Typography>
            ))}
          </CardContent>
        </Card>
      )}
    </Box>
  );
}

function ProgressCard({ progress: p }: { progress: Progress | null }) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const label = useLabel();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (!p) return null;
  if (!p.hasRequirement || !p.cycle) {
    return (
      <Alert severity="info" sx={{ mb: 2 }}>
        {t(p.licenceNumber ? 'swr.myCpd.noRequirement' : 'swr.myCpd.noLicence')}
      </Alert>
    );
  }
  const pct = (v: number, of: number) => (of > 0 ? Math.min(100, (v / of) * 100) : 100);
  return (
    <Card sx={{ mb: 2 }} aria-label={t('swr.myCpd.progress')}>
      <CardContent>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {t('swr.myCpd.cycle', { start: formatDate(p.cycle.start), end: formatDate(p.cycle.end) })}
          </Typography>
          <Chip label={label(p.status)} color={STATUS_COLOUR[p.status]} />
          <Chip label={t('swr.portalRenewals.daysLeft', { count: p.daysLeft })} variant="outlined" />
        </Stack>
        <Typography variant="body1" aria-label={t('swr.myCpd.creditsCounted')}>
          {t('swr.myCpd.countedOf', { counted: p.counted, required: p.required })}
          {p.carriedOver ? ` ${t('swr.myCpd.carriedOver', { credits: p.carriedOver })}` : ''}
          {p.exemptDays ? ` · ${t('swr.myCpd.exemptDays', { count: p.exemptDays })}` : ''}
        </Typography>
        <LinearProgress
          variant="determinate"
          value={pct(p.counted, p.required)}
          sx={{ height: 10, borderRadius: 1, mb: 1 }}
          aria-label={t('swr.myCpd.totalCredits')}
        />
        {p.requiredStructured > 0 && (
          <>
            <Typography variant="body2">
              {t('swr.myCpd.structuredOf', { counted: p.countedStructured, required: p.requiredStructured })}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={pct(p.countedStructured, p.requiredStructured)}
              sx={{ height: 6, borderRadius: 1, mb: 1 }}
              aria-label={t('swr.myCpd.structuredCredits')}
            />
          </>
        )}
        <Table size="small" aria-label={t('swr.myCpd.byCategory')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('swr.myCpd.category')}</TableCell>
              <TableCell sx={{ width: '40%' }}>{t('swr.myCpd.progressColumn')}</TableCell>
              <TableCell>{t('swr.myCpd.counted')}</TableCell>
              <TableCell sx={NARROW_HIDDEN}>{t('swr.myCpd.minimum')}</TableCell>
              <TableCell sx={NARROW_HIDDEN}>{t('swr.myCpd.maximum')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {p.categories.map((c) => (
              <TableRow key={c.code}>
                <TableCell>{c.name}</TableCell>
                <TableCell>
                  <LinearProgress
                    variant="determinate"
                    color={c.missing > 0 ? 'warning' : 'primary'}
                    value={c.min > 0 ? pct(c.counted, c.min) : c.max ? pct(c.counted, c.max) : c.counted > 0 ? 100 : 0}
                    aria-label={t('swr.myCpd.categoryProgress', { name: c.name })}
                  />
                </TableCell>
                <TableCell>
                  {c.counted}
                  {c.earned > c.counted ? ` (${c.earned} earned, capped)` : ''}
                </TableCell>
                <TableCell sx={NARROW_HIDDEN}>{c.min || '—'}</TableCell>
                <TableCell sx={NARROW_HIDDEN}>{c.max ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {p.warnings.map((w) => (
          <Alert key={w} severity="warning" sx={{ mt: 1 }}>
            {w}
          </Alert>
        ))}
        {!p.met && p.missing.length > 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {t('swr.myCpd.stillNeeded', { list: p.missing.join('; ') })}
          </Typography>
        )}
        {p.pending > 0 && (
          <Typography variant="body2" color="text.secondary">
            {t('swr.myCpd.pending', { count: p.pending })}
          </Typography>
        )}
        <Button
          sx={{ mt: 1 }}
          onClick={() =>
            void downloadFile(
              registry.GET('/api/v1/cpd/transcript/mine', { parseAs: 'blob' }),
              'cpd-transcript.pdf',
            ).then(
              () => setDownloadError(null),
              (e) => setDownloadError(problemMessage(e)),
            )
          }
        >
          {t('swr.myCpd.transcript')}
        </Button>
        {downloadError && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {downloadError}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

function LogForm({
  categories,
  act,
}: {
  categories: CategoryRef[];
  act: (fn: () => Promise<unknown>, ok: string) => Promise<void>;
}) {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const empty = {
    title: '',
    providerName: '',
    categoryCode: '',
    completedOn: '',
    hours: '',
    reflection: '',
    structured: false,
  };
  const [f, setF] = useState(empty);
  const [file, setFile] = useState<File | null>(null);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = () =>
    act(async () => {
      const r = await answer(registry.POST('/api/v1/cpd/records', { body: { ...f, hours: Number(f.hours) } }));
      if (file)
        await answer(
          registry.POST('/api/v1/cpd/records/{id}/evidence', {
            params: { path: { id: r.id }, query: { filename: file.name } },
            ...fileBody(file),
          }),
        );
      setF(empty);
      setFile(null);
    }, t('swr.myCpd.logged'));
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('swr.myCpd.logCpd')}
        </Typography>
        <Stack
          spacing={1}
          component="form"
          aria-label={t('swr.myCpd.logCpd')}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          sx={{ maxWidth: 640 }}
        >
          <TextField
            size="small"
            label={t('swr.myCpd.activityTitle')}
            value={f.title}
            onChange={set('title')}
            required
          />
          <TextField
            size="small"
            label={t('swr.myCpd.provider')}
            value={f.providerName}
            onChange={set('providerName')}
            required
          />
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <TextField
              size="small"
              select
              label={t('swr.myCpd.category')}
              value={f.categoryCode}
              onChange={set('categoryCode')}
              sx={{ minWidth: 240 }}
              required
            >
              {categories.map((c) => (
                <MenuItem key={c.code} value={c.code}>
                  {c.name[locale] ?? c.name.en ?? c.code}
                </MenuItem>
              ))}
            </TextField>
            <DayTextField
              size="small"
              label={t('swr.myCpd.date')}
              value={f.completedOn}
              onChange={(day) => setF({ ...f, completedOn: day })}
              required
            />
            <TextField
              size="small"
              type="number"
              label={t('swr.myCpd.hours')}
              value={f.hours}
              onChange={set('hours')}
              slotProps={{ htmlInput: { step: 0.25, min: 0.25 } }}
              required
            />
          </Stack>
          <FormControlLabel
            control={<Checkbox checked={f.structured} onChange={(e) => setF({ ...f, structured: e.target.checked })} />}
            label={t('swr.myCpd.structured')}
          />
          <TextField
            size="small"
            label={t('swr.myCpd.reflection')}
            value={f.reflection}
            onChange={set('reflection')}
            multiline
            minRows={3}
            required
            helperText="What did you learn, and how will it change your practice?"
          />
          <Button variant="outlined" component="label">
            {file ? t('swr.myCpd.evidence', { file: file.name }) : t('swr.myCpd.attachEvidence')}
            <input
              hidden
              type="file"
              aria-label={t('swr.myCpd.evidenceFile')}
              accept="application/pdf,image/png,image/jpeg"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Button>
          <Box>
            <Button type="submit" variant="contained">
              {t('swr.myCpd.logActivity')}
            </Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

function RecordTable({
  records,
  categories,
  act,
}: {
  records: CpdRecord[];
  categories: CategoryRef[];
  act: (fn: () => Promise<unknown>, ok: string) => Promise<void>;
}) {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const formatDate = useFormatDate();
  const label = useLabel();
  const names = new Map(categories.map((c) => [c.code, c.name[locale] ?? c.name.en ?? c.code]));
  if (!records.length) return null;
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('swr.myCpd.myRecords')}
        </Typography>
        <Table size="small" aria-label={t('swr.myCpd.myRecordsTable')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('swr.myCpd.date')}</TableCell>
              <TableCell>{t('swr.myCpd.activity')}</TableCell>
              <TableCell sx={NARROW_HIDDEN}>{t('swr.myCpd.category')}</TableCell>
              <TableCell>{t('swr.myCpd.credits')}</TableCell>
              <TableCell>{t('swr.myCpd.status')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {records.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{formatDate(r.completedOn)}</TableCell>
                <TableCell>
                  {r.title}
                  <Typography variant="caption" sx={{ display: 'block' }} color="text.secondary">
                    {r.providerName}
                    {r.source === 'provider' ? ` · ${t('swr.myCpd.verifiedByProvider')}` : ''}
                    {r.evidence.length
                      ? ` · ${t('swr.myCpd.evidence', { file: r.evidence.map((e) => e.filename).join(', ') })}`
                      : ''}
                  </Typography>
                </TableCell>
                <TableCell sx={NARROW_HIDDEN}>{names.get(r.categoryCode) ?? label(r.categoryCode)}</TableCell>
                <TableCell>{r.credits}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={label(r.status)}
                    color={
                      r.status === 'accepted'
                        ? 'success'
                        : r.status === 'rejected'
                          ? 'error'
                          : r.status === 'info_requested'
                            ? 'warning'
                            : 'default'
                    }
                  />
                  {r.decisionNote && (
                    <Typography variant="caption" sx={{ display: 'block' }}>
                      {r.decisionNote}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {r.status === 'info_requested' && (
                    <Button
                      size="small"
                      onClick={() =>
                        act(
                          () =>
                            answer(
                              registry.POST('/api/v1/cpd/records/{id}/resubmit', {
                                params: { path: { id: r.id } },
                                body: { version: r.version },
                              }),
                            ),
                          t('swr.myCpd.sentBack'),
                        )
                      }
                    >
                      {t('swr.myCpd.sendBack')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function AuditAnswer({
  selection: s,
  act,
}: {
  selection: Selection;
  act: (fn: () => Promise<unknown>, ok: string) => Promise<void>;
}) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  return (
    <Alert severity="warning" role="alert" sx={{ mb: 2 }}>
      <Typography variant="subtitle1">
        {t('swr.myCpd.selected', { round: s.roundName, date: formatDate(s.dueOn) })}
      </Typography>
      <Stack
        spacing={1}
        sx={{ mt: 1, maxWidth: 600 }}
        component="form"
        aria-label={t('swr.myCpd.answerAudit')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            let version = s.version;
            if (file)
              version = (
                await answer(
                  registry.POST('/api/v1/cpd/audit-selections/{id}/evidence', {
                    params: { path: { id: s.id }, query: { filename: file.name } },
                    ...fileBody(file),
                  }),
                )
              ).version;
            await answer(
              registry.POST('/api/v1/cpd/audit-selections/{id}/response', {
                params: { path: { id: s.id } },
                body: { note, version },
              }),
            );
          }, t('swr.myCpd.answerSent'));
        }}
      >
        <TextField
          size="small"
          label={t('swr.myCpd.yourAnswer')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          multiline
          minRows={2}
          required
        />
        <Button variant="outlined" component="label">
          {file ? t('swr.myCpd.evidence', { file: file.name }) : t('swr.myCpd.attachEvidence')}
          <input
            hidden
            type="file"
            aria-label={t('swr.myCpd.auditEvidenceFile')}
            accept="application/pdf,image/png,image/jpeg"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Button>
        <Box>
          <Button type="submit" variant="contained">
            {t('swr.myCpd.sendAnswer')}
          </Button>
        </Box>
      </Stack>
    </Alert>
  );
}
