import { useEffect, useState } from 'react';
import { Title, useNotify, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, problemMessage, registry } from '../api';
import { useFormatDate } from '../format';

type CouncilSettings = Schemas['CouncilWithSettings'];

const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * The council's languages and how dates read: which languages the registry offers (each one that has
 * a message catalogue can be), the default for people who have not chosen, the time zone, and for
 * Thai whether years count in the Buddhist era.
 */
export function CouncilLanguageSettings() {
  const translate = useTranslate();
  const notify = useNotify();
  const formatDate = useFormatDate();
  const [s, setS] = useState<CouncilSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The date shown in the examples: read once when the screen opens, not on every render.
  const [today] = useState(() => new Date());
  useEffect(() => {
    answer(registry.GET('/api/v1/council/settings'))
      .then(setS)
      .catch((e) => setError(problemMessage(e)));
  }, []);
  if (!s) return error ? <Alert severity="error">{error}</Alert> : null;

  const toggle = (code: string, on: boolean) =>
    setS({ ...s, locales: on ? [...s.locales, code] : s.locales.filter((l) => l !== code) });
  const save = async () => {
    setError(null);
    try {
      setS(
        await answer(
          registry.PATCH('/api/v1/council/settings', {
            body: {
              locales: s.locales,
              defaultLocale: s.defaultLocale,
              settings: { timeZone: s.timeZone, buddhistEra: s.buddhistEra },
              version: s.version,
            },
          }),
        ),
      );
      notify('swr.councilLanguages.saved', { type: 'success' });
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const offered = s.availableLanguages.filter((l) => s.locales.includes(l.code));
  return (
    <Card sx={{ mt: 2, maxWidth: 720 }}>
      <Title title="swr.councilLanguages.title" />
      <CardContent>
        <Stack spacing={3}>
          <Typography variant="body2">{translate('swr.councilLanguages.intro')}</Typography>
          <FormControl component="fieldset">
            <FormLabel component="legend">{translate('swr.councilLanguages.offered')}</FormLabel>
            <FormGroup row>
              {s.availableLanguages.map((l) => (
                <FormControlLabel
                  key={l.code}
                  control={
                    <Checkbox
                      checked={s.locales.includes(l.code)}
                      disabled={l.code === s.defaultLocale}
                      onChange={(e) => toggle(l.code, e.target.checked)}
                    />
                  }
                  label={
                    <span lang={l.code}>
                      {l.name}
                      {l.name !== l.englishName ? ` (${l.englishName})` : ''}
                    </span>
                  }
                />
              ))}
            </FormGroup>
          </FormControl>
          <FormControl component="fieldset">
            <FormLabel component="legend">{translate('swr.councilLanguages.default')}</FormLabel>
            <RadioGroup row value={s.defaultLocale} onChange={(e) => setS({ ...s, defaultLocale: e.target.value })}>
              {offered.map((l) => (
                <FormControlLabel
                  key={l.code}
                  value={l.code}
                  control={<Radio />}
                  label={<span lang={l.code}>{l.name}</span>}
                />
              ))}
            </RadioGroup>
          </FormControl>
          <TextField
            select
            label={translate('swr.councilLanguages.timeZone')}
            value={s.timeZone}
            onChange={(e) => setS({ ...s, timeZone: e.target.value })}
            helperText={translate('swr.councilLanguages.timeZoneHelp')}
            sx={{ maxWidth: 360 }}
          >
            {ZONES.map((z) => (
              <MenuItem key={z} value={z}>
                {z}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            control={
              <Checkbox checked={s.buddhistEra} onChange={(e) => setS({ ...s, buddhistEra: e.target.checked })} />
            }
            label={translate('swr.councilLanguages.buddhistEra', {
              example: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { dateStyle: 'long' }).format(today),
            })}
          />
          <Typography variant="caption" color="text.secondary">
            {translate('swr.councilLanguages.today', { date: formatDate(today) })}
          </Typography>
          {error && <Alert severity="error">{error}</Alert>}
          <Box>
            <Button variant="contained" onClick={() => void save()}>
              {translate('ra.action.save')}
            </Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}
