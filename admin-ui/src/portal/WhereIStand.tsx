import { useEffect, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  List,
  ListItem,
  Stack,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, registry } from '../api';
import { useFormatDate } from '../format';
import { WalletOffer } from './WalletOffer';

type Licence = Schemas['LicenceSummary'];
type Renewal = Schemas['MyRenewal'];
type Progress = Schemas['CpdProgress'];
type Application = Schemas['LicenceApplicationList']['items'][number];
type Invoice = Schemas['InvoiceListItem'];
type Action = { key: string; text: string; to: string; urgent?: boolean };

const STATUS_COLOUR: Record<string, 'success' | 'warning' | 'error' | 'default'> = {
  active: 'success',
  grace: 'warning',
  suspended: 'error',
  lapsed: 'error',
  revoked: 'error',
  surrendered: 'default',
  pending: 'default',
};

/**
 * A social worker's home: a card per licence (status, tier, valid until, renewal, CPD against the
 * requirement) and the next things to do, each one click away.
 */
export function WhereIStand() {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const date = useFormatDate();
  const [data, setData] = useState<{
    licences: Licence[];
    renewals: Renewal[];
    progress: Progress | null;
    applications: Application[];
    invoices: Invoice[];
  } | null>(null);

  useEffect(() => {
    const safe = <T,>(p: Promise<T>, fallback: T) => p.catch(() => fallback);
    void Promise.all([
      safe(answer(registry.GET('/api/v1/licences/mine')), { items: [] as Licence[], total: 0 }),
      safe(answer(registry.GET('/api/v1/renewals/mine')), { items: [] as Renewal[] }),
      safe<Progress | null>(answer(registry.GET('/api/v1/cpd/progress/mine')), null),
      safe(answer(registry.GET('/api/v1/licence-applications', { params: { query: { perPage: 20 } } })), {
        items: [] as Application[],
        total: 0,
      }),
      safe(answer(registry.GET('/api/v1/invoices', { params: { query: { perPage: 50 } } })), {
        items: [] as Invoice[],
        total: 0,
      }),
    ]).then(([l, r, p, a, i]) =>
      setData({ licences: l.items, renewals: r.items, progress: p, applications: a.items, invoices: i.items }),
    );
  }, []);
  if (!data) return <LinearProgress aria-label={t('swr.home.loading')} />;

  const current = data.licences.filter((l) => ['active', 'grace', 'suspended', 'lapsed'].includes(l.status));
  const actions: Action[] = [];
  for (const a of data.applications) {
    if (a.status === 'draft')
      actions.push({ key: a.id, text: t('swr.home.finishApplication', { tier: a.tierCode }), to: '#/my-registration' });
    if (a.status === 'information_requested')
      actions.push({ key: a.id, text: t('swr.home.answerRequest'), to: '#/my-registration', urgent: true });
  }
  for (const r of data.renewals) {
    if (r.notice && r.notice.level !== 'info')
      actions.push({
        key: `r-${r.licenceId}`,
        text: r.notice.text,
        to: '#/my-registration',
        urgent: r.notice.level === 'blocking',
      });
    else if (r.canRenew) actions.push({ key: `r-${r.licenceId}`, text: t('swr.home.renew'), to: '#/my-registration' });
  }
  for (const i of data.invoices)
    if (i.balanceMinor > 0 && i.status !== 'void')
      actions.push({
        key: i.id,
        text: t('swr.home.pay', { number: i.number, amount: i.balance, due: date(i.dueOn) }),
        to: '#/my-fees',
        urgent: i.overdue,
      });
  const p = data.progress;
  if (p?.hasRequirement && p.counted < p.required)
    actions.push({
      key: 'cpd',
      text: t('swr.home.logCpd', { missing: +(p.required - p.counted).toFixed(1) }),
      to: '#/my-cpd',
    });
  if (!current.length && !data.applications.some((a) => !['approved', 'rejected', 'withdrawn'].includes(a.status)))
    actions.push({ key: 'apply', text: t('swr.home.apply'), to: '#/my-registration' });

  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      {current.length === 0 && <Alert severity="info">{t('swr.home.noLicence')}</Alert>}
      {current.map((l) => {
        const r = data.renewals.find((x) => x.licenceId === l.id);
        const cpd = p && p.licenceId === l.id && p.hasRequirement ? p : null;
        return (
          <Card
            key={l.id}
            variant="outlined"
            component="section"
            aria-label={t('swr.home.licence', { number: l.number })}
          >
            <CardContent>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="h6" component="h2" sx={{ whiteSpace: 'nowrap' }}>
                  {l.number}
                </Typography>
                <Chip
                  size="small"
                  color={STATUS_COLOUR[l.status] ?? 'default'}
                  label={t(`swr.home.status.${l.status}`, { _: l.status })}
                />
              </Stack>
              <Typography variant="body1">{l.tierName[locale] ?? l.tierName.en ?? l.tierCode}</Typography>
              <Typography variant="body2">
                {t('swr.home.validUntil', { date: date(l.validUntil) })}
                {r?.window.stage === 'open' && ` · ${t('swr.home.renewIn', { days: r.window.daysToExpiry })}`}
                {r?.window.stage === 'not_open' && ` · ${t('swr.home.renewFrom', { date: date(r.window.opensOn) })}`}
                {r?.window.stage === 'grace' && ` · ${t('swr.home.graceUntil', { date: date(r.window.graceEndsOn) })}`}
              </Typography>
              {cpd && (
                <Box sx={{ mt: 1 }}>
                  <Typography variant="body2" id={`cpd-${l.id}`}>
                    {t('swr.home.cpd', {
                      counted: +cpd.counted.toFixed(1),
                      required: cpd.required,
                      end: cpd.cycle ? date(cpd.cycle.end) : '',
                    })}
                  </Typography>
                  <LinearProgress
                    variant="determinate"
                    value={Math.min(100, (cpd.counted / Math.max(cpd.required, 1)) * 100)}
                    aria-labelledby={`cpd-${l.id}`}
                    sx={{ height: 8, borderRadius: 4 }}
                  />
                </Box>
              )}
              {(l.status === 'active' || l.status === 'grace') && <WalletOffer licenceId={l.id} number={l.number} />}
            </CardContent>
          </Card>
        );
      })}
      <Card variant="outlined" component="section" aria-label={t('swr.home.next')}>
        <CardContent>
          <Typography variant="h6" component="h2">
            {t('swr.home.next')}
          </Typography>
          {actions.length === 0 ? (
            <Typography variant="body2">{t('swr.home.nothing')}</Typography>
          ) : (
            <List dense>
              {actions.map((a) => (
                <ListItem key={a.key} disableGutters sx={{ gap: 1, flexWrap: 'wrap' }}>
                  <Typography variant="body2" sx={{ flex: 1, minWidth: 200 }} color={a.urgent ? 'error' : undefined}>
                    {a.text}
                  </Typography>
                  <Button size="small" variant={a.urgent ? 'contained' : 'outlined'} href={a.to}>
                    {t('swr.home.go')}
                  </Button>
                </ListItem>
              ))}
            </List>
          )}
        </CardContent>
      </Card>
    </Stack>
  );
}
