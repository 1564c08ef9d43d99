import { useCallback, useEffect, useState } from 'react';
import {
  BooleanField,
  Create,
  Datagrid,
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
  useTranslate,
  Title,
} from 'react-admin';
import { useFormatDate, useFormatDateTime } from '../format';
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
import type { Schemas } from '../../../clients/typescript/index';
import { answer, problemMessage, registry } from '../api';
import { DateText } from '../DateText';
import { DayTextField } from '../DayInput';

type Peer = Schemas['MraPeer'];
type Lookup = Schemas['MraLookup'];

/** A lookup's outcome as a chip, in the reader's language. */
function OutcomeChip({ outcome: o }: { outcome: string }) {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      label={t(`swr.mra.outcomes.${o}`, { _: o.replace('_', ' ') })}
      color={o === 'found' ? 'success' : o === 'unavailable' ? 'warning' : 'default'}
    />
  );
}
const outcomeChip = (o: string) => <OutcomeChip outcome={o} />;

/** What a peer answered, in one line in the reader's language. */
function AnswerText({ lookup: l }: { lookup: Lookup }) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const a = l.answer;
  if (l.outcome === 'unavailable') return <>{t('swr.mra.couldNotAnswer', { detail: l.detail ?? '' })}</>;
  if (l.outcome === 'not_found') return <>{t('swr.mra.notRegistered')}</>;
  if (!a) return null;
  if ('number' in a)
    return (
      <>
        {[
          a.name,
          a.title,
          t('swr.mra.statusUntil', {
            status: t(`swr.codes.licenceStatus.${String(a.status)}`, { _: String(a.status) }),
            date: formatDate(String(a.validUntil)),
          }),
          a.currentPublicConditions && t('swr.mra.publicConditions'),
          a.currentSanction && t('swr.mra.underSanction'),
        ]
          .filter(Boolean)
          .join(' · ')}
      </>
    );
  return (
    <>
      {a.programme}, {a.institution}: {t(a.accreditedToday ? 'swr.mra.accreditedToday' : 'swr.mra.notAccreditedToday')}
    </>
  );
}

const ActiveToggle = () => {
  const peer = useRecordContext<Peer>();
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useTranslate();
  if (!peer) return null;
  return (
    <Button
      size="small"
      onClick={async (e) => {
        e.stopPropagation();
        try {
          await answer(
            registry.PATCH('/api/v1/mra/peers/{id}', {
              params: { path: { id: peer.id } },
              body: { active: !peer.active, version: peer.version },
            }),
          );
        } catch (err) {
          notify(problemMessage(err), { type: 'error' });
        }
        refresh();
      }}
    >
      {t(peer.active ? 'swr.mra.suspend' : 'swr.mra.reinstate')}
    </Button>
  );
};

/** The trust list: councils and registers this council asks and answers. */
export const PeerList = () => (
  <List title="swr.mra.trustList" pagination={false} sort={{ field: 'id', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="country" sortable={false} />
      <TextField source="name" sortable={false} />
      <TextField source="issuer" sortable={false} />
      <TextField source="baseUrl" label="swr.mra.address" sortable={false} />
      <FunctionField<Peer> label="Keys" render={(p) => `${p.keys}: ${p.keyIds.join(', ') || 'none yet'}`} />
      <BooleanField source="active" sortable={false} />
      <ActiveToggle />
    </Datagrid>
  </List>
);

export const PeerCreate = () => (
  <Create title="swr.mra.addAPeerCouncil" redirect="list">
    <SimpleForm>
      <TextInput source="country" label="swr.mra.countryIsoCodeEG" validate={required()} />
      <TextInput source="name" validate={required()} />
      <TextInput source="issuer" label="swr.mra.identifierThePeerSPublic" validate={required()} fullWidth />
      <TextInput
        source="baseUrl"
        label="swr.mra.addressToReachIt"
        validate={required()}
        fullWidth
        helperText="Its keys are fetched from this address's /.well-known/jwks.json"
      />
    </SimpleForm>
  </Create>
);

/** Ask a peer; used on its own page and on an application. */
export function CrossBorderLookup({ applicationId, country }: { applicationId?: string; country?: string }) {
  const t = useTranslate();
  const formatDateTime = useFormatDateTime();
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
      answer(registry.GET('/api/v1/mra/peers')),
      answer(registry.GET('/api/v1/mra/lookups', { params: { query: { perPage: 20, applicationId } } })),
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
    const question: Schemas['MraLookupRequest']['question'] =
      f.subject === 'licence'
        ? { subject: 'licence', number: f.number, name: f.name || undefined, dateOfBirth: f.dateOfBirth || undefined }
        : { subject: 'programme', institution: f.institution, programme: f.programme };
    try {
      await answer(
        registry.POST('/api/v1/mra/lookups', {
          body: { peerId: f.peerId, question, purpose: f.purpose, applicationId },
        }),
      );
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
        <Typography variant="body2">{t('swr.mra.noActivePeerOnThe')}</Typography>
      ) : (
        <Stack
          direction="row"
          spacing={1}
          sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}
          component="form"
          aria-label={t('swr.mra.crossBorderLookup')}
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <MuiTextField
            select
            size="small"
            label={t('swr.mra.ask')}
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
          <MuiTextField select size="small" label={t('swr.mra.about')} value={f.subject} onChange={set('subject')}>
            <MenuItem value="licence">a licence</MenuItem>
            <MenuItem value="programme">a programme</MenuItem>
          </MuiTextField>
          {f.subject === 'licence' ? (
            <>
              <MuiTextField
                size="small"
                label={t('swr.mra.licenceNumber')}
                value={f.number}
                onChange={set('number')}
                required
              />
              <MuiTextField size="small" label={t('swr.mra.nameOptional')} value={f.name} onChange={set('name')} />
              <DayTextField
                size="small"
                label={t('swr.mra.dateOfBirthOptional')}
                value={f.dateOfBirth}
                onChange={(day) => setF({ ...f, dateOfBirth: day })}
              />
            </>
          ) : (
            <>
              <MuiTextField
                size="small"
                label={t('swr.mra.institution')}
                value={f.institution}
                onChange={set('institution')}
                required
              />
              <MuiTextField
                size="small"
                label={t('swr.mra.programme')}
                value={f.programme}
                onChange={set('programme')}
                required
              />
            </>
          )}
          <MuiTextField
            size="small"
            label={t('swr.mra.purpose')}
            value={f.purpose}
            onChange={set('purpose')}
            required
            sx={{ minWidth: 260 }}
          />
          <Button type="submit" variant="contained" disabled={busy || !f.peerId}>
            {t(busy ? 'swr.mra.asking' : 'swr.mra.lookUp')}
          </Button>
        </Stack>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {history.length > 0 && (
        <Table size="small" sx={{ mt: 2 }} aria-label={t('swr.mra.lookups')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('swr.mra.when')}</TableCell>
              <TableCell>{t('swr.mra.peer')}</TableCell>
              <TableCell>{t('swr.mra.question')}</TableCell>
              <TableCell>{t('swr.mra.outcome')}</TableCell>
              <TableCell>{t('swr.mra.answer')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.map((l) => (
              <TableRow key={l.id}>
                <TableCell>{formatDateTime(l.createdAt)}</TableCell>
                <TableCell>
                  {l.peerName} ({l.country})
                </TableCell>
                <TableCell>
                  {l.subject === 'licence' ? l.question.number : `${l.question.programme}, ${l.question.institution}`}
                </TableCell>
                <TableCell>{outcomeChip(l.outcome)}</TableCell>
                <TableCell>
                  <AnswerText lookup={l} />
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
    <LookupHeading />
    <Card variant="outlined">
      <CardContent>
        <CrossBorderLookup />
      </CardContent>
    </Card>
  </Box>
);

function LookupHeading() {
  const t = useTranslate();
  return (
    <>
      <Title title={t('swr.mra.crossBorderLookup')} />
      <Typography variant="h4" component="h1" gutterBottom>
        {t('swr.mra.crossBorderLookup')}
      </Typography>
    </>
  );
}

/** Every lookup this council made, with the outcome and a re-check of the signed answer. */
export const LookupHistory = () => {
  const t = useTranslate();
  const notify = useNotify();
  return (
    <List
      title="swr.mra.lookupHistory"
      filters={[
        <SelectInput
          key="o"
          source="outcome"
          choices={['found', 'not_found', 'unavailable'].map((id) => ({ id, name: `swr.mra.outcomes.${id}` }))}
        />,
      ]}
      sort={{ field: 'id', order: 'ASC' }}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateText source="createdAt" showTime sortable={false} />
        <TextField source="peerName" label="swr.mra.peer" sortable={false} />
        <FunctionField<Lookup>
          label="swr.mra.question"
          render={(l) =>
            l.subject === 'licence' ? l.question.number : `${l.question.programme}, ${l.question.institution}`
          }
        />
        <TextField source="purpose" sortable={false} />
        <FunctionField<Lookup> label="swr.mra.outcome" render={(l) => outcomeChip(l.outcome)} />
        <FunctionField<Lookup> label="swr.mra.answer" render={(l) => <AnswerText lookup={l} />} />
        <NumberField source="durationMs" sortable={false} />
        <FunctionField<Lookup>
          label=""
          render={(l) =>
            l.attestation && (
              <Button
                size="small"
                onClick={async () => {
                  try {
                    const r = await answer(
                      registry.POST('/api/v1/mra/lookups/{id}/verification', { params: { path: { id: l.id } } }),
                    );
                    notify(t(r.valid ? 'swr.mra.verified' : 'swr.mra.doesNotVerify', { detail: r.detail }), {
                      type: r.valid ? 'success' : 'error',
                    });
                  } catch (e) {
                    notify(problemMessage(e), { type: 'error' });
                  }
                }}
              >
                {t('swr.mra.verifyAgain')}
              </Button>
            )
          }
        />
      </Datagrid>
    </List>
  );
};
