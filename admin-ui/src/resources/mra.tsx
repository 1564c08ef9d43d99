import { useCallback, useEffect, useState } from 'react';
import {
  BooleanField,
  Create,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { api, problemMessage } from '../api';

type Peer = {
  id: string;
  name: string;
  country: string;
  issuer: string;
  active: boolean;
  keys: 'pinned' | 'fetched';
  keyIds: string[];
  version: number;
};
type Lookup = {
  id: string;
  peerName: string;
  country: string;
  subject: string;
  question: Record<string, string>;
  purpose: string;
  outcome: 'found' | 'not_found' | 'unavailable';
  detail: string | null;
  answer: Record<string, unknown> | null;
  attestation: string | null;
  durationMs: number;
  createdAt: string;
};

const outcomeChip = (o: string) => (
  <Chip
    size="small"
    label={o.replace('_', ' ')}
    color={o === 'found' ? 'success' : o === 'unavailable' ? 'warning' : 'default'}
  />
);
const answerText = (a: Record<string, unknown> | null) => {
  if (!a) return '';
  if ('number' in a)
    return `${a.name} · ${a.title} · ${a.status} until ${a.validUntil}${a.currentPublicConditions ? ' · public conditions' : ''}${a.currentSanction ? ' · under sanction' : ''}`;
  return `${a.programme}, ${a.institution}: ${a.accreditedToday ? 'accredited today' : 'not accredited today'}`;
};

const ActiveToggle = () => {
  const peer = useRecordContext<Peer>();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!peer) return null;
  return (
    <Button
      size="small"
      onClick={async (e) => {
        e.stopPropagation();
        try {
          await api('PATCH', `/api/v1/mra/peers/${peer.id}`, { active: !peer.active, version: peer.version });
        } catch (err) {
          notify(problemMessage(err), { type: 'error' });
        }
        refresh();
      }}
    >
      {peer.active ? 'Suspend' : 'Reinstate'}
    </Button>
  );
};

/** The trust list: councils and registers this council asks and answers. */
export const PeerList = () => (
  <List title="Trust list" pagination={false} sort={{ field: 'id', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="country" sortable={false} />
      <TextField source="name" sortable={false} />
      <TextField source="issuer" sortable={false} />
      <TextField source="baseUrl" label="Address" sortable={false} />
      <FunctionField<Peer> label="Keys" render={(p) => `${p.keys}: ${p.keyIds.join(', ') || 'none yet'}`} />
      <BooleanField source="active" sortable={false} />
      <ActiveToggle />
    </Datagrid>
  </List>
);

export const PeerCreate = () => (
  <Create title="Add a peer council" redirect="list">
    <SimpleForm>
      <TextInput source="country" label="Country (ISO code, e.g. TH)" validate={required()} />
      <TextInput source="name" validate={required()} />
      <TextInput source="issuer" label="Identifier (the peer's public URL)" validate={required()} fullWidth />
      <TextInput
        source="baseUrl"
        label="Address to reach it"
        validate={required()}
        fullWidth
        helperText="Its keys are fetched from this address's /.well-known/jwks.json"
      />
    </SimpleForm>
  </Create>
);

/** Ask a peer; used on its own page and on an application. */
export function CrossBorderLookup({ applicationId, country }: { applicationId?: string; country?: string }) {
  const [peers, setPeers] = useState<Peer[]>([]);
  const [history, setHistory] = useState<Lookup[]>([]);
  const [f, setF] = useState({
    peerId: '',
    subject: 'licence',
    number: '',
    name: '',
    dateOfBirth: '',
    institution: '',
    programme: '',
    purpose: applicationId ? 'assessing an application for registration' : '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [p, h] = await Promise.all([
      api<{ items: Peer[] }>('GET', '/api/v1/mra/peers'),
      api<{ items: Lookup[] }>(
        'GET',
        `/api/v1/mra/lookups?perPage=20${applicationId ? `&applicationId=${applicationId}` : ''}`,
      ),
    ]);
    const active = p.items.filter((x) => x.active);
    setPeers(active);
    setHistory(h.items);
    setF((old) =>
      old.peerId ? old : { ...old, peerId: (active.find((x) => x.country === country) ?? active[0])?.id ?? '' },
    );
  }, [applicationId, country]);
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- load() sets state only after its fetch resolves
    void load().catch((e) => setError(problemMessage(e)));
  }, [load]);
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  const run = async () => {
    setBusy(true);
    setError(null);
    const question =
      f.subject === 'licence'
        ? { subject: 'licence', number: f.number, name: f.name || undefined, dateOfBirth: f.dateOfBirth || undefined }
        : { subject: 'programme', institution: f.institution, programme: f.programme };
    try {
      await api('POST', '/api/v1/mra/lookups', { peerId: f.peerId, question, purpose: f.purpose, applicationId });
      await load();
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box>
      {peers.length === 0 ? (
        <Typography variant="body2">No active peer on the trust list.</Typography>
      ) : (
        <Stack
          direction="row"
          spacing={1}
          sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}
          component="form"
          aria-label="Cross-border lookup"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <MuiTextField
            select
            size="small"
            label="Ask"
            value={f.peerId}
            onChange={set('peerId')}
            sx={{ minWidth: 200 }}
          >
            {peers.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.name} ({p.country})
              </MenuItem>
            ))}
          </MuiTextField>
          <MuiTextField select size="small" label="About" value={f.subject} onChange={set('subject')}>
            <MenuItem value="licence">a licence</MenuItem>
            <MenuItem value="programme">a programme</MenuItem>
          </MuiTextField>
          {f.subject === 'licence' ? (
            <>
              <MuiTextField size="small" label="Licence number" value={f.number} onChange={set('number')} required />
              <MuiTextField size="small" label="Name (optional)" value={f.name} onChange={set('name')} />
              <MuiTextField
                size="small"
                type="date"
                label="Date of birth (optional)"
                slotProps={{ inputLabel: { shrink: true } }}
                value={f.dateOfBirth}
                onChange={set('dateOfBirth')}
              />
            </>
          ) : (
            <>
              <MuiTextField
                size="small"
                label="Institution"
                value={f.institution}
                onChange={set('institution')}
                required
              />
              <MuiTextField size="small" label="Programme" value={f.programme} onChange={set('programme')} required />
            </>
          )}
          <MuiTextField
            size="small"
            label="Purpose"
            value={f.purpose}
            onChange={set('purpose')}
            required
            sx={{ minWidth: 260 }}
          />
          <Button type="submit" variant="contained" disabled={busy || !f.peerId}>
            {busy ? 'Asking…' : 'Look up'}
          </Button>
        </Stack>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {history.length > 0 && (
        <Table size="small" sx={{ mt: 2 }} aria-label="Lookups">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Peer</TableCell>
              <TableCell>Question</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell>Answer</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.map((l) => (
              <TableRow key={l.id}>
                <TableCell>{new Date(l.createdAt).toLocaleString()}</TableCell>
                <TableCell>
                  {l.peerName} ({l.country})
                </TableCell>
                <TableCell>
                  {l.subject === 'licence' ? l.question.number : `${l.question.programme}, ${l.question.institution}`}
                </TableCell>
                <TableCell>{outcomeChip(l.outcome)}</TableCell>
                <TableCell>
                  {l.outcome === 'unavailable'
                    ? `The peer could not answer: ${l.detail}`
                    : l.outcome === 'not_found'
                      ? 'Not registered there (or the details do not match)'
                      : answerText(l.answer)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

export const LookupPage = () => (
  <Box sx={{ p: 2 }}>
    <Typography variant="h4" component="h1" gutterBottom>
      Cross-border lookup
    </Typography>
    <Card variant="outlined">
      <CardContent>
        <CrossBorderLookup />
      </CardContent>
    </Card>
  </Box>
);

/** Every lookup this council made, with the outcome and a re-check of the signed answer. */
export const LookupHistory = () => {
  const notify = useNotify();
  return (
    <List
      title="Lookup history"
      filters={[
        <SelectInput
          key="o"
          source="outcome"
          choices={['found', 'not_found', 'unavailable'].map((id) => ({ id, name: id.replace('_', ' ') }))}
        />,
      ]}
      sort={{ field: 'id', order: 'ASC' }}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateField source="createdAt" showTime sortable={false} />
        <TextField source="peerName" label="Peer" sortable={false} />
        <FunctionField<Lookup>
          label="Question"
          render={(l) =>
            l.subject === 'licence' ? l.question.number : `${l.question.programme}, ${l.question.institution}`
          }
        />
        <TextField source="purpose" sortable={false} />
        <FunctionField<Lookup> label="Outcome" render={(l) => outcomeChip(l.outcome)} />
        <FunctionField<Lookup>
          label="Answer"
          render={(l) => (l.outcome === 'unavailable' ? l.detail : answerText(l.answer))}
        />
        <NumberField source="durationMs" label="ms" sortable={false} />
        <FunctionField<Lookup>
          label=""
          render={(l) =>
            l.attestation && (
              <Button
                size="small"
                onClick={async () => {
                  try {
                    const r = await api<{ valid: boolean; detail: string }>(
                      'POST',
                      `/api/v1/mra/lookups/${l.id}/verification`,
                    );
                    notify(r.valid ? `Verified: ${r.detail}` : `Does not verify: ${r.detail}`, {
                      type: r.valid ? 'success' : 'error',
                    });
                  } catch (e) {
                    notify(problemMessage(e), { type: 'error' });
                  }
                }}
              >
                Verify again
              </Button>
            )
          }
        />
      </Datagrid>
    </List>
  );
};
