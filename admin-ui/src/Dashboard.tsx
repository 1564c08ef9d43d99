import { useEffect, useState } from 'react';
import { Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, Grid, Typography } from '@mui/material';
import type { Schemas } from '../../clients/typescript/index';
import { answer, isStaff, registry, session } from './api';
import { useCouncil } from './council';
import { WhereIStand } from './portal/WhereIStand';
import { TrendCharts } from './TrendCharts';

type Summary = Schemas['Dashboard'];

function Figure({ label, value, warn, link }: { label: string; value: number | string; warn?: boolean; link: string }) {
  const t = useTranslate();
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" color={warn ? 'error' : undefined}>
          {value}
        </Typography>
        <Button size="small" href={link}>
          {t('swr.dashboard.open')}
        </Button>
      </CardContent>
    </Card>
  );
}

/** The queues staff act on (label: an i18n key under swr.dashboard); each is a list the API already serves, counted with one row per page. Hidden when the role may not read it. */
const QUEUES: { label: string; count: () => Promise<{ total: number }>; link: string; warn?: boolean }[] = [
  {
    label: 'applications',
    count: () =>
      answer(registry.GET('/api/v1/licence-applications', { params: { query: { status: 'submitted', perPage: 1 } } })),
    link: '#/licence-applications?filter=%7B%22status%22%3A%22submitted%22%7D',
  },
  {
    label: 'renewalsAtRisk',
    count: () => answer(registry.GET('/api/v1/renewals', { params: { query: { view: 'at_risk', perPage: 1 } } })),
    link: '#/renewals',
    warn: true,
  },
  {
    label: 'cpdRecords',
    count: () => answer(registry.GET('/api/v1/cpd/records', { params: { query: { status: 'pending', perPage: 1 } } })),
    link: '#/cpd/records?filter=%7B%22status%22%3A%22pending%22%7D',
  },
  {
    label: 'accreditations',
    count: () =>
      answer(
        registry.GET('/api/v1/accreditation-applications', { params: { query: { status: 'submitted', perPage: 1 } } }),
      ),
    link: '#/accreditation-applications?filter=%7B%22status%22%3A%22submitted%22%7D',
  },
];

function Queues() {
  const t = useTranslate();
  const [counts, setCounts] = useState<(number | null)[]>(QUEUES.map(() => null));
  useEffect(() => {
    QUEUES.forEach((q, i) => {
      q.count().then(
        (r) => setCounts((c) => c.map((v, j) => (j === i ? r.total : v))),
        () => undefined, // not this role's queue: not shown
      );
    });
  }, []);
  const shown = QUEUES.map((q, i) => ({ ...q, n: counts[i] })).filter((q) => q.n !== null);
  if (!shown.length) return null;
  return (
    <Grid container spacing={2} sx={{ mb: 2 }} aria-label={t('swr.dashboard.waiting')}>
      {shown.map((q) => (
        <Grid key={q.label} size={{ xs: 12, sm: 6, md: 3 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="body2" color="text.secondary">
                {t(`swr.dashboard.${q.label}`)}
              </Typography>
              <Typography variant="h4" component="p" color={q.warn && q.n! > 0 ? 'warning.main' : undefined}>
                {q.n}
              </Typography>
              <Button size="small" href={q.link}>
                {t('swr.dashboard.open')}
              </Button>
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}

function StaffDashboard() {
  const t = useTranslate();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    answer(registry.GET('/api/v1/dashboard')).then(setSummary, (e: Error) => setError(e.message));
  }, []);
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('swr.dashboard.title')} />
      <Typography variant="h4" component="h1">
        {t('swr.dashboard.title')}
      </Typography>
      <Typography variant="subtitle1" sx={{ mb: 2 }}>
        {summary?.council.name}
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      <Queues />
      <TrendCharts />
      {summary && (
        // The registry's own health: mail that has not gone out, and the audit trail's activity.
        <Box component="section" aria-labelledby="dashboard-system" sx={{ mt: 3 }}>
          <Typography id="dashboard-system" variant="h6" component="h2" gutterBottom>
            {t('swr.dashboard.system')}
          </Typography>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 4 }}>
              <Figure label={t('swr.dashboard.outboxPending')} value={summary.outbox.pending} link="#/outbox" />
            </Grid>
            <Grid size={{ xs: 12, sm: 4 }}>
              <Figure
                label={t('swr.dashboard.outboxFailed')}
                value={summary.outbox.failed}
                warn={summary.outbox.failed > 0}
                link={`#/outbox?filter=${encodeURIComponent(JSON.stringify({ status: 'failed' }))}`}
              />
            </Grid>
            <Grid size={{ xs: 12, sm: 4 }}>
              <Figure label={t('swr.dashboard.audit')} value={summary.audit.last24h} link="#/audit-events" />
            </Grid>
          </Grid>
        </Box>
      )}
    </Box>
  );
}

function PortalHome() {
  const t = useTranslate();
  const { identity } = useGetIdentity();
  const council = useCouncil();
  const account = session.account;
  return (
    <Box sx={{ p: 2, maxWidth: 720 }}>
      <Title title={council?.name ?? ''} />
      <Typography variant="h4" component="h1" gutterBottom>
        {t('swr.portal.welcome', { name: identity?.fullName ?? '' })}
      </Typography>
      {account?.roles
        .filter((r) => r !== 'social_worker')
        .map((r) => (
          <Typography key={r} variant="body1" sx={{ mb: 2 }}>
            {t(`swr.portal.${r}`, { _: r })}
          </Typography>
        ))}
      {account?.roles.includes('social_worker') && (
        <>
          <WhereIStand />
          <Button variant="contained" href="#/my-registration" sx={{ mt: 2 }}>
            {t('swr.home.myRegistration')}
          </Button>
        </>
      )}
      <Card variant="outlined" sx={{ mt: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2">
            {t('swr.portal.account')}
          </Typography>
          <Typography variant="body2">
            {t('swr.portal.email')}: {account?.email}
          </Typography>
          <Typography variant="body2">
            {t('swr.portal.roles')}: {account?.roles.map((r) => t(`swr.roleNames.${r}`, { _: r })).join(', ')}
          </Typography>
        </CardContent>
      </Card>
    </Box>
  );
}

export function Dashboard() {
  const { permissions } = usePermissions<string[]>();
  if (!permissions) return null;
  return isStaff(permissions) ? <StaffDashboard /> : <PortalHome />;
}
