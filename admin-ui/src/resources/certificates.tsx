/**
 * Licence certificates and wallet cards: the staff panel on the licence page (download, reissue
 * with a reason, every issue so far) and the portal's download buttons.
 */
import { useCallback, useEffect, useState } from 'react';
import { useRecordContext, usePermissions, useTranslate } from 'react-admin';
import {
  Alert,
  Button,
  Card,
  CardContent,
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
import { useFormatDateTime } from '../format';
import type { paths, Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, problemMessage, registry } from '../api';

/** Which document: the licence certificate or the wallet card (as the API's paths name them). */
type Kind = paths['/api/v1/licences/{id}/certificates/{kind}']['get']['parameters']['path']['kind'];
type Issuance = Schemas['CertificateIssuance'];

const PRINTABLE = ['active', 'grace'];

/** Fetches the PDF with the session token and saves it; throws ApiError with the server's reason on refusal. */
export const downloadCertificate = (licenceId: string, kind: Kind): Promise<void> =>
  downloadFile(
    registry.GET('/api/v1/licences/{id}/certificates/{kind}', {
      params: { path: { id: licenceId, kind } },
      parseAs: 'blob',
    }),
    `${kind}.pdf`,
  );

/** Download buttons for one licence (portal and staff). Explains why when the licence's state does not allow it. */
export function CertificateButtons({
  licenceId,
  status,
  onDownloaded,
}: {
  licenceId: string;
  status: string;
  onDownloaded?: () => void;
}) {
  const t = useTranslate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Kind | null>(null);
  if (!PRINTABLE.includes(status))
    return (
      <Typography variant="body2" color="text.secondary">
        {t('swr.certificates.certificatesAreAvailableForActive')}
      </Typography>
    );
  const get = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    try {
      await downloadCertificate(licenceId, kind);
      onDownloaded?.();
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
        <Button size="small" variant="outlined" disabled={busy !== null} onClick={() => void get('certificate')}>
          {t('swr.certificates.downloadCertificate')}
        </Button>
        <Button size="small" variant="outlined" disabled={busy !== null} onClick={() => void get('wallet-card')}>
          {t('swr.certificates.downloadWalletCard')}
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

/** The "Certificates" panel on the licence show page. */
export function CertificatesPanel() {
  const formatDateTime = useFormatDateTime();
  const t = useTranslate();
  const licence = useRecordContext<{ id: string; status: string }>();
  const { permissions } = usePermissions<string[]>();
  const canManage = (permissions ?? []).some((r) => r === 'admin' || r === 'registrar');
  const [items, setItems] = useState<Issuance[] | null>(null);
  const [kind, setKind] = useState<Kind>('wallet-card');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    if (!licence || !canManage) return;
    try {
      setItems(
        (await answer(registry.GET('/api/v1/licences/{id}/certificates', { params: { path: { id: licence.id } } })))
          .items,
      );
    } catch (e) {
      setMessage({ severity: 'error', text: problemMessage(e) });
    }
  }, [licence, canManage]);
  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- load() sets state only after its fetch resolves
    void load();
  }, [load]);

  if (!licence || !canManage) return null;
  const reissue = async () => {
    setMessage(null);
    try {
      const issued = await answer(
        registry.POST('/api/v1/licences/{id}/certificates/{kind}/reissue', {
          params: { path: { id: licence.id, kind } },
          body: { reason },
        }),
      );
      setReason('');
      setMessage({
        severity: 'success',
        text: t('swr.certificates.reissued', {
          kind: t(kind === 'certificate' ? 'swr.certificates.licenceCertificate' : 'swr.certificates.walletCard'),
          sequence: issued.sequence,
        }),
      });
      await load();
    } catch (e) {
      setMessage({ severity: 'error', text: problemMessage(e) });
    }
  };

  return (
    <Card variant="outlined" sx={{ mt: 2 }} aria-label={t('swr.certificates.certificates')}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {t('swr.certificates.certificates')}
        </Typography>
        <CertificateButtons licenceId={licence.id} status={licence.status} onDownloaded={() => void load()} />
        {PRINTABLE.includes(licence.status) && (
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 2, alignItems: 'flex-start' }}>
            <TextField
              select
              size="small"
              label={t('swr.certificates.reissue')}
              value={kind}
              onChange={(e) => setKind(e.target.value === 'certificate' ? 'certificate' : 'wallet-card')}
              sx={{ width: 200, flexShrink: 0 }}
            >
              <MenuItem value="wallet-card">{t('swr.certificates.walletCard')}</MenuItem>
              <MenuItem value="certificate">{t('swr.certificates.licenceCertificate')}</MenuItem>
            </TextField>
            <TextField
              size="small"
              label={t('swr.certificates.reasonForReissue')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              sx={{ flex: 1, minWidth: 240 }}
              helperText="e.g. card lost, name changed"
            />
            <Button variant="contained" disabled={reason.trim().length < 5} onClick={() => void reissue()}>
              {t('swr.certificates.reissue')}
            </Button>
          </Stack>
        )}
        {message && (
          <Alert severity={message.severity} role={message.severity === 'error' ? 'alert' : 'status'} sx={{ mt: 1 }}>
            {message.text}
          </Alert>
        )}
        <Table size="small" sx={{ mt: 2 }} aria-label={t('swr.certificates.issuedCertificates')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('swr.certificates.issue')}</TableCell>
              <TableCell>{t('swr.certificates.kind')}</TableCell>
              <TableCell>{t('swr.certificates.issued')}</TableCell>
              <TableCell>{t('swr.certificates.reissueReason')}</TableCell>
              <TableCell>{t('swr.certificates.key')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(items ?? []).map((i) => (
              <TableRow key={i.id}>
                <TableCell>{i.sequence}</TableCell>
                <TableCell>
                  {t(i.kind === 'certificate' ? 'swr.certificates.licenceCertificate' : 'swr.certificates.walletCard')}
                </TableCell>
                <TableCell>{formatDateTime(i.issuedAt)}</TableCell>
                <TableCell>{i.reissueReason ?? '—'}</TableCell>
                <TableCell>{i.kid}</TableCell>
              </TableRow>
            ))}
            {items?.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>{t('swr.certificates.nothingIssuedYet')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
