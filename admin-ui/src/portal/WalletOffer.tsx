import { useState } from 'react';
import { useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, problemMessage, registry } from '../api';
import { useFormatDateTime } from '../format';

type Offer = Schemas['CredentialOffer'];

/**
 * "Add to a wallet": a one-time OpenID4VCI offer of the licence credential, shown as a QR code for a
 * wallet app on a phone (or a link for a wallet on this device) with the PIN the wallet asks for.
 */
export function WalletOffer({ licenceId, number }: { licenceId: string; number: string }) {
  const t = useTranslate();
  const dateTime = useFormatDateTime();
  const [offer, setOffer] = useState<Offer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      setOffer(
        await answer(registry.POST('/api/v1/licences/{id}/credential-offer', { params: { path: { id: licenceId } } })),
      );
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" variant="outlined" onClick={() => void open()} disabled={busy} sx={{ mt: 1 }}>
        {t('swr.home.wallet.button')}
      </Button>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Dialog open={offer !== null} onClose={() => setOffer(null)} aria-labelledby={`wallet-${licenceId}`}>
        <DialogTitle id={`wallet-${licenceId}`}>{t('swr.home.wallet.title', { number })}</DialogTitle>
        {offer && (
          <DialogContent>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {t('swr.home.wallet.scan')}
            </Typography>
            <Box
              component="img"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}`}
              alt={t('swr.home.wallet.qrAlt')}
              sx={{ width: 240, height: 240, display: 'block', mx: 'auto' }}
            />
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'center', alignItems: 'baseline', my: 1 }}>
              <Typography variant="body1">{t('swr.home.wallet.pin')}</Typography>
              <Typography
                variant="h5"
                component="output"
                data-testid="wallet-pin"
                sx={{ fontFamily: 'monospace', letterSpacing: '0.2em' }}
              >
                {offer.txCode}
              </Typography>
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {t('swr.home.wallet.expires', { time: dateTime(offer.expiresAt) })}
            </Typography>
          </DialogContent>
        )}
        <DialogActions>
          {offer && <Button href={offer.offerUri}>{t('swr.home.wallet.open')}</Button>}
          <Button onClick={() => setOffer(null)}>{t('swr.home.wallet.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
