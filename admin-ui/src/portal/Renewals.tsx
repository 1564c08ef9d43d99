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
import { useLocaleState, useTranslate } from 'react-admin';
import { useFormatDate } from '../format';
import { useCodeLabel } from '../codes';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, registry } from '../api';

type MyRenewal = Schemas['MyRenewal'];

const SECTORS = ['social_welfare', 'health', 'education', 'justice', 'other'] as const;
type Sector = (typeof SECTORS)[number];
const severity = { info: 'info', warning: 'warning', blocking: 'error' } as const;

/** The notices a registrant must act on, and for each current licence: renew, or where the renewal stands. */
export function Renewals({
  act,
  refreshKey,
}: {
  act: (fn: () => Promise<unknown>) => Promise<void>;
  refreshKey: unknown;
}) {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const formatDate = useFormatDate();
  const codeLabel = useCodeLabel();
  const [items, setItems] = useState<MyRenewal[]>([]);
  const [renewing, setRenewing] = useState<MyRenewal | null>(null);
  useEffect(() => {
    void answer(registry.GET('/api/v1/renewals/mine'))
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
                      answer(
                        registry.POST('/api/v1/licence-applications/{id}/submit', {
                          params: { path: { id: i.renewal!.applicationId } },
                          body: { version: i.renewal!.version },
                        }),
                      ),
                    )
                  }
                >
                  {t('swr.portalRenewals.submitRenewal')}
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
          aria-label={t('swr.portalRenewals.renewalOf', {
            number: i.number,
            tier: i.tierName[locale] ?? i.tierName.en ?? i.tierCode,
          })}
        >
          <Typography variant="subtitle1">
            {t('swr.portalRenewals.renewalOf', {
              number: i.number,
              tier: i.tierName[locale] ?? i.tierName.en ?? i.tierCode,
            })}
          </Typography>
          <Typography variant="body2">
            {t('swr.portalRenewals.validUntil')} <strong>{formatDate(i.validUntil)}</strong>
            {i.window.stage === 'not_open' && (
              <> · {t('swr.portalRenewals.opensOn', { date: formatDate(i.window.opensOn) })}</>
            )}
            {i.window.stage === 'open' && <> · {t('swr.portalRenewals.daysLeft', { count: i.window.daysToExpiry })}</>}
            {i.window.stage === 'grace' && (
              <>
                {' '}
                · {t('swr.portalRenewals.graceUntil', { date: formatDate(i.window.graceEndsOn) })}{' '}
                {t(i.practiseInGrace ? 'swr.portalRenewals.mayPractise' : 'swr.portalRenewals.mayNotPractise')}
              </>
            )}
          </Typography>
          {(i.fee || i.lateFee) && (
            <Typography variant="body2">
              {[
                i.fee && t('swr.fees.renewalFee', { fee: i.fee.formatted }),
                i.lateFee && t('swr.fees.lateFee', { fee: i.lateFee.formatted }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          )}
          {i.renewal && (
            <Typography variant="body2">
              {t('swr.portalRenewals.renewal')}{' '}
              <Chip
                size="small"
                label={codeLabel('applicationStatus', i.renewal.status)}
                color={i.renewal.status === 'draft' ? 'warning' : 'success'}
              />
            </Typography>
          )}
          {i.reminders.length > 0 && (
            <Typography variant="body2" color="text.secondary">
              {t('swr.portalRenewals.reminders')}{' '}
              {i.reminders
                .map((r) =>
                  t('swr.portalRenewals.reminder', {
                    days: r.daysBefore,
                    state: r.sentAt
                      ? t('swr.portalRenewals.sentOn', { date: formatDate(r.sentAt) })
                      : t(`swr.outbox.statuses.${r.status}`, { _: r.status }),
                  }),
                )
                .join(' · ')}
            </Typography>
          )}
          {i.canRenew && renewing?.licenceId !== i.licenceId && (
            <Button variant="contained" sx={{ mt: 1 }} onClick={() => setRenewing(i)}>
              {t('swr.portalRenewals.renewLicence')}
            </Button>
          )}
          {!i.canRenew && i.cannotRenewReason && !i.renewal && (
            <Typography variant="body2" color="text.secondary">
              {t('swr.portalRenewals.cannotRenew', { reason: i.cannotRenewReason })}
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
  const t = useTranslate();
  const [ethics, setEthics] = useState(false);
  const [fitness, setFitness] = useState(false);
  const [hasRecord, setHasRecord] = useState<'no' | 'yes' | ''>('');
  const [details, setDetails] = useState('');
  const [employed, setEmployed] = useState<'yes' | 'no' | ''>('');
  const [employer, setEmployer] = useState('');
  const [sector, setSector] = useState<Sector>('social_welfare');
  const [supervision, setSupervision] = useState<'yes' | 'no' | 'skip'>('skip');
  const body = () => ({
    type: 'renewal' as const,
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
      const created = await answer(registry.POST('/api/v1/licence-applications', { body: body() }));
      if (submit)
        await answer(
          registry.POST('/api/v1/licence-applications/{id}/submit', {
            params: { path: { id: created.id } },
            body: { version: created.version },
          }),
        );
      onDone();
    });
  return (
    <Stack
      spacing={1}
      sx={{ mt: 1, maxWidth: 560 }}
      component="form"
      aria-label={t('swr.portalRenewals.declarations')}
      onSubmit={(e) => {
        e.preventDefault();
        void start(true);
      }}
    >
      <FormControlLabel
        control={<Checkbox checked={fitness} onChange={(e) => setFitness(e.target.checked)} />}
        label={t('swr.portalRenewals.fit')}
      />
      <FormControlLabel
        control={<Checkbox checked={ethics} onChange={(e) => setEthics(e.target.checked)} />}
        label={t('swr.portalRenewals.ethics')}
      />
      <Typography variant="body2">{t('swr.portalRenewals.convicted')}</Typography>
      <RadioGroup
        row
        value={hasRecord}
        onChange={(e) => setHasRecord(e.target.value as 'yes' | 'no')}
        aria-label={t('swr.portalRenewals.criminalRecord')}
      >
        <FormControlLabel value="no" control={<Radio />} label={t('swr.portalRenewals.no')} />
        <FormControlLabel value="yes" control={<Radio />} label={t('swr.portalRenewals.yes')} />
      </RadioGroup>
      {hasRecord === 'yes' && (
        <TextField
          size="small"
          label={t('swr.portalRenewals.whatDeclare')}
          value={details}
          onChange={(e) => setDetails(e.target.value)}
          multiline
        />
      )}
      <Typography variant="body2">{t('swr.portalRenewals.employedQuestion')}</Typography>
      <RadioGroup
        row
        value={employed}
        onChange={(e) => setEmployed(e.target.value as 'yes' | 'no')}
        aria-label={t('swr.portalRenewals.currentEmployment')}
      >
        <FormControlLabel value="yes" control={<Radio />} label={t('swr.portalRenewals.yes')} />
        <FormControlLabel value="no" control={<Radio />} label={t('swr.portalRenewals.no')} />
      </RadioGroup>
      {employed === 'yes' && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label={t('swr.portalRenewals.employer')}
            value={employer}
            onChange={(e) => setEmployer(e.target.value)}
          />
          <TextField
            size="small"
            select
            label={t('swr.portalRenewals.sector')}
            value={sector}
            onChange={(e) => setSector(e.target.value as Sector)}
          >
            {SECTORS.map((s) => (
              <MenuItem key={s} value={s}>
                {s.replace('_', ' ')}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      )}
      <Typography variant="body2">{t('swr.portalRenewals.supervisionQuestion')}</Typography>
      <RadioGroup
        row
        value={supervision}
        onChange={(e) => setSupervision(e.target.value as 'yes' | 'no' | 'skip')}
        aria-label={t('swr.portalRenewals.adequateSupervision')}
      >
        <FormControlLabel value="yes" control={<Radio />} label={t('swr.portalRenewals.yes')} />
        <FormControlLabel value="no" control={<Radio />} label={t('swr.portalRenewals.no')} />
        <FormControlLabel value="skip" control={<Radio />} label={t('swr.portalRenewals.preferNotToSay')} />
      </RadioGroup>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button type="submit" variant="contained">
          {t('swr.portalRenewals.submitRenewal')}
        </Button>
        <Button onClick={() => void start(false)}>{t('swr.portalRenewals.saveLater')}</Button>
        <Button color="inherit" onClick={onDone}>
          {t('swr.portalRenewals.cancel')}
        </Button>
      </Stack>
    </Stack>
  );
}
