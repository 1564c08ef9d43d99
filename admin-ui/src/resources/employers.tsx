/**
 * Employer services. Staff: organisations (create, edit, deactivate), their accounts and API keys,
 * and webhook deliveries. Employers: bulk check, watchlist, API keys and webhook settings.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Create,
  Datagrid,
  Edit,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  Title,
  email,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
  useLocaleState,
  useTranslate,
  useLocales,
} from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, fileBody, problemMessage, registry } from '../api';
import { DateText } from '../DateText';
import { LicenceNumber } from '../LicenceNumber';
import { dateFormat, useFormatDateTime } from '../format';

type ApiKeyCreate = Schemas['ApiKeyCreate'];
type KeyScope = ApiKeyCreate['scopes'][number];
type ApiKey = Schemas['ApiKey'];
type Result = Schemas['BulkVerificationResult'];
type WatchEntry = Schemas['WatchEntry'];
type Notification = Schemas['WatchNotification'];
type WebhookState = Schemas['WebhookSettings'];
type Organisation = Schemas['EmployerOrganisation'];

const KEY_SCOPES: KeyScope[] = ['verify', 'watchlist', 'webhooks', 'keys'];

const SECTORS = ['health', 'social_services', 'education', 'justice', 'ngo', 'government', 'private', 'other'].map(
  (id) => ({ id, name: `swr.employers.sectors.${id}` }),
);

/** The language of an organisation's alerts: one of the council's languages, each named in itself. */
function AlertLanguageInput() {
  const languages = useLocales();
  return (
    <SelectInput
      source="locale"
      label="swr.employers.alertLanguage"
      choices={languages.map((l) => ({ id: l.locale, name: l.name }))}
      translateChoice={false}
    />
  );
}
type ChipColour = 'success' | 'warning' | 'error' | 'default';
const statusColour = (s: string): ChipColour =>
  s === 'active' ? 'success' : s === 'grace' ? 'warning' : ['suspended', 'revoked'].includes(s) ? 'error' : 'default';
const deliveryColour = (s: string): ChipColour =>
  s === 'delivered' ? 'success' : s === 'failed' ? 'error' : s === 'pending' ? 'warning' : 'default';

function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ p: 2 }}>
      <Title title={title} />
      <Typography variant="h4" component="h1" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** Licence numbers from a CSV: a column named number, or else the first column of each line. */
export function numbersFromCsvText(text: string): string[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"' && cell === '') quoted = true;
        else if (c === ',') {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      cells.push(cell);
      return cells.map((x) => x.trim());
    });
  const col = (rows[0] ?? []).findIndex((h) =>
    ['number', 'licence_number', 'license_number', 'licence number'].includes(h.toLowerCase()),
  );
  return (col >= 0 ? rows.slice(1).map((r) => r[col] ?? '') : rows.map((r) => r[0] ?? '')).filter((x) => x !== '');
}

const postForCsv = (numbers: string[]): Promise<void> =>
  downloadFile(
    registry.POST('/api/v1/verifications', { body: { numbers }, headers: { accept: 'text/csv' }, parseAs: 'blob' }),
    'verification.csv',
  );

// Employer area

export function BulkCheck() {
  const t = useTranslate();
  const [text, setText] = useState('');
  const [results, setResults] = useState<Result[] | null>(null);
  const [numbers, setNumbers] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (list: string[]) => {
    setError(null);
    setBusy(true);
    try {
      const r = await answer(registry.POST('/api/v1/verifications', { body: { numbers: list } }));
      setNumbers(list);
      setResults(r.results);
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const fromText = () =>
    text
      .split(/[\n,;\t]+/)
      .map((x) => x.trim())
      .filter(Boolean);
  return (
    <Page title={t('swr.employers.bulkTitle')}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('swr.employers.bulkHelp')}
      </Typography>
      <Stack
        spacing={1}
        component="form"
        aria-label={t('swr.employers.bulkTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void check(fromText());
        }}
      >
        <MuiTextField
          label={t('swr.employers.numbers')}
          multiline
          minRows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Button type="submit" variant="contained" disabled={busy || fromText().length === 0}>
            {busy ? t('swr.employers.checking') : t('swr.employers.check')}
          </Button>
          <Button component="label" variant="outlined">
            {t('swr.employers.uploadCsv')}
            <input
              hidden
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) await check(numbersFromCsvText(await f.text()));
                e.target.value = '';
              }}
            />
          </Button>
          {results && (
            <Button variant="outlined" onClick={() => postForCsv(numbers).catch((e) => setError(problemMessage(e)))}>
              {t('swr.employers.downloadCsv')}
            </Button>
          )}
        </Stack>
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {results && (
        <Table size="small" sx={{ mt: 2 }} aria-label={t('swr.employers.results')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('swr.employers.input')}</TableCell>
              <TableCell>{t('swr.employers.result')}</TableCell>
              <TableCell>{t('swr.employers.name')}</TableCell>
              <TableCell>{t('swr.employers.tier')}</TableCell>
              <TableCell>{t('swr.employers.status')}</TableCell>
              <TableCell>{t('swr.employers.validUntil')}</TableCell>
              <TableCell>{t('swr.employers.conditions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {results.map((r, i) => (
              <TableRow key={i}>
                <TableCell>{r.input}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t(`swr.employers.outcome.${r.result}`)}
                    color={r.result === 'found' ? 'success' : r.result === 'malformed' ? 'warning' : 'default'}
                  />
                </TableCell>
                <TableCell>{r.licence?.name ?? ''}</TableCell>
                <TableCell>{r.licence ? (r.licence.tier.name.en ?? r.licence.tier.code) : ''}</TableCell>
                <TableCell>
                  {r.licence && <Chip size="small" label={r.licence.status} color={statusColour(r.licence.status)} />}
                </TableCell>
                <TableCell>{r.licence?.validUntil ?? ''}</TableCell>
                <TableCell>{r.licence?.conditions?.map((c) => c.text).join('; ') ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Page>
  );
}

export function Watchlist() {
  const t = useTranslate();
  const notify = useNotify();
  const [items, setItems] = useState<WatchEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [number, setNumber] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await answer(
      registry.GET('/api/v1/employer/watchlist', { params: { query: { perPage: 100, sort: 'number' } } }),
    );
    setItems(r.items);
    setTotal(r.total);
  }, []);
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- load() sets state only after its fetch resolves
    void load().catch((e) => setError(problemMessage(e)));
  }, [load]);
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setError(null);
    try {
      await fn();
      if (done) notify(done, { type: 'success' });
      await load();
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  return (
    <Page title={t('swr.employers.watchTitle')}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('swr.employers.watchHelp')}
      </Typography>
      <Stack
        direction="row"
        spacing={1}
        sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}
        component="form"
        aria-label={t('swr.employers.watchAdd')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await answer(registry.POST('/api/v1/employer/watchlist', { body: { number, label: label || undefined } }));
            setNumber('');
            setLabel('');
          }, t('swr.employers.watchAdded'));
        }}
      >
        <MuiTextField
          size="small"
          label={t('swr.employers.number')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          required
        />
        <MuiTextField
          size="small"
          label={t('swr.employers.label')}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        <Button type="submit" variant="contained">
          {t('swr.employers.watchAdd')}
        </Button>
        <Button component="label" variant="outlined">
          {t('swr.employers.importCsv')}
          <input
            hidden
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              await act(async () => {
                const r = await answer(
                  registry.POST(
                    '/api/v1/employer/watchlist/import',
                    fileBody(new Blob([await f.text()], { type: 'text/csv' })),
                  ),
                );
                notify(
                  t('swr.employers.imported', {
                    added: r.added,
                    already: r.alreadyWatched,
                    notFound: r.notFound.length,
                    malformed: r.malformed.length,
                  }),
                  { type: 'info' },
                );
              });
            }}
          />
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Typography variant="body2" sx={{ mt: 2 }}>
        {t('swr.employers.watchCount', { smart_count: total })}
      </Typography>
      <Table size="small" aria-label={t('swr.employers.watchTitle')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.employers.number')}</TableCell>
            <TableCell>{t('swr.employers.label')}</TableCell>
            <TableCell>{t('swr.employers.name')}</TableCell>
            <TableCell>{t('swr.employers.status')}</TableCell>
            <TableCell>{t('swr.employers.validUntil')}</TableCell>
            <TableCell>{t('swr.employers.conditions')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((w) => (
            <TableRow key={w.id}>
              <TableCell>
                <LicenceNumber number={w.number} />
              </TableCell>
              <TableCell>{w.label ?? ''}</TableCell>
              <TableCell>{w.licence?.name ?? ''}</TableCell>
              <TableCell>
                {w.licence ? (
                  <Chip size="small" label={w.licence.status} color={statusColour(w.licence.status)} />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>{w.licence?.validUntil ?? ''}</TableCell>
              <TableCell>{w.licence?.conditions?.map((c) => c.text).join('; ') ?? ''}</TableCell>
              <TableCell>
                <Button
                  size="small"
                  color="error"
                  onClick={() =>
                    act(
                      () =>
                        answer(registry.DELETE('/api/v1/employer/watchlist/{id}', { params: { path: { id: w.id } } })),
                      t('swr.employers.watchRemoved'),
                    )
                  }
                >
                  {t('swr.employers.remove')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Page>
  );
}

/** The key calls of the signed-in employer's own organisation, or (staff) of the organisation named. */
function keyCalls(organisationId?: string) {
  if (!organisationId)
    return {
      list: () => answer(registry.GET('/api/v1/employer/api-keys')),
      create: (body: ApiKeyCreate) => answer(registry.POST('/api/v1/employer/api-keys', { body })),
      revoke: (id: string) =>
        answer(registry.POST('/api/v1/employer/api-keys/{id}/revocation', { params: { path: { id } } })),
    };
  const id = organisationId;
  return {
    list: () => answer(registry.GET('/api/v1/employers/organisations/{id}/api-keys', { params: { path: { id } } })),
    create: (body: ApiKeyCreate) =>
      answer(registry.POST('/api/v1/employers/organisations/{id}/api-keys', { params: { path: { id } }, body })),
    revoke: (keyId: string) =>
      answer(
        registry.POST('/api/v1/employers/organisations/{id}/api-keys/{keyId}/revocation', {
          params: { path: { id, keyId } },
        }),
      ),
  };
}

/** API keys of one organisation: the employer's own (no organisationId) or, for staff, any. */
export function ApiKeys({ organisationId }: { organisationId?: string }) {
  const when = useFormatDateTime();
  const t = useTranslate();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>(['verify']);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => setKeys((await keyCalls(organisationId).list()).items), [organisationId]);
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- load() sets state only after its fetch resolves
    void load().catch((e) => setError(problemMessage(e)));
  }, [load]);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  return (
    <Box>
      <Stack
        direction="row"
        spacing={1}
        sx={{ alignItems: 'center' }}
        component="form"
        aria-label={t('swr.employers.createKey')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const k = await keyCalls(organisationId).create({ name, scopes });
            setCreated(k.key);
            setCopied(false);
            setName('');
            setScopes(['verify']);
          });
        }}
      >
        <MuiTextField
          size="small"
          label={t('swr.employers.keyName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
        />
        <Box
          component="fieldset"
          sx={{ border: 0, p: 0, m: 0, display: 'flex', flexWrap: 'wrap', alignItems: 'center' }}
        >
          <Typography component="legend" variant="body2" sx={{ mr: 1, float: 'left' }}>
            {t('swr.employers.keyScopes')}
          </Typography>
          {KEY_SCOPES.map((scope) => (
            <FormControlLabel
              key={scope}
              label={t(`swr.employers.scope.${scope}`)}
              control={
                <Checkbox
                  size="small"
                  checked={scopes.includes(scope)}
                  onChange={(e) =>
                    setScopes((current) =>
                      e.target.checked ? [...current, scope] : current.filter((x) => x !== scope),
                    )
                  }
                />
              }
            />
          ))}
        </Box>
        <Button type="submit" variant="contained" disabled={!scopes.length}>
          {t('swr.employers.createKey')}
        </Button>
      </Stack>
      {created && (
        <Alert severity="warning" sx={{ mt: 1 }} onClose={() => setCreated(null)}>
          <Typography variant="body2">{t('swr.employers.keyOnce')}</Typography>
          <Box
            component="code"
            sx={{ display: 'block', my: 1, wordBreak: 'break-all' }}
            aria-label={t('swr.employers.newKey')}
          >
            {created}
          </Box>
          <Button
            size="small"
            onClick={async () => {
              await navigator.clipboard?.writeText(created).catch(() => {});
              setCopied(true);
            }}
          >
            {copied ? t('swr.employers.copied') : t('swr.employers.copy')}
          </Button>
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Table size="small" sx={{ mt: 1 }} aria-label={t('swr.employers.keysTitle')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.employers.keyName')}</TableCell>
            <TableCell>{t('swr.employers.prefix')}</TableCell>
            <TableCell>{t('swr.employers.keyScopes')}</TableCell>
            <TableCell>{t('swr.employers.created')}</TableCell>
            <TableCell>{t('swr.employers.lastUsed')}</TableCell>
            <TableCell>{t('swr.employers.revoked')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {keys.map((k) => (
            <TableRow key={k.id}>
              <TableCell>{k.name}</TableCell>
              <TableCell>
                <code>{k.prefix}_…</code>
              </TableCell>
              <TableCell>{k.scopes.map((scope) => t(`swr.employers.scope.${scope}`)).join(', ')}</TableCell>
              <TableCell>{when(k.createdAt)}</TableCell>
              <TableCell>{when(k.lastUsedAt)}</TableCell>
              <TableCell>{when(k.revokedAt)}</TableCell>
              <TableCell>
                {!k.revokedAt && (
                  <Button size="small" color="error" onClick={() => act(() => keyCalls(organisationId).revoke(k.id))}>
                    {t('swr.employers.revoke')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

export const ApiKeysPage = () => {
  const t = useTranslate();
  return (
    <Page title={t('swr.employers.keysTitle')}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('swr.employers.keysHelp')}
      </Typography>
      <ApiKeys />
    </Page>
  );
};

/** Webhook deliveries: the employer's own, or (staff) one organisation's. */
function Deliveries({ organisationId }: { organisationId?: string }) {
  const when = useFormatDateTime();
  const t = useTranslate();
  const [items, setItems] = useState<Notification[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async () =>
      setItems(
        (
          await answer(
            registry.GET('/api/v1/employer/notifications', { params: { query: { perPage: 25, organisationId } } }),
          )
        ).items,
      ),
    [organisationId],
  );
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- load() sets state only after its fetch resolves
    void load().catch((e) => setError(problemMessage(e)));
  }, [load]);
  return (
    <Box>
      {error && <Alert severity="error">{error}</Alert>}
      <Table size="small" aria-label={t('swr.employers.deliveries')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('swr.employers.when')}</TableCell>
            <TableCell>{t('swr.employers.number')}</TableCell>
            <TableCell>{t('swr.employers.event')}</TableCell>
            <TableCell>{t('swr.employers.webhook')}</TableCell>
            <TableCell>{t('swr.employers.attempts')}</TableCell>
            <TableCell>{t('swr.employers.lastError')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((n) => (
            <TableRow key={n.id}>
              <TableCell>{when(n.createdAt)}</TableCell>
              <TableCell>
                <LicenceNumber number={n.licenceNumber} />
              </TableCell>
              <TableCell>{n.type}</TableCell>
              <TableCell>
                <Chip size="small" label={n.webhookStatus} color={deliveryColour(n.webhookStatus)} />
              </TableCell>
              <TableCell>
                {n.attempts}
                {n.webhookStatus === 'pending' && n.nextAttemptAt
                  ? ` (${t('swr.employers.next')} ${when(n.nextAttemptAt)})`
                  : ''}
              </TableCell>
              <TableCell>{n.lastError ?? ''}</TableCell>
              <TableCell>
                {n.webhookStatus === 'failed' && (
                  <Button
                    size="small"
                    onClick={() =>
                      answer(
                        registry.POST('/api/v1/employer/notifications/{id}/retry', { params: { path: { id: n.id } } }),
                      ).then(load, (e) => setError(problemMessage(e)))
                    }
                  >
                    {t('swr.employers.retry')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

export function WebhookSettings() {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const [url, setUrl] = useState('');
  const [current, setCurrent] = useState<WebhookState | null>(null);
  const [rotate, setRotate] = useState(false);
  const [endPrevious, setEndPrevious] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    answer(registry.GET('/api/v1/employer/webhook')).then(
      (w) => {
        setCurrent(w);
        setUrl(w.url ?? '');
      },
      (e) => setError(problemMessage(e)),
    );
  }, []);
  const save = async (value: string | null) => {
    setError(null);
    try {
      const w = await answer(
        registry.PUT('/api/v1/employer/webhook', {
          body: { url: value, rotateSecret: rotate, keepPreviousSecret: !endPrevious },
        }),
      );
      setCurrent(w);
      setSecret(w.secret ?? null);
      setRotate(false);
      setEndPrevious(false);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  return (
    <Page title={t('swr.employers.webhookTitle')}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('swr.employers.webhookHelp')}
      </Typography>
      <Stack
        direction="row"
        spacing={1}
        sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}
        component="form"
        aria-label={t('swr.employers.webhookTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void save(url);
        }}
      >
        <MuiTextField
          size="small"
          label="URL"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          sx={{ minWidth: 360 }}
          required
        />
        <FormControlLabel
          control={<Checkbox checked={rotate} onChange={(e) => setRotate(e.target.checked)} />}
          label={t('swr.employers.rotate')}
        />
        {rotate && current?.secretSet && (
          <FormControlLabel
            control={<Checkbox checked={endPrevious} onChange={(e) => setEndPrevious(e.target.checked)} />}
            label={t('swr.employers.endPrevious')}
          />
        )}
        <Button type="submit" variant="contained">
          {t('swr.employers.save')}
        </Button>
        {current?.url && (
          <Button
            color="error"
            onClick={() => {
              setUrl('');
              void save(null);
            }}
          >
            {t('swr.employers.removeWebhook')}
          </Button>
        )}
      </Stack>
      {current?.previousSecretUntil && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {t('swr.employers.previousUntil', {
            until: dateFormat(locale === 'en' ? 'en-GB' : locale, {
              dateStyle: 'long',
              timeStyle: 'short',
            }).format(new Date(current.previousSecretUntil)),
          })}
        </Alert>
      )}
      {secret && (
        <Alert severity="warning" sx={{ mt: 1 }} onClose={() => setSecret(null)}>
          {t('swr.employers.secretOnce')} <code>{secret}</code>
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Typography variant="h6" component="h2" sx={{ mt: 3 }}>
        {t('swr.employers.deliveries')}
      </Typography>
      <Deliveries />
    </Page>
  );
}

// Staff

export const OrganisationList = () => (
  <List
    filters={[
      <SearchInput source="q" alwaysOn key="q" />,
      <SelectInput
        key="s"
        source="status"
        choices={[
          { id: 'active', name: 'active' },
          { id: 'inactive', name: 'inactive' },
        ]}
      />,
    ]}
    sort={{ field: 'name', order: 'ASC' }}
  >
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="identifier" sortable={false} />
      <TextField source="contactEmail" sortable={false} />
      <TextField source="sector" sortable={false} />
      <TextField source="status" sortable={false} />
      <FunctionField<Organisation> label="swr.employers.watched" render={(o) => o.watchCount} />
      <FunctionField<Organisation> label="swr.employers.activeKeys" render={(o) => o.activeKeyCount} />
      <DateText source="createdAt" />
    </Datagrid>
  </List>
);

const orgFields = (
  <>
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="identifier" label="swr.employers.identifier" />
    <TextInput source="contactEmail" label="swr.employers.alertEmail" type="email" validate={[required(), email()]} />
    <TextInput source="country" label="swr.employers.country" validate={required()} />
    <SelectInput source="sector" choices={SECTORS} validate={required()} />
    <AlertLanguageInput />
  </>
);

export const OrganisationCreate = () => (
  <Create redirect="edit" resource="employers/organisations">
    <SimpleForm defaultValues={{ country: 'VN', locale: 'en', sector: 'social_services' }}>{orgFields}</SimpleForm>
  </Create>
);

function Members() {
  const t = useTranslate();
  const org = useRecordContext<Organisation>();
  const refresh = useRefresh();
  const notify = useNotify();
  const [f, setF] = useState({ email: '', displayName: '' });
  const [error, setError] = useState<string | null>(null);
  if (!org) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <Typography variant="h6" component="h2">
        Accounts
      </Typography>
      <Table size="small" aria-label={t('swr.employers.accounts')}>
        <TableBody>
          {org.members.map((m) => (
            <TableRow key={m.accountId}>
              <TableCell>{m.displayName}</TableCell>
              <TableCell>{m.email}</TableCell>
              <TableCell>{m.status}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack
        direction="row"
        spacing={1}
        sx={{ mt: 1 }}
        component="form"
        aria-label={t('swr.employers.inviteAccount')}
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            // The API declares the invitation's language; English is what it assumes when none is sent.
            await answer(
              registry.POST('/api/v1/employers/organisations/{id}/members', {
                params: { path: { id: org.id } },
                body: { ...f, locale: 'en' },
              }),
            );
            setF({ email: '', displayName: '' });
            notify(t('swr.employers.invitationSent'), { type: 'success' });
            refresh();
          } catch (err) {
            setError(problemMessage(err));
          }
        }}
      >
        <MuiTextField
          size="small"
          label={t('swr.employers.email')}
          type="email"
          value={f.email}
          onChange={(e) => setF({ ...f, email: e.target.value })}
          required
        />
        <MuiTextField
          size="small"
          label={t('swr.employers.name')}
          value={f.displayName}
          onChange={(e) => setF({ ...f, displayName: e.target.value })}
          required
        />
        <Button type="submit" variant="outlined">
          Invite
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}

function OrganisationExtras() {
  const org = useRecordContext<Organisation>();
  if (!org) return null;
  return (
    <Stack spacing={3} sx={{ width: '100%', mt: 2 }}>
      <Members />
      <Box>
        <Typography variant="h6" component="h2">
          API keys
        </Typography>
        <ApiKeys organisationId={org.id} />
      </Box>
      <Box>
        <Typography variant="h6" component="h2">
          Webhook deliveries
        </Typography>
        <Deliveries organisationId={org.id} />
      </Box>
    </Stack>
  );
}

/** The accounts, keys and deliveries sit beside the form (their own forms must not nest inside it). */
export const OrganisationEdit = () => (
  <Edit mutationMode="pessimistic" resource="employers/organisations">
    <SimpleForm>
      {orgFields}
      <SelectInput
        source="status"
        choices={[
          { id: 'active', name: 'active' },
          { id: 'inactive', name: 'inactive (users and keys stop working)' },
        ]}
      />
    </SimpleForm>
    <Box sx={{ px: 2, pb: 2 }}>
      <OrganisationExtras />
    </Box>
  </Edit>
);

const DeliveryStatus = ({ status }: { status: string }) => (
  <>{useTranslate()(`swr.employers.deliveryStatuses.${status}`, { _: status })}</>
);

/** Every organisation's webhook deliveries, failed first to act on. */
export const DeliveryList = () => (
  <List
    resource="employer/notifications"
    title="swr.employers.deliveriesTitle"
    filters={[
      <SelectInput
        key="s"
        source="webhookStatus"
        choices={['pending', 'delivered', 'failed', 'none'].map((id) => ({
          id,
          name: `swr.employers.deliveryStatuses.${id}`,
        }))}
        alwaysOn
      />,
    ]}
    sort={{ field: 'createdAt', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateText source="createdAt" showTime />
      <TextField source="organisationName" sortable={false} />
      <FunctionField
        source="licenceNumber"
        sortable={false}
        render={(n: Notification) => <LicenceNumber number={n.licenceNumber} />}
      />
      <TextField source="type" sortable={false} />
      <FunctionField
        label="swr.employers.webhook"
        render={(n: Notification) => (
          <Chip
            size="small"
            label={<DeliveryStatus status={n.webhookStatus} />}
            color={deliveryColour(n.webhookStatus)}
          />
        )}
      />
      <TextField source="attempts" sortable={false} />
      <TextField source="lastError" sortable={false} />
      <RetryButton />
    </Datagrid>
  </List>
);

function RetryButton() {
  const n = useRecordContext<Notification>();
  const refresh = useRefresh();
  const notify = useNotify();
  if (!n || n.webhookStatus !== 'failed') return null;
  return (
    <Button
      size="small"
      onClick={() =>
        answer(registry.POST('/api/v1/employer/notifications/{id}/retry', { params: { path: { id: n.id } } })).then(
          refresh,
          (e) => notify(problemMessage(e), { type: 'error' }),
        )
      }
    >
      Retry
    </Button>
  );
}
