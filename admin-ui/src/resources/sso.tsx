import { useEffect, useState } from 'react';
import { Title, useNotify, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { api, problemMessage } from '../api';

type Settings = {
  enabled: boolean;
  label: string;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  roleClaim: string;
  roleMap: Record<string, string>;
  allowedRoles: string[];
  mfaAmr: string[];
  mfaAcr: string[];
  redirectUri: string;
};
const STAFF = ['admin', 'registrar', 'reviewer', 'auditor'];
const list = (s: string) =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Staff single sign-on with the council's directory (OpenID Connect): an admin's settings. */
export function SsoSettings() {
  const translate = useTranslate();
  const notify = useNotify();
  const [s, setS] = useState<Settings | null>(null);
  const [secret, setSecret] = useState('');
  const [map, setMap] = useState('');
  const [amr, setAmr] = useState('');
  const [acr, setAcr] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = (v: Settings) => {
    setS(v);
    setMap(
      Object.entries(v.roleMap)
        .map(([k, r]) => `${k} = ${r}`)
        .join('\n'),
    );
    setAmr(v.mfaAmr.join(', '));
    setAcr(v.mfaAcr.join(', '));
  };
  useEffect(() => {
    void api<Settings>('GET', '/api/v1/auth/oidc/settings')
      .then(load)
      .catch((e) => setError(problemMessage(e)));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- load only sets this screen's state: read once
  }, []);
  if (!s) return error ? <Alert severity="error">{error}</Alert> : null;
  const save = async () => {
    setError(null);
    try {
      const roleMap = Object.fromEntries(
        map
          .split('\n')
          .map((l) => l.split('='))
          .filter((p) => p.length === 2 && p[0]!.trim() && p[1]!.trim())
          .map(([k, r]) => [k!.trim(), r!.trim()]),
      );
      load(
        await api<Settings>('PUT', '/api/v1/auth/oidc/settings', {
          enabled: s.enabled,
          label: s.label,
          issuer: s.issuer,
          clientId: s.clientId,
          ...(secret ? { clientSecret: secret } : {}),
          roleClaim: s.roleClaim,
          roleMap,
          allowedRoles: s.allowedRoles,
          mfaAmr: list(amr),
          mfaAcr: list(acr),
        }),
      );
      setSecret('');
      notify(translate('swr.sso.saved'), { type: 'success' });
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const field = (k: 'label' | 'issuer' | 'clientId' | 'roleClaim') => (
    <TextField label={translate(`swr.sso.${k}`)} value={s[k]} onChange={(e) => setS({ ...s, [k]: e.target.value })} />
  );
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('swr.sso.title')} />
      <CardContent>
        <Typography variant="h5" component="h1">
          {translate('swr.sso.title')}
        </Typography>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('swr.sso.help')}
        </Typography>
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('swr.sso.redirect')} <code>{s.redirectUri}</code>
        </Alert>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Box
          component="form"
          sx={{ maxWidth: 560 }}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack spacing={2}>
            <FormControlLabel
              control={<Checkbox checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} />}
              label={translate('swr.sso.enabled')}
            />
            {field('label')}
            {field('issuer')}
            {field('clientId')}
            <TextField
              type="password"
              label={translate(s.clientSecretSet ? 'swr.sso.secretKeep' : 'swr.sso.secret')}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              autoComplete="new-password"
            />
            {field('roleClaim')}
            <TextField
              multiline
              minRows={3}
              label={translate('swr.sso.roleMap')}
              value={map}
              onChange={(e) => setMap(e.target.value)}
            />
            <Box role="group" aria-label={translate('swr.sso.allowedRoles')}>
              <Typography variant="body2">{translate('swr.sso.allowedRoles')}</Typography>
              {STAFF.map((r) => (
                <FormControlLabel
                  key={r}
                  label={r}
                  control={
                    <Checkbox
                      checked={s.allowedRoles.includes(r)}
                      onChange={(e) =>
                        setS({
                          ...s,
                          allowedRoles: e.target.checked
                            ? [...s.allowedRoles, r]
                            : s.allowedRoles.filter((x) => x !== r),
                        })
                      }
                    />
                  }
                />
              ))}
            </Box>
            <TextField label={translate('swr.sso.mfaAmr')} value={amr} onChange={(e) => setAmr(e.target.value)} />
            <TextField label={translate('swr.sso.mfaAcr')} value={acr} onChange={(e) => setAcr(e.target.value)} />
            <Button type="submit" variant="contained">
              {translate('swr.sso.save')}
            </Button>
          </Stack>
        </Box>
      </CardContent>
    </Card>
  );
}
