import { useEffect, useState, type ReactNode } from 'react';
import {
  BooleanInput,
  Datagrid,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  Show,
  TextField as RaTextField,
  Title,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, problemMessage, registry, session } from '../api';
import { useAction } from '../useAction';
import type { Invoice } from '../records';
import { intlLocale, useFormatDate } from '../format';
import { DayTextField } from '../DayInput';

const STATUSES = ['open', 'part_paid', 'paid', 'credited', 'void'] as const;
const STAFF_METHODS = ['bank_transfer', 'cash', 'cheque'] as const;
type StaffMethod = (typeof STAFF_METHODS)[number];
const WAIVER_KINDS = ['waiver', 'discount'] as const;
const PAY_BEFORE = ['review', 'approval'] as const;
const KINDS = [
  'first_registration',
  'tier_upgrade',
  'restoration',
  'renewal',
  'late_renewal',
  'certificate_reissue',
  'accreditation',
  'cpd_provider',
] as const;
const STATUS_COLOUR = {
  open: 'warning',
  part_paid: 'warning',
  paid: 'success',
  credited: 'default',
  void: 'default',
} as const;
const today = () => new Date().toISOString().slice(0, 10);

/** A request body as the API declares it, less the record's version (added when it is sent). */
type Unversioned<T> = Omit<T, 'version'>;

/** One action on an invoice, with the body the API declares for it. */
type InvoiceAction =
  | { action: 'payment'; body: Unversioned<Schemas['PaymentCreate']> }
  | { action: 'waiver'; body: Unversioned<Schemas['WaiverCreate']> }
  | { action: 'refund'; body: Unversioned<Schemas['RefundCreate']> }
  | { action: 'void'; body: Unversioned<Schemas['InvoiceVoid']> }
  | { action: 'proofDecision'; paymentId: string; body: Unversioned<Schemas['ProofDecision']> };

/** Sends one action on the invoice as it was read (its version guards against a concurrent change). */
function sendInvoiceAction(inv: Invoice, a: InvoiceAction) {
  const path = { id: inv.id };
  const version = inv.version;
  switch (a.action) {
    case 'payment':
      return answer(
        registry.POST('/api/v1/invoices/{id}/payments', { params: { path }, body: { ...a.body, version } }),
      );
    case 'waiver':
      return answer(registry.POST('/api/v1/invoices/{id}/waivers', { params: { path }, body: { ...a.body, version } }));
    case 'refund':
      return answer(registry.POST('/api/v1/invoices/{id}/refunds', { params: { path }, body: { ...a.body, version } }));
    case 'void':
      return answer(registry.POST('/api/v1/invoices/{id}/void', { params: { path }, body: { ...a.body, version } }));
    case 'proofDecision':
      return answer(
        registry.POST('/api/v1/invoices/{id}/payments/{paymentId}/decision', {
          params: { path: { ...path, paymentId: a.paymentId } },
          body: { ...a.body, version },
        }),
      );
  }
}
const mayManage = () => (session.account?.roles ?? []).some((r) => r === 'admin' || r === 'registrar');

const StatusChip = ({ status }: { status: Invoice['status'] }) => {
  const translate = useTranslate();
  return <Chip size="small" color={STATUS_COLOUR[status]} label={translate(`swr.fees.statuses.${status}`)} />;
};

export function InvoiceList() {
  const translate = useTranslate();
  const date = useFormatDate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('swr.fees.search')} />,
    <SelectInput
      key="status"
      source="status"
      label={translate('swr.fees.filterStatus')}
      choices={STATUSES.map((s) => ({ id: s, name: translate(`swr.fees.statuses.${s}`) }))}
      alwaysOn
    />,
    <BooleanInput key="overdue" source="overdue" label={translate('swr.fees.filterOverdue')} alwaysOn />,
    <BooleanInput key="pendingProof" source="pendingProof" label={translate('swr.fees.filterProof')} alwaysOn />,
  ];
  return (
    <List filters={filters} title={translate('swr.fees.menuInvoices')} sort={{ field: 'issuedOn', order: 'DESC' }}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <RaTextField source="number" label={translate('swr.fees.number')} />
        <RaTextField source="billedTo" label="" sortable={false} />
        <RaTextField source="description" label={translate('swr.fees.description')} sortable={false} />
        <FunctionField<Invoice>
          label={translate('swr.fees.issued')}
          sortBy="issuedOn"
          render={(r) => date(r.issuedOn)}
        />
        <FunctionField<Invoice>
          label={translate('swr.fees.due')}
          sortBy="dueOn"
          render={(r) => (
            <span>
              {date(r.dueOn)} {r.overdue && <Chip size="small" color="error" label={translate('swr.fees.overdue')} />}
            </span>
          )}
        />
        <RaTextField source="total" label={translate('swr.fees.total')} sortBy="totalMinor" />
        <RaTextField source="balance" label={translate('swr.fees.balance')} sortable={false} />
        <FunctionField<Invoice> label={translate('swr.fees.status')} render={(r) => <StatusChip status={r.status} />} />
      </Datagrid>
    </List>
  );
}

const InvoiceTitle = () => {
  const inv = useRecordContext<Invoice>();
  return <>{inv?.number ?? ''}</>;
};

export const InvoiceShow = () => (
  <Show component="div" title={<InvoiceTitle />}>
    <InvoiceDetail />
  </Show>
);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={title} sx={{ mt: 2 }}>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function InvoiceDetail() {
  const inv = useRecordContext<Invoice>();
  const translate = useTranslate();
  const date = useFormatDate();
  const { error, run } = useAction();
  const [form, setForm] = useState<null | 'payment' | 'waiver' | 'refund' | 'void'>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  // Opened from the list, the record is first the list's summary: wait for the whole invoice.
  if (!inv?.lines) return null;
  const done = translate('swr.fees.done');
  const post = (a: InvoiceAction) =>
    run(() => sendInvoiceAction(inv, a), done).then((ok) => {
      if (ok) setForm(null);
    });
  const manage = mayManage() && inv.status !== 'void';
  return (
    <Card>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="h5" component="h1">
            {inv.number}
          </Typography>
          <StatusChip status={inv.status} />
          {inv.overdue && <Chip size="small" color="error" label={translate('swr.fees.overdue')} />}
        </Stack>
        <Typography>
          {inv.billedTo} · {inv.description}
        </Typography>
        <Typography variant="body2">
          {translate('swr.fees.issued')} {date(inv.issuedOn)} · {translate('swr.fees.due')} {date(inv.dueOn)} ·{' '}
          {translate('swr.fees.total')} {inv.total} · {translate('swr.fees.balance')} <strong>{inv.balance}</strong>
        </Typography>
        {inv.voidReason && <Alert severity="info">{inv.voidReason}</Alert>}
        {error && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
          <Button
            onClick={() =>
              void run(
                () =>
                  downloadFile(
                    registry.GET('/api/v1/invoices/{id}/pdf', { params: { path: { id: inv.id } }, parseAs: 'blob' }),
                    `${inv.number}.pdf`,
                  ),
                done,
              )
            }
          >
            {translate('swr.fees.invoicePdf')}
          </Button>
          {manage && inv.balanceMinor > 0 && (
            <Button variant="contained" onClick={() => setForm('payment')}>
              {translate('swr.fees.recordPayment')}
            </Button>
          )}
          {manage && inv.balanceMinor > 0 && (
            <Button onClick={() => setForm('waiver')}>{translate('swr.fees.waive')}</Button>
          )}
          {manage && <Button onClick={() => setForm('refund')}>{translate('swr.fees.refund')}</Button>}
          {manage && (
            <Button color="error" onClick={() => setForm('void')}>
              {translate('swr.fees.void')}
            </Button>
          )}
        </Stack>
        {form === 'payment' && (
          <ActionForm
            fields={['method', 'amountMinor', 'receivedOn', 'reference', 'note']}
            currency={inv.currency}
            initial={{ method: 'bank_transfer', amountMinor: String(inv.balanceMinor), receivedOn: today() }}
            onCancel={() => setForm(null)}
            onSubmit={(v) =>
              post({
                action: 'payment',
                body: {
                  method: v.method,
                  amountMinor: Number(v.amountMinor),
                  currency: inv.currency,
                  receivedOn: v.receivedOn,
                  reference: v.reference || undefined,
                  note: v.note || undefined,
                },
              })
            }
          />
        )}
        {form === 'waiver' && (
          <ActionForm
            fields={['kind', 'amountMinor', 'reason']}
            currency={inv.currency}
            initial={{ kind: 'waiver', amountMinor: '' }}
            onCancel={() => setForm(null)}
            onSubmit={(v) =>
              post({
                action: 'waiver',
                body: {
                  kind: v.kind,
                  amountMinor: v.amountMinor ? Number(v.amountMinor) : undefined,
                  reason: v.reason,
                },
              })
            }
          />
        )}
        {form === 'refund' && (
          <ActionForm
            fields={['amountMinor', 'creditNote', 'method', 'reference', 'reason', 'refundedOn']}
            currency={inv.currency}
            initial={{ method: 'bank_transfer', refundedOn: today(), creditNote: false }}
            onCancel={() => setForm(null)}
            onSubmit={(v) =>
              post({
                action: 'refund',
                body: {
                  amountMinor: Number(v.amountMinor),
                  creditNote: v.creditNote,
                  method: v.method,
                  reference: v.reference || undefined,
                  reason: v.reason,
                  refundedOn: v.refundedOn,
                },
              })
            }
          />
        )}
        {rejecting && (
          <ActionForm
            fields={['note']}
            currency={inv.currency}
            initial={{}}
            onCancel={() => setRejecting(null)}
            onSubmit={(v) =>
              void post({
                action: 'proofDecision',
                paymentId: rejecting,
                body: { decision: 'reject', note: v.note },
              }).then(() => setRejecting(null))
            }
          />
        )}
        {form === 'void' && (
          <ActionForm
            fields={['reason']}
            currency={inv.currency}
            initial={{}}
            onCancel={() => setForm(null)}
            onSubmit={(v) => post({ action: 'void', body: { reason: v.reason } })}
          />
        )}

        <Section title={translate('swr.fees.lines')}>
          <Table size="small">
            <TableBody>
              {inv.lines.map((l) => (
                <TableRow key={l.id}>
                  <TableCell>
                    {l.description}
                    {l.reason && (
                      <Typography variant="body2" color="text.secondary">
                        {l.reason}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">{l.formatted}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
        <Section title={translate('swr.fees.payments')}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('swr.fees.receivedOn')}</TableCell>
                <TableCell>{translate('swr.fees.method')}</TableCell>
                <TableCell>{translate('swr.fees.reference')}</TableCell>
                <TableCell align="right">{translate('swr.fees.total')}</TableCell>
                <TableCell>{translate('swr.fees.status')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {inv.payments.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>{date(p.receivedOn)}</TableCell>
                  <TableCell>{translate(`swr.fees.methods.${p.method}`)}</TableCell>
                  <TableCell>{p.reference ?? '—'}</TableCell>
                  <TableCell align="right">{p.formatted}</TableCell>
                  <TableCell>
                    {translate(`swr.fees.paymentStatuses.${p.status}`)}
                    {p.note && (
                      <Typography variant="body2" color="text.secondary">
                        {p.note}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {p.proofDocumentId && (
                      <Button
                        size="small"
                        onClick={() =>
                          void run(
                            () =>
                              downloadFile(
                                registry.GET('/api/v1/invoices/{id}/payments/{paymentId}/proof', {
                                  params: { path: { id: inv.id, paymentId: p.id } },
                                  parseAs: 'blob',
                                }),
                                'proof',
                              ),
                            done,
                          )
                        }
                      >
                        {translate('swr.fees.proofFile')}
                      </Button>
                    )}
                    {p.status === 'pending' && mayManage() && (
                      <>
                        <Button
                          size="small"
                          onClick={() =>
                            void post({ action: 'proofDecision', paymentId: p.id, body: { decision: 'confirm' } })
                          }
                        >
                          {translate('swr.fees.confirm')}
                        </Button>
                        <Button size="small" color="error" onClick={() => setRejecting(p.id)}>
                          {translate('swr.fees.reject')}
                        </Button>
                      </>
                    )}
                    {p.receiptNumber && (
                      <Button
                        size="small"
                        onClick={() =>
                          void run(
                            () =>
                              downloadFile(
                                registry.GET('/api/v1/invoices/{id}/payments/{paymentId}/receipt', {
                                  params: { path: { id: inv.id, paymentId: p.id } },
                                  parseAs: 'blob',
                                }),
                                `${p.receiptNumber}.pdf`,
                              ),
                            done,
                          )
                        }
                      >
                        {translate('swr.fees.receipt', { number: p.receiptNumber })}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
        {inv.refunds.length > 0 && (
          <Section title={translate('swr.fees.refunds')}>
            <Table size="small">
              <TableBody>
                {inv.refunds.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{date(r.refundedOn)}</TableCell>
                    <TableCell>{r.creditNoteNumber ?? '—'}</TableCell>
                    <TableCell>{r.reason}</TableCell>
                    <TableCell align="right">{r.formatted}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>
        )}
      </CardContent>
    </Card>
  );
}

/** What an invoice action's form holds: the choices typed as the API declares them, the rest as typed. */
type Values = {
  method: StaffMethod;
  kind: (typeof WAIVER_KINDS)[number];
  creditNote: boolean;
} & Record<'amountMinor' | 'receivedOn' | 'reference' | 'note' | 'reason' | 'refundedOn', string>;
type Field = keyof Values;
const BLANK: Values = {
  method: 'bank_transfer',
  kind: 'waiver',
  creditNote: false,
  amountMinor: '',
  receivedOn: '',
  reference: '',
  note: '',
  reason: '',
  refundedOn: '',
};

/** A small form for one invoice action; the server checks every value and names the field it refuses. */
function ActionForm({
  fields,
  currency,
  initial,
  onSubmit,
  onCancel,
}: {
  fields: Field[];
  currency: string;
  initial: Partial<Values>;
  onSubmit: (v: Values) => void;
  onCancel: () => void;
}) {
  const translate = useTranslate();
  const [v, setV] = useState<Values>({ ...BLANK, ...initial });
  const set = (k: Exclude<Field, 'method' | 'kind' | 'creditNote'>) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });
  const label: Record<Field, string> = {
    method: translate('swr.fees.method'),
    amountMinor: translate(fields.includes('kind') ? 'swr.fees.waiveAmount' : 'swr.fees.amount', { currency }),
    receivedOn: translate('swr.fees.receivedOn'),
    reference: translate('swr.fees.reference'),
    note: translate('swr.fees.note'),
    kind: translate('swr.fees.kind'),
    reason: translate('swr.fees.reason'),
    creditNote: translate('swr.fees.creditNote'),
    refundedOn: translate('swr.fees.refundedOn'),
  };
  return (
    <Box
      component="form"
      sx={{ mt: 2, p: 2, border: '1px solid #e0e0e0', borderRadius: 1, maxWidth: 480 }}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(v);
      }}
    >
      <Stack spacing={1.5}>
        {fields.map((f) =>
          f === 'method' ? (
            <TextField
              key={f}
              select
              label={label[f]}
              value={v.method}
              onChange={(e) => setV({ ...v, method: STAFF_METHODS.find((m) => m === e.target.value) ?? v.method })}
            >
              {STAFF_METHODS.map((m) => (
                <MenuItem key={m} value={m}>
                  {translate(`swr.fees.methods.${m}`)}
                </MenuItem>
              ))}
            </TextField>
          ) : f === 'kind' ? (
            <TextField
              key={f}
              select
              label={label[f]}
              value={v.kind}
              onChange={(e) => setV({ ...v, kind: WAIVER_KINDS.find((k) => k === e.target.value) ?? v.kind })}
            >
              <MenuItem value="waiver">{translate('swr.fees.waiver')}</MenuItem>
              <MenuItem value="discount">{translate('swr.fees.discount')}</MenuItem>
            </TextField>
          ) : f === 'creditNote' ? (
            <FormControlLabel
              key={f}
              control={
                <Checkbox checked={v.creditNote} onChange={(e) => setV({ ...v, creditNote: e.target.checked })} />
              }
              label={label[f]}
            />
          ) : (
            <TextField
              key={f}
              label={label[f]}
              value={v[f]}
              onChange={set(f)}
              type={f === 'receivedOn' || f === 'refundedOn' ? 'date' : 'text'}
              inputMode={f === 'amountMinor' ? 'numeric' : undefined}
              multiline={f === 'reason' || f === 'note'}
              slotProps={f === 'receivedOn' || f === 'refundedOn' ? { inputLabel: { shrink: true } } : undefined}
            />
          ),
        )}
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained">
            {translate('swr.fees.send')}
          </Button>
          <Button onClick={onCancel}>{translate('swr.fees.cancel')}</Button>
        </Stack>
      </Stack>
    </Box>
  );
}

type Fee = Schemas['Fee'];
/** The form scheduling a fee: the choices typed as the API declares them, the amounts as typed. */
type FeeForm = {
  kind: Fee['kind'];
  payBefore: (typeof PAY_BEFORE)[number] | '';
} & Record<'scope' | 'amountMinor' | 'currency' | 'tax' | 'effectiveFrom', string>;

/** The fee schedule: every fee past, in force and scheduled; an admin schedules a new one. */
export function FeeSchedule() {
  const translate = useTranslate();
  const date = useFormatDate();
  const [fees, setFees] = useState<Fee[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const empty: FeeForm = {
    kind: 'first_registration',
    scope: '',
    amountMinor: '',
    currency: 'VND',
    tax: '0',
    payBefore: '',
    effectiveFrom: today(),
  };
  const [f, setF] = useState(empty);
  const admin = (session.account?.roles ?? []).includes('admin');
  useEffect(() => {
    void answer(registry.GET('/api/v1/fees'))
      .then((r) => setFees(r.items))
      .catch((e) => setError(problemMessage(e)));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- refresh is the refresh trigger: a change re-fetches
  }, [refresh]);
  const save = async () => {
    setError(null);
    try {
      await answer(
        registry.POST('/api/v1/fees', {
          body: {
            kind: f.kind,
            scope: f.scope,
            amountMinor: Number(f.amountMinor),
            currency: f.currency.trim().toUpperCase(),
            taxRateBp: Math.round(Number(f.tax) * 100),
            payBefore: f.payBefore || null,
            effectiveFrom: f.effectiveFrom,
          },
        }),
      );
      setF(empty);
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const set = (k: 'scope' | 'amountMinor' | 'currency' | 'tax') => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('swr.fees.scheduleTitle')} />
      <CardContent>
        <Typography variant="h5" component="h1">
          {translate('swr.fees.scheduleTitle')}
        </Typography>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('swr.fees.scheduleHelp')}
        </Typography>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Table size="small" aria-label={translate('swr.fees.scheduleTitle')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('swr.fees.feeKind')}</TableCell>
              <TableCell>{translate('swr.fees.scope')}</TableCell>
              <TableCell align="right">{translate('swr.fees.total')}</TableCell>
              <TableCell>{translate('swr.fees.tax')}</TableCell>
              <TableCell>{translate('swr.fees.payBefore')}</TableCell>
              <TableCell>{translate('swr.fees.from')}</TableCell>
              <TableCell>{translate('swr.fees.until')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {fees.map((x) => (
              <TableRow key={x.id} selected={x.inForce}>
                <TableCell>
                  {translate(`swr.fees.kinds.${x.kind}`)}{' '}
                  {x.inForce && <Chip size="small" color="success" label={translate('swr.fees.inForce')} />}
                </TableCell>
                <TableCell>{x.scope || '—'}</TableCell>
                <TableCell align="right">{x.formatted}</TableCell>
                <TableCell>{x.taxRateBp ? `${x.taxRateBp / 100}%` : '—'}</TableCell>
                <TableCell>
                  {x.payBefore
                    ? translate(x.payBefore === 'review' ? 'swr.fees.stepReview' : 'swr.fees.stepApproval')
                    : '—'}
                </TableCell>
                <TableCell>{date(x.effectiveFrom)}</TableCell>
                <TableCell>{date(x.effectiveUntil)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {admin && (
          <Box
            component="form"
            sx={{ mt: 3, maxWidth: 520 }}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <Stack spacing={1.5}>
              <TextField
                select
                label={translate('swr.fees.feeKind')}
                value={f.kind}
                onChange={(e) => setF({ ...f, kind: KINDS.find((k) => k === e.target.value) ?? f.kind })}
              >
                {KINDS.map((k) => (
                  <MenuItem key={k} value={k}>
                    {translate(`swr.fees.kinds.${k}`)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField label={translate('swr.fees.scope')} value={f.scope} onChange={set('scope')} />
              <TextField
                label={translate('swr.fees.amountMinor')}
                value={f.amountMinor}
                onChange={set('amountMinor')}
                inputMode="numeric"
                required
              />
              <TextField
                label={translate('swr.fees.currency')}
                value={f.currency}
                onChange={set('currency')}
                required
              />
              <TextField label={translate('swr.fees.tax')} value={f.tax} onChange={set('tax')} inputMode="decimal" />
              <TextField
                select
                label={translate('swr.fees.payBefore')}
                value={f.payBefore}
                onChange={(e) => setF({ ...f, payBefore: PAY_BEFORE.find((p) => p === e.target.value) ?? '' })}
              >
                <MenuItem value="">{translate('swr.fees.payBeforeNone')}</MenuItem>
                <MenuItem value="review">{translate('swr.fees.stepReview')}</MenuItem>
                <MenuItem value="approval">{translate('swr.fees.stepApproval')}</MenuItem>
              </TextField>
              <DayTextField
                label={translate('swr.fees.from')}
                value={f.effectiveFrom}
                onChange={(day) => setF({ ...f, effectiveFrom: day })}
              />
              <Button type="submit" variant="contained">
                {translate('swr.fees.schedule')}
              </Button>
            </Stack>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

type Recon = Schemas['Reconciliation'];
type Income = Schemas['Income'];

/** A day's payments and refunds (with the CSV for the accounting system) and income per month of a year. */
export function PaymentsIncome() {
  const translate = useTranslate();
  const [day, setDay] = useState(today);
  const [year, setYear] = useState(() => String(new Date().getFullYear()));
  const [recon, setRecon] = useState<Recon | null>(null);
  const [income, setIncome] = useState<Income | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void answer(registry.GET('/api/v1/invoices/reconciliation', { params: { query: { date: day } } }))
      .then(setRecon)
      .catch((e) => setError(problemMessage(e)));
  }, [day]);
  useEffect(() => {
    void answer(registry.GET('/api/v1/invoices/income', { params: { query: { year: Number(year) } } }))
      .then(setIncome)
      .catch((e) => setError(problemMessage(e)));
  }, [year]);
  const [locale] = useLocaleState();
  // Totals arrive in minor units; the region's currencies have two decimals except the dong (none).
  const n = (x: number, currency: string) =>
    new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency }).format(currency === 'VND' ? x : x / 100);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('swr.fees.reconTitle')} />
      <CardContent>
        <Typography variant="h5" component="h1">
          {translate('swr.fees.reconTitle')}
        </Typography>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <Stack direction="row" spacing={2} sx={{ my: 2, alignItems: 'center' }}>
          <DayTextField label={translate('swr.fees.reconDay')} value={day} onChange={setDay} />
          <Button
            onClick={() =>
              void downloadFile(
                registry.GET('/api/v1/invoices/reconciliation', {
                  params: { query: { date: day, format: 'csv' } },
                  parseAs: 'blob',
                }),
                `reconciliation-${day}.csv`,
              ).catch((e) => setError(problemMessage(e)))
            }
          >
            {translate('swr.fees.reconCsv')}
          </Button>
        </Stack>
        {recon && recon.pendingProofs > 0 && (
          <Alert severity="warning" sx={{ mb: 1 }}>
            {translate('swr.fees.reconPending', { n: recon.pendingProofs })}
          </Alert>
        )}
        <Table size="small" aria-label={translate('swr.fees.reconDay')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('swr.fees.method')}</TableCell>
              <TableCell align="right">{translate('swr.fees.received')}</TableCell>
              <TableCell align="right">{translate('swr.fees.refunded')}</TableCell>
              <TableCell align="right">{translate('swr.fees.net')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {recon?.totals.map((x) => (
              <TableRow key={`${x.currency}-${x.method}`}>
                <TableCell>
                  {translate(`swr.fees.methods.${x.method}`)} ({x.currency})
                </TableCell>
                <TableCell align="right">{n(x.receivedMinor, x.currency)}</TableCell>
                <TableCell align="right">{n(x.refundedMinor, x.currency)}</TableCell>
                <TableCell align="right">{n(x.netMinor, x.currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <TextField
          sx={{ mt: 3, mb: 1 }}
          label={translate('swr.fees.year')}
          value={year}
          onChange={(e) => setYear(e.target.value)}
          inputMode="numeric"
        />
        <Table size="small" aria-label={translate('swr.fees.year')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('swr.fees.month')}</TableCell>
              <TableCell align="right">{translate('swr.fees.invoiced')}</TableCell>
              <TableCell align="right">{translate('swr.fees.received')}</TableCell>
              <TableCell align="right">{translate('swr.fees.refunded')}</TableCell>
              <TableCell align="right">{translate('swr.fees.net')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {income?.months.map((m) => (
              <TableRow key={`${m.month}-${m.currency}`}>
                <TableCell>
                  {m.month} ({m.currency})
                </TableCell>
                <TableCell align="right">{n(m.invoicedMinor, m.currency)}</TableCell>
                <TableCell align="right">{n(m.receivedMinor, m.currency)}</TableCell>
                <TableCell align="right">{n(m.refundedMinor, m.currency)}</TableCell>
                <TableCell align="right">{n(m.netMinor, m.currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
