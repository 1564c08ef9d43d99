import { useEffect, useState, type FormEvent } from 'react';
import { useLogin, useTranslate, useNotify } from 'react-admin';
import { Box, Button, Card, CardContent, TextField, Typography, Link, Alert, Stack } from '@mui/material';
import { answer, problemMessage, registry, type SignedIn } from './api';
import { useCouncil } from './council';

type Step =
  | { kind: 'password' }
  | { kind: 'mfa'; mfaToken: string; recovery: boolean }
  | { kind: 'enrol'; mfaToken: string; secret?: string; qrDataUrl?: string }
  | { kind: 'codes'; signedIn: SignedIn };

export function LoginPage() {
  const t = useTranslate();
  const login = useLogin();
  const notify = useNotify();
  const council = useCouncil();
  // The way back from single sign-on: #/login?mfa=… (second step), ?enrol=…, ?sso-error=….
  const [returned] = useState(() => new URLSearchParams(window.location.hash.split('?')[1] ?? ''));
  const [step, setStep] = useState<Step>(() => {
    const mfa = returned.get('mfa');
    return mfa ? { kind: 'mfa', mfaToken: mfa, recovery: false } : { kind: 'password' };
  });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(() => returned.get('sso-error'));
  const [busy, setBusy] = useState(false);

  const [sso, setSso] = useState<{ enabled: boolean; label: string | null } | null>(null);

  // Single sign-on: the button, and the enrolment step when the directory sent staff back without one.
  useEffect(() => {
    void answer(registry.GET('/api/v1/auth/oidc'))
      .then(setSso)
      .catch(() => setSso(null));
    const enrol = returned.get('enrol');
    if (enrol)
      void answer(registry.POST('/api/v1/auth/mfa/enrolment', { body: { mfaToken: enrol } }))
        .then((e) => setStep({ kind: 'enrol', mfaToken: enrol, secret: e.secret, qrDataUrl: e.qrDataUrl }))
        .catch((e) => setError(problemMessage(e)));
  }, [returned]);

  const finish = async (result: SignedIn) => {
    await login({ signedIn: result });
  };

  const run = (fn: () => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(problemMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = run(async () => {
    const r = await answer(registry.POST('/api/v1/auth/sign-in', { body: { email, password } }));
    if (r.status === 'signed-in') return finish(r);
    setCode('');
    if (r.status === 'mfa-required') setStep({ kind: 'mfa', mfaToken: r.mfaToken, recovery: false });
    else {
      const enrolment = await answer(registry.POST('/api/v1/auth/mfa/enrolment', { body: { mfaToken: r.mfaToken } }));
      setStep({ kind: 'enrol', mfaToken: r.mfaToken, secret: enrolment.secret, qrDataUrl: enrolment.qrDataUrl });
    }
  });

  const submitMfa = (mfaToken: string) =>
    run(async () => finish(await answer(registry.POST('/api/v1/auth/mfa/verify', { body: { mfaToken, code } }))));

  const submitEnrol = (mfaToken: string) =>
    run(async () => {
      const r = await answer(registry.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { mfaToken, code } }));
      setStep({ kind: 'codes', signedIn: r });
    });

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        bgcolor: '#eef2f6',
        p: 2,
      }}
    >
      <Card sx={{ width: 420, maxWidth: '100%' }}>
        <CardContent>
          <Typography variant="overline" component="p">
            {council?.name ?? ''}
          </Typography>
          {council?.nameNative && (
            <Typography variant="caption" component="p" sx={{ mb: 1 }}>
              {council.nameNative}
            </Typography>
          )}
          {error && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {error}
            </Alert>
          )}

          {step.kind === 'password' && (
            <form onSubmit={submitPassword}>
              <Typography variant="h5" component="h1" gutterBottom>
                {t('swr.signIn.title')}
              </Typography>
              <Stack spacing={2}>
                <TextField
                  id="email"
                  label={t('swr.signIn.email')}
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  fullWidth
                />
                <TextField
                  id="password"
                  label={t('swr.signIn.password')}
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  fullWidth
                />
                <Button type="submit" variant="contained" disabled={busy}>
                  {t('swr.signIn.submit')}
                </Button>
                <Link href="#/forgot-password">{t('swr.signIn.forgot')}</Link>
                {sso?.enabled && (
                  <Button variant="outlined" href="/api/v1/auth/oidc/start">
                    {t('swr.signIn.sso', { label: sso.label })}
                  </Button>
                )}
              </Stack>
            </form>
          )}

          {step.kind === 'mfa' && (
            <form onSubmit={submitMfa(step.mfaToken)}>
              <Typography variant="h5" component="h1" gutterBottom>
                {t('swr.signIn.title')}
              </Typography>
              <Typography variant="body2" sx={{ mb: 2 }}>
                {step.recovery ? t('swr.signIn.recovery') : t('swr.signIn.mfaHelp')}
              </Typography>
              <Stack spacing={2}>
                <TextField
                  id="code"
                  label={step.recovery ? t('swr.signIn.recovery') : t('swr.signIn.code')}
                  autoComplete="one-time-code"
                  required
                  autoFocus
                  slotProps={{
                    htmlInput: step.recovery
                      ? { maxLength: 20 }
                      : { inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 },
                  }}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  fullWidth
                />
                <Button type="submit" variant="contained" disabled={busy}>
                  {t('swr.signIn.verify')}
                </Button>
                <Link
                  component="button"
                  type="button"
                  onClick={() => {
                    setCode('');
                    setStep({ ...step, recovery: !step.recovery });
                  }}
                >
                  {step.recovery ? t('swr.signIn.useTotp') : t('swr.signIn.useRecovery')}
                </Link>
              </Stack>
            </form>
          )}

          {step.kind === 'enrol' && (
            <form onSubmit={submitEnrol(step.mfaToken)}>
              <Typography variant="h5" component="h1" gutterBottom>
                {t('swr.signIn.enrolTitle')}
              </Typography>
              <Typography variant="body2" sx={{ mb: 2 }}>
                {t('swr.signIn.enrolHelp')}
              </Typography>
              {step.qrDataUrl && (
                <Box
                  component="img"
                  src={step.qrDataUrl}
                  alt="QR code for the authenticator app"
                  sx={{ display: 'block', mx: 'auto', mb: 1 }}
                />
              )}
              <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', mb: 2 }}>
                {t('swr.signIn.secret')}: {step.secret}
              </Typography>
              <Stack spacing={2}>
                <TextField
                  id="code"
                  label={t('swr.signIn.code')}
                  autoComplete="one-time-code"
                  required
                  slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]{6}', maxLength: 6 } }}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  fullWidth
                />
                <Button type="submit" variant="contained" disabled={busy}>
                  {t('swr.signIn.confirm')}
                </Button>
              </Stack>
            </form>
          )}

          {step.kind === 'codes' && (
            <Box>
              <Typography variant="h5" component="h1" gutterBottom>
                {t('swr.signIn.recoveryTitle')}
              </Typography>
              <Typography variant="body2" sx={{ mb: 2 }}>
                {t('swr.signIn.recoveryHelp')}
              </Typography>
              <Box component="ul" sx={{ fontFamily: 'monospace', columns: 2, pl: 3 }}>
                {step.signedIn.recoveryCodes?.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </Box>
              <Button
                variant="contained"
                onClick={() =>
                  finish(step.signedIn).catch(() => notify('ra.notification.http_error', { type: 'error' }))
                }
              >
                {t('swr.signIn.saved')}
              </Button>
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
