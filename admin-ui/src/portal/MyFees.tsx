import { useEffect, useState } from 'react';
import { Title, useLocaleState, useTranslate } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { answer, downloadFile, fileBody, problemMessage, registry } from '../api';
import { useFormatDate } from '../format';
import { INVOICE_STATUS_COLOUR as STATUS_COLOUR, type Invoice } from '../records';
import { DayTextField } from '../DayInput';

/** What a social worker owes: pay online, send proof of a bank transfer, download invoices and receipts. */
export function MyFees() {
  const translate = useTranslate();
  const date = useFormatDate();
  useLocaleState();
  const [items, setItems] = useState<Invoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [proofFor, setProofFor] = useState<Invoice | null>(null);
  const [refresh, setRefresh] = useState(0);
  const paidNumber = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('paid');

  useEffect(() => {
    void (async () => {
      try {
        const list = await answer(registry.GET('/api/v1/invoices', { params: { query: { perPage: 100 } } }));
        setItems(
          await Promise.all(
            list.items.map((i) => answer(registry.GET('/api/v1/invoices/{id}', { params: { path: { id: i.id } } }))),
          ),
        );
      } catch (e) {
        setError(problemMessage(e));
      }
    })();
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- refresh is the refresh trigger: a change re-fetches
  }, [refresh]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const payOnline = (inv: Invoice) =>
    act(async () => {
      const co = await answer(registry.POST('/api/v1/invoices/{id}/checkout', { params: { path: { id: inv.id } } }));
      window.location.assign(co.url);
    });

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('swr.fees.mineTitle')} />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {translate('swr.fees.mineTitle')}
        </Typography>
        {paidNumber && (
          <Alert severity="success" role="status" sx={{ mb: 2 }}>
            {translate('swr.fees.paidBack', { number: paidNumber })}
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        {items?.length === 0 && <Typography>{translate('swr.fees.mineEmpty')}</Typography>}
        {items?.map((inv) => (
          <Box
            key={inv.id}
            component="section"
            aria-label={`${translate('swr.fees.number')} ${inv.number}`}
            sx={{ p: 2, mb: 2, border: '1px solid #e0e0e0', borderRadius: 1 }}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="subtitle1" component="h2">
                {inv.number} · {inv.description}
              </Typography>
              <Chip
                size="small"
                color={STATUS_COLOUR[inv.status]}
                label={translate(`swr.fees.statuses.${inv.status}`)}
              />
              {inv.overdue && <Chip size="small" color="error" label={translate('swr.fees.overdue')} />}
            </Stack>
            <Typography variant="body2">
              {translate('swr.fees.issued')} {date(inv.issuedOn)} · {translate('swr.fees.due')} {date(inv.dueOn)} ·{' '}
              {translate('swr.fees.total')} {inv.total} · {translate('swr.fees.balance')} <strong>{inv.balance}</strong>
            </Typography>
            {inv.payBefore && inv.balanceMinor > 0 && inv.status !== 'void' && (
              <Typography variant="body2" color="warning.main">
                {translate('swr.fees.holds', {
                  step: translate(inv.payBefore === 'review' ? 'swr.fees.stepReview' : 'swr.fees.stepApproval'),
                })}
              </Typography>
            )}
            {inv.payments.some((p) => p.status === 'pending') && (
              <Typography variant="body2">{translate('swr.fees.pending')}</Typography>
            )}
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
              {inv.onlinePayment && (
                <Button variant="contained" onClick={() => void payOnline(inv)}>
                  {translate('swr.fees.payOnline')}
                </Button>
              )}
              {inv.balanceMinor > 0 && inv.status !== 'void' && !inv.payments.some((p) => p.status === 'pending') && (
                <Button variant="outlined" onClick={() => setProofFor(inv)}>
                  {translate('swr.fees.proof')}
                </Button>
              )}
              <Button
                onClick={() =>
                  void act(() =>
                    downloadFile(
                      registry.GET('/api/v1/invoices/{id}/pdf', { params: { path: { id: inv.id } }, parseAs: 'blob' }),
                      `${inv.number}.pdf`,
                    ),
                  )
                }
              >
                {translate('swr.fees.invoicePdf')}
              </Button>
              {inv.payments
                .filter((p) => p.receiptNumber)
                .map((p) => (
                  <Button
                    key={p.id}
                    onClick={() =>
                      void act(() =>
                        downloadFile(
                          registry.GET('/api/v1/invoices/{id}/payments/{paymentId}/receipt', {
                            params: { path: { id: inv.id, paymentId: p.id } },
                            parseAs: 'blob',
                          }),
                          `${p.receiptNumber}.pdf`,
                        ),
                      )
                    }
                  >
                    {translate('swr.fees.receipt', { number: p.receiptNumber })}
                  </Button>
                ))}
            </Stack>
            {proofFor?.id === inv.id && (
              <ProofForm
                invoice={inv}
                onCancel={() => setProofFor(null)}
                onSent={() => {
                  setProofFor(null);
                  setRefresh((n) => n + 1);
                }}
              />
            )}
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}

/** The payer's proof of a bank transfer: the slip, the amount, the date and the bank's reference. */
function ProofForm({ invoice, onCancel, onSent }: { invoice: Invoice; onCancel: () => void; onSent: () => void }) {
  const translate = useTranslate();
  const [file, setFile] = useState<File | null>(null);
  const [amount, setAmount] = useState(String(invoice.balanceMinor));
  const [receivedOn, setReceivedOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setError(null);
    if (!file) return setError(translate('swr.fees.proofFile'));
    try {
      await answer(
        registry.POST('/api/v1/invoices/{id}/proof', {
          params: {
            path: { id: invoice.id },
            query: { amountMinor: Number(amount), receivedOn, reference, filename: file.name },
          },
          ...fileBody(new Blob([file], { type: file.type || 'application/pdf' })),
        }),
      );
    } catch (e) {
      return setError(problemMessage(e));
    }
    onSent();
  };
  return (
    <Box component="form" sx={{ mt: 2 }} onSubmit={(e) => (e.preventDefault(), void send())}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate('swr.fees.proofHelp')}
      </Typography>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Stack spacing={1.5} sx={{ maxWidth: 420 }}>
        <Button variant="outlined" component="label">
          {file ? file.name : translate('swr.fees.proofFile')}
          <input
            hidden
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            aria-label={translate('swr.fees.proofFile')}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Button>
        <TextField
          label={translate('swr.fees.amount', { currency: invoice.currency })}
          value={amount}
          inputMode="numeric"
          onChange={(e) => setAmount(e.target.value)}
          required
        />
        <DayTextField
          label={translate('swr.fees.receivedOn')}
          value={receivedOn}
          onChange={(day) => setReceivedOn(day)}
          required
        />
        <TextField
          label={translate('swr.fees.reference')}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          required
        />
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
