import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { api } from '../api';

type MyRenewal = {
  licenceId: string;
  number: string;
  tierCode: string;
  tierName: Record<string, string>;
  status: string;
  validUntil: string;
  window: {
    stage: 'not_open' | 'open' | 'grace' | 'lapsed';
    opensOn: string;
    expiresOn: string;
    graceEndsOn: string;
    daysToExpiry: number;
    daysToLapse: number;
    late: boolean;
  };
  practiseInGrace: boolean;
  fee: { amountMinor: number; currency: string; formatted: string } | null;
  lateFee: { amountMinor: number; currency: string; formatted: string } | null;
  canRenew: boolean;
  cannotRenewReason: string | null;
  renewal: { applicationId: string; status: string; version: number; startedAt: string } | null;
  notice: { level: 'info' | 'warning' | 'blocking'; text: string } | null;
  reminders: { daysBefore: number; status: string; queuedAt: string; sentAt: string | null }[];
};

const SECTORS = ['social_welfare', 'health', 'education', 'justice', 'other'];
const severity = { info: 'info', warning: 'warning', blocking: 'error' } as const;

/** The notices a registrant must act on, and for each current licence: renew, or where the renewal stands. */
export function Renewals({
  act,
  refreshKey,
}: {
  act: (fn: () => Promise<unknown>) => Promise<void>;
  refreshKey: unknown;
}) {
  const translate = useTranslate();
  const [items, setItems] = useState<MyRenewal[]>([]);
  const [renewing, setRenewing] = useState<MyRenewal | null>(null);
  useEffect(() => {
    void api<{ items: MyRenewal[] }>('GET', '/api/v1/renewals/mine')
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
    // oxlint-disable-next-line react/exhaustive-effect-dependencies -- refreshKey is the refresh trigger: a change re-fetches
  }, [refreshKey]);
  if (!items.length) return null;
  return (
    <Box sx={{ mb: 2 }}>
      {items
        .filter((i) => i.notice)
        .map((i) => (
          <Alert
            key={`n-${i.licenceId}`}
            severity={severity[i.notice!.level]}
            role={i.notice!.level === 'blocking' ? 'alert' : 'status'}
            sx={{ mb: 1 }}
            action={
              i.renewal?.status === 'draft' ? (
                <Button
                  color="inherit"
                  size="small"
                  onClick={() =>
                    act(() =>
                      api('POST', `/api/v1/licence-applications/${i.renewal!.applicationId}/submit`, {
                        version: i.renewal!.version,
                      }),
                    )
                  }
                >
                  Submit renewal
                </Button>
              ) : undefined
            }
          >
            {i.notice!.text}
          </Alert>
        ))}
      {items.map((i) => (
        <Box
          key={i.licenceId}
          sx={{ p: 1.5, mb: 1, border: '1px solid #e0e0e0', borderRadius: 1 }}
          aria-label={`Renewal of ${i.number}`}
        >
          <Typography variant="subtitle1">
            Renewal of {i.number} ({i.tierName.en ?? i.tierCode})
          </Typography>
          <Typography variant="body2">
            Valid until <strong>{i.validUntil}</strong>
            {i.window.stage === 'not_open' && <> · renewal opens on {i.window.opensOn}</>}
            {i.window.stage === 'open' && <> · {i.window.daysToExpiry} days left</>}
            {i.window.stage === 'grace' && (
              <>
                {' '}
                · in grace until {i.window.graceEndsOn}
                {i.practiseInGrace ? ' (you may still practise)' : ' (you may not practise until renewed)'}
              </>
            )}
          </Typography>
          {(i.fee || i.lateFee) && (
            <Typography variant="body2">
              {[
                i.fee && translate('swr.fees.renewalFee', { fee: i.fee.formatted }),
                i.lateFee && translate('swr.fees.lateFee', { fee: i.lateFee.formatted }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          )}
          {i.renewal && (
            <Typography variant="body2">
              Renewal:{' '}
              <Chip
                size="small"
                label={i.renewal.status.replace(/_/g, ' ')}
                color={i.renewal.status === 'draft' ? 'warning' : 'success'}
              />
            </Typography>
          )}
          {i.reminders.length > 0 && (
            <Typography variant="body2" color="text.secondary">
              Reminders:{' '}
              {i.reminders
                .map(
                  (r) =>
                    `${r.daysBefore === 0 ? 'on expiry' : `${r.daysBefore} days before`} (${r.sentAt ? `sent ${r.sentAt.slice(0, 10)}` : r.status})`,
                )
                .join(' · ')}
            </Typography>
          )}
          {i.canRenew && renewing?.licenceId !== i.licenceId && (
            <Button variant="contained" sx={{ mt: 1 }} onClick={() => setRenewing(i)}>
              Renew licence
            </Button>
          )}
          {!i.canRenew && i.cannotRenewReason && !i.renewal && (
            <Typography variant="body2" color="text.secondary">
              You cannot renew now: {i.cannotRenewReason}.
            </Typography>
          )}
          {renewing?.licenceId === i.licenceId && (
            <RenewalForm licence={i} act={act} onDone={() => setRenewing(null)} />
          )}
        </Box>
      ))}
    </Box>
  );
}

function RenewalForm({
  licence,
  act,
  onDone,
}: {
  licence: MyRenewal;
  act: (fn: () => Promise<unknown>) => Promise<void>;
  onDone: () => void;
}) {
  const [ethics, setEthics] = useState(false);
  const [fitness, setFitness] = useState(false);
  const [hasRecord, setHasRecord] = useState<'no' | 'yes' | ''>('');
  const [details, setDetails] = useState('');
  const [employed, setEmployed] = useState<'yes' | 'no' | ''>('');
  const [employer, setEmployer] = useState('');
  const [sector, setSector] = useState('social_welfare');
  const [supervision, setSupervision] = useState<'yes' | 'no' | 'skip'>('skip');
  const body = () => ({
    type: 'renewal',
    tierCode: licence.tierCode,
    declarations: {
      ethics,
      fitness,
      criminalRecord: hasRecord
        ? { hasRecord: hasRecord === 'yes', details: hasRecord === 'yes' ? details : undefined }
        : undefined,
      employment: employed
        ? {
            employed: employed === 'yes',
            employer: employed === 'yes' ? employer : undefined,
            sector: employed === 'yes' ? sector : undefined,
          }
        : undefined,
      adequateSupervision: supervision === 'skip' ? null : supervision === 'yes',
    },
  });
  const start = (submit: boolean) =>
    act(async () => {
      const created = await api<{ id: string; version: number }>('POST', '/api/v1/licence-applications', body());
      if (submit) await api('POST', `/api/v1/licence-applications/${created.id}/submit`, { version: created.version });
      onDone();
    });
  return (
    <Stack
      spacing={1}
      sx={{ mt: 1, maxWidth: 560 }}
      component="form"
      aria-label="Renewal declarations"
      onSubmit={(e) => {
        e.preventDefault();
        void start(true);
      }}
    >
      <FormControlLabel
        control={<Checkbox checked={fitness} onChange={(e) => setFitness(e.target.checked)} />}
        label="I am fit to practise"
      />
      <FormControlLabel
        control={<Checkbox checked={ethics} onChange={(e) => setEthics(e.target.checked)} />}
        label="I continue to follow the code of ethics"
      />
      <Typography variant="body2">
        Since your last licence period, have you been convicted of a criminal offence?
      </Typography>
      <RadioGroup
        row
        value={hasRecord}
        onChange={(e) => setHasRecord(e.target.value as 'yes' | 'no')}
        aria-label="Criminal record"
      >
        <FormControlLabel value="no" control={<Radio />} label="No" />
        <FormControlLabel value="yes" control={<Radio />} label="Yes" />
      </RadioGroup>
      {hasRecord === 'yes' && (
        <TextField
          size="small"
          label="What do you declare?"
          value={details}
          onChange={(e) => setDetails(e.target.value)}
          multiline
        />
      )}
      <Typography variant="body2">Are you currently employed as a social worker?</Typography>
      <RadioGroup
        row
        value={employed}
        onChange={(e) => setEmployed(e.target.value as 'yes' | 'no')}
        aria-label="Current employment"
      >
        <FormControlLabel value="yes" control={<Radio />} label="Yes" />
        <FormControlLabel value="no" control={<Radio />} label="No" />
      </RadioGroup>
      {employed === 'yes' && (
        <Stack direction="row" spacing={1}>
          <TextField size="small" label="Employer" value={employer} onChange={(e) => setEmployer(e.target.value)} />
          <TextField size="small" select label="Sector" value={sector} onChange={(e) => setSector(e.target.value)}>
            {SECTORS.map((s) => (
              <MenuItem key={s} value={s}>
                {s.replace('_', ' ')}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      )}
      <Typography variant="body2">Optional: do you receive adequate supervision?</Typography>
      <RadioGroup
        row
        value={supervision}
        onChange={(e) => setSupervision(e.target.value as 'yes' | 'no' | 'skip')}
        aria-label="Adequate supervision"
      >
        <FormControlLabel value="yes" control={<Radio />} label="Yes" />
        <FormControlLabel value="no" control={<Radio />} label="No" />
        <FormControlLabel value="skip" control={<Radio />} label="Prefer not to say" />
      </RadioGroup>
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained">
          Submit renewal
        </Button>
        <Button onClick={() => void start(false)}>Save and finish later</Button>
        <Button color="inherit" onClick={onDone}>
          Cancel
        </Button>
      </Stack>
    </Stack>
  );
}
