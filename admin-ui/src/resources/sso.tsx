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
import type { Schemas } from '../../../clients/typescript/index';
import { answer, problemMessage, registry } from '../api';

type Settings = Schemas['OidcSettings'];
type Role = Settings['allowedRoles'][number];
const STAFF = ['admin', 'registrar', 'reviewer', 'auditor'] as const satisfies readonly Role[];
/** Every registry role a directory role or group may map to (the API refuses any other). */
const ROLES = [
  ...STAFF,
  'social_worker',
  'employer',
  'school_admin',
  'cpd_provider',
] as const satisfies readonly Role[];
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
    void answer(registry.GET('/api/v1/auth/oidc/settings'))
      .then(load)
      .catch((e) => setError(problemMessage(e)));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- load only sets this screen's state: read once
  }, []);
  if (!s) return error ? <Alert severity="error">{error}</Alert> : null;
  const save = async () => {
    setError(null);
    try {
      const roleMap: Settings['roleMap'] = {};
      for (const line of map.split('\n')) {
        const parts = line.split('=');
        const group = parts[0]?.trim();
        const name = parts[1]?.trim();
        if (parts.length !== 2 || !group || !name) continue;
        // The API takes only registry roles here: name a mistyped one as it would, rather than send it.
        const role = ROLES.find((x) => x === name);
        if (!role) {
          setError(`roleMap.${group}: ${translate('ra.validation.oneOf', { options: ROLES.join(', ') })}`);
          return;
        }
        roleMap[group] = role;
      }
      load(
        await answer(
          registry.PUT('/api/v1/auth/oidc/settings', {
            body: {
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
            },
          }),
        ),
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
