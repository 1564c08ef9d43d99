import { useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, Link, Stack, TextField, Typography } from '@mui/material';
import { answer, problemMessage, registry } from './api';

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
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
          <Typography variant="h5" component="h1" gutterBottom>
            {title}
          </Typography>
          {children}
        </CardContent>
      </Card>
    </Box>
  );
}

export function ForgotPassword() {
  const t = useTranslate();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await answer(registry.POST('/api/v1/auth/password-reset', { body: { email } }));
      setSent(true);
    } catch (err) {
      setError(problemMessage(err));
    }
  };
  return (
    <Frame title={t('swr.reset.title')}>
      {sent ? (
        <Alert severity="success">{t('swr.reset.sent')}</Alert>
      ) : (
        <form onSubmit={submit}>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          <Stack spacing={2}>
            <TextField
              id="email"
              label={t('swr.signIn.email')}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <Button type="submit" variant="contained">
              {t('swr.reset.request')}
            </Button>
          </Stack>
        </form>
      )}
      <Link href="#/login" sx={{ display: 'block', mt: 2 }}>
        {t('swr.signIn.back')}
      </Link>
    </Frame>
  );
}

export function ResetPassword() {
  const t = useTranslate();
  const token = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await answer(registry.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
      setDone(true);
    } catch (err) {
      setError(problemMessage(err));
    }
  };
  return (
    <Frame title={t('swr.reset.choose')}>
      {done ? (
        <Alert severity="success">{t('swr.reset.done')}</Alert>
      ) : (
        <form onSubmit={submit}>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          <Stack spacing={2}>
            <TextField
              id="new-password"
              label={t('swr.reset.newPassword')}
              type="password"
              autoComplete="new-password"
              required
              slotProps={{ htmlInput: { minLength: 12 } }}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Button type="submit" variant="contained">
              {t('swr.reset.choose')}
            </Button>
          </Stack>
        </form>
      )}
      <Link href="#/login" sx={{ display: 'block', mt: 2 }}>
        {t('swr.signIn.back')}
      </Link>
    </Frame>
  );
}
