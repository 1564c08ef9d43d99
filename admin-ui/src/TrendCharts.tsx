/**
 * The register's trend on the staff dashboard: licences by status at each of the last twelve month
 * ends (stacked bars) and active licences due for renewal in each of the next weeks (bars). Drawn as
 * plain SVG (two small charts do not need a charting library); each chart has a text summary for
 * screen readers and its figures in a table that the "show figures" toggle reveals.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../clients/typescript/index';
import { answer, problemMessage, registry } from './api';
import { useCodeLabel } from './codes';
import { dateFormat, useFormatDate, useFormatNumber, useIntlLocale } from './format';

const STATUSES = ['active', 'grace', 'suspended', 'lapsed', 'revoked', 'surrendered'] as const;
type Status = (typeof STATUSES)[number];
/** Distinct colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
const COLOURS: Record<Status, string> = {
  active: '#1e5a96',
  grace: '#b26a00',
  suspended: '#b3261e',
  lapsed: '#6b6b6b',
  revoked: '#4a148c',
  surrendered: '#00695c',
};

/** The register's trend (GET /api/v1/dashboard/trend), as the generated client types it. */
export type Trend = Schemas['DashboardTrend'];

const WIDTH = 480;
const HEIGHT = 160;
const AXIS = 22;

/** A rounded upper bound for the axis (1, 2 or 5 times a power of ten). */
function niceMax(n: number): number {
  if (n <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].find((m) => m * power >= n) ?? 10) * power;
}

function StatusChart({ trend }: { trend: Trend }) {
  const t = useTranslate();
  const label = useCodeLabel();
  const number = useFormatNumber();
  const locale = useIntlLocale();
  const month = useMemo(() => dateFormat(locale, { month: 'short', timeZone: 'UTC' }), [locale]);
  const [figures, setFigures] = useState(false);
  const totals = trend.months.map((m) => STATUSES.reduce((s, st) => s + m[st], 0));
  const max = niceMax(Math.max(...totals));
  const slot = WIDTH / trend.months.length;
  const last = trend.months.at(-1);
  const monthName = (m: { asOf: string }) => month.format(new Date(`${m.asOf}T00:00:00Z`));
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('swr.trend.statusTitle')}
        </Typography>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
          width="100%"
          role="img"
          aria-label={t('swr.trend.statusSummary', {
            active: number(last?.active ?? 0),
            total: number(totals.at(-1) ?? 0),
          })}
        >
          {trend.months.map((m, i) => {
            let y = HEIGHT;
            return (
              <g key={m.asOf}>
                {STATUSES.map((st) => {
                  const h = (m[st] / max) * HEIGHT;
                  y -= h;
                  return h > 0 ? (
                    <rect key={st} x={i * slot + 4} y={y} width={slot - 8} height={h} fill={COLOURS[st]}>
                      <title>{`${monthName(m)} · ${label('licenceStatus', st)}: ${number(m[st])}`}</title>
                    </rect>
                  ) : null;
                })}
                <text x={i * slot + slot / 2} y={HEIGHT + 15} fontSize="11" textAnchor="middle" fill="#444">
                  {monthName(m)}
                </text>
              </g>
            );
          })}
          <line x1="0" x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="#888" />
        </svg>
        <Box component="ul" sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, listStyle: 'none', p: 0, m: 0 }}>
          {STATUSES.map((st) => (
            <Box component="li" key={st} sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
              <Box sx={{ width: 12, height: 12, bgcolor: COLOURS[st] }} aria-hidden />
              <Typography variant="caption">
                {label('licenceStatus', st)} {last ? `(${number(last[st])})` : ''}
              </Typography>
            </Box>
          ))}
        </Box>
        <Button size="small" onClick={() => setFigures(!figures)} aria-expanded={figures}>
          {t(figures ? 'swr.trend.hideFigures' : 'swr.trend.showFigures')}
        </Button>
        {figures && (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('swr.trend.month')}</TableCell>
                  {STATUSES.map((st) => (
                    <TableCell key={st} align="right">
                      {label('licenceStatus', st)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {trend.months.map((m) => (
                  <TableRow key={m.asOf}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{monthName(m)}</TableCell>
                    {STATUSES.map((st) => (
                      <TableCell key={st} align="right">
                        {number(m[st])}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

function RenewalsChart({ trend }: { trend: Trend }) {
  const t = useTranslate();
  const number = useFormatNumber();
  const day = useFormatDate();
  const total = trend.renewalsDue.reduce((s, w) => s + w.licences, 0);
  const max = niceMax(Math.max(0, ...trend.renewalsDue.map((w) => w.licences)));
  const slot = WIDTH / 13;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('swr.trend.renewalsTitle')}
        </Typography>
        {trend.renewalsDue.length === 0 ? (
          <Typography variant="body2" sx={{ py: 4 }}>
            {t('swr.trend.noRenewals')}
          </Typography>
        ) : (
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
            width="100%"
            role="img"
            aria-label={t('swr.trend.renewalsSummary', { count: total })}
          >
            {trend.renewalsDue.slice(0, 13).map((w, i) => {
              const h = (w.licences / max) * HEIGHT;
              return (
                <g key={w.weekOf}>
                  <rect x={i * slot + 4} y={HEIGHT - h} width={slot - 8} height={h} fill={COLOURS.grace}>
                    <title>{t('swr.trend.week', { date: day(w.weekOf), count: w.licences })}</title>
                  </rect>
                  <text x={i * slot + slot / 2} y={HEIGHT - h - 3} fontSize="10" textAnchor="middle" fill="#444">
                    {number(w.licences)}
                  </text>
                </g>
              );
            })}
            <line x1="0" x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="#888" />
          </svg>
        )}
        <Typography variant="body2" color="text.secondary">
          {t('swr.trend.renewalsSummary', { count: total })}
        </Typography>
        {trend.renewalsDue.length > 0 && (
          <Typography variant="caption" color="text.secondary">
            {t('swr.trend.weeks', {
              from: day(trend.renewalsDue[0]!.weekOf),
              to: day(trend.renewalsDue.at(-1)!.weekOf),
            })}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** The two trend charts, side by side on a wide screen. */
export function TrendCharts() {
  const [trend, setTrend] = useState<Trend | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    answer(registry.GET('/api/v1/dashboard/trend')).then(setTrend, (e: unknown) => setError(problemMessage(e)));
  }, []);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!trend) return null;
  return (
    <Grid container spacing={2} sx={{ mb: 2 }}>
      <Grid size={{ xs: 12, md: 7 }}>
        <StatusChart trend={trend} />
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <RenewalsChart trend={trend} />
      </Grid>
    </Grid>
  );
}
