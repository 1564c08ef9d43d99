/**
 * Applying for a licence, a step at a time: type and tier → qualifications → supervised practice →
 * exam → declarations → evidence → review and submit. What is chosen before the application exists is
 * kept in this browser for the account, so leaving and coming back resumes at the same step; from the
 * declarations on, the application is a draft on the server (evidence attached to it, submitted from
 * it) and a draft found there resumes at the evidence step. Every greyed-out button says why.
 */
import { useEffect, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  MenuItem,
  Stack,
  Step,
  StepContent,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, fileBody, registry, session } from '../api';
import { useCodeLabel } from '../codes';

export type WizardTier = Schemas['Tier'];
export type WizardDraft = Schemas['LicenceApplication'];
type ApplicationType = Schemas['LicenceApplicationCreate']['type'];

const STEPS = ['typeTier', 'qualifications', 'supervision', 'exam', 'declarations', 'evidence', 'review'] as const;
const EVIDENCE = STEPS.indexOf('evidence');

type Saved = { step: number; type: ApplicationType; tier: string; ethics: boolean; fitness: boolean };
const storageKey = () => `swr.apply.${session.account?.id ?? 'anonymous'}`;
function load(): Saved {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey()) ?? 'null') as Saved | null;
    if (v && typeof v.step === 'number') return v;
  } catch {
    /* nothing saved, or unreadable: start afresh */
  }
  return { step: 0, type: 'first_registration', tier: '', ethics: false, fitness: false };
}

/** Attaches a file (PDF, JPEG or PNG) to an application as evidence. */
export function EvidenceInput({
  applicationId,
  act,
}: {
  applicationId: string;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const t = useTranslate();
  return (
    <label>
      {t('swr.myRegistration.attachEvidence')}{' '}
      <input
        aria-label={t('swr.myRegistration.evidenceFile')}
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file)
            void act(() =>
              answer(
                registry.POST('/api/v1/licence-applications/{id}/documents', {
                  params: { path: { id: applicationId }, query: { filename: file.name } },
                  ...fileBody(file),
                }),
              ),
            );
        }}
      />
    </label>
  );
}

export function ApplyWizard({
  tiers,
  draft,
  qualificationCount,
  confirmedHours,
  act,
}: {
  tiers: WizardTier[];
  draft: WizardDraft | undefined;
  qualificationCount: number;
  confirmedHours: number;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const codeLabel = useCodeLabel();
  const [saved, setSaved] = useState<Saved>(load);
  // A draft on the server is where to resume: its evidence, or its review once evidence is there.
  const step = draft ? Math.max(saved.step, EVIDENCE) : Math.min(saved.step, EVIDENCE - 1);
  useEffect(() => {
    localStorage.setItem(storageKey(), JSON.stringify(saved));
  }, [saved]);
  const update = (patch: Partial<Saved>) => setSaved((s) => ({ ...s, ...patch }));
  const go = (to: number) => update({ step: to });
  const tier = tiers.find((x) => x.code === (draft?.tierCode ?? saved.tier));
  const tierName = (x: WizardTier | undefined) => (x ? (x.name[locale] ?? x.name.en ?? x.code) : '');
  const req: Partial<WizardTier['requirements']> = tier?.requirements ?? {};

  const nav = (opts: { next?: () => void; nextDisabledWhy?: string | null; nextLabel?: string; back?: boolean }) => (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 1, alignItems: 'center' }}>
      {opts.back !== false && step > 0 && (
        <Button onClick={() => go(step - 1)} disabled={!!draft && step <= EVIDENCE}>
          {t('ra.action.back')}
        </Button>
      )}
      {opts.next && (
        <Button
          variant="contained"
          onClick={opts.next}
          disabled={!!opts.nextDisabledWhy}
          aria-describedby={opts.nextDisabledWhy ? `why-${STEPS[step]}` : undefined}
        >
          {opts.nextLabel ?? t('swr.apply.continue')}
        </Button>
      )}
      {opts.nextDisabledWhy && (
        <Typography id={`why-${STEPS[step]}`} variant="body2" color="text.secondary">
          {opts.nextDisabledWhy}
        </Typography>
      )}
    </Stack>
  );

  const content: Record<(typeof STEPS)[number], React.ReactNode> = {
    typeTier: (
      <Stack spacing={1} sx={{ maxWidth: 480 }}>
        <TextField
          select
          label={t('swr.myRegistration.applicationType')}
          size="small"
          value={saved.type}
          onChange={(e) => update({ type: e.target.value as ApplicationType })}
        >
          <MenuItem value="first_registration">{codeLabel('applicationType', 'first_registration')}</MenuItem>
          <MenuItem value="tier_upgrade">{codeLabel('applicationType', 'tier_upgrade')}</MenuItem>
          <MenuItem value="restoration">{t('swr.myRegistration.restorationAfterLapse')}</MenuItem>
        </TextField>
        <TextField
          select
          label={t('swr.myRegistration.tier')}
          size="small"
          value={saved.tier}
          onChange={(e) => update({ tier: e.target.value })}
        >
          {tiers.map((choice) => (
            <MenuItem key={choice.code} value={choice.code}>
              {tierName(choice)}
            </MenuItem>
          ))}
        </TextField>
        {nav({ next: () => go(1), nextDisabledWhy: saved.tier ? null : t('swr.myRegistration.chooseTierFirst') })}
      </Stack>
    ),
    qualifications: (
      <Box>
        <Typography variant="body2">
          {req.minQualificationLevel
            ? t('swr.apply.needsLevel', {
                level: t(`swr.myRegistration.levels.${req.minQualificationLevel}`),
                accredited: req.accreditedProgramme ? 'yes' : 'no',
              })
            : t('swr.apply.noLevel')}
        </Typography>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t('swr.apply.declared', { count: qualificationCount })}{' '}
          <a href="#qualifications">{t('swr.apply.toQualifications')}</a>
        </Typography>
        {nav({ next: () => go(2) })}
      </Box>
    ),
    supervision: (
      <Box>
        <Typography variant="body2">
          {req.supervisedHours
            ? t('swr.apply.needsHours', { hours: req.supervisedHours, confirmed: confirmedHours })
            : t('swr.apply.noHours')}
        </Typography>
        <Typography variant="body2" sx={{ mt: 1 }}>
          <a href="#supervised-practice">{t('swr.apply.toSupervision')}</a>
        </Typography>
        {nav({ next: () => go(3) })}
      </Box>
    ),
    exam: (
      <Box>
        <Typography variant="body2">
          {t(req.examRequired ? 'swr.apply.examRequired' : 'swr.apply.noExam', { tier: tierName(tier) })}
        </Typography>
        {req.previousTier && (req.monthsAtPreviousTier ?? 0) > 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {t('swr.apply.previousTier', {
              months: req.monthsAtPreviousTier ?? 0,
              tier: tierName(tiers.find((x) => x.code === req.previousTier)) || (req.previousTier ?? ''),
            })}
          </Typography>
        )}
        {nav({ next: () => go(4) })}
      </Box>
    ),
    declarations: (
      <Stack spacing={1} sx={{ maxWidth: 560 }}>
        <FormControlLabel
          control={<Checkbox checked={saved.ethics} onChange={(e) => update({ ethics: e.target.checked })} />}
          label={t('swr.myRegistration.ethics')}
        />
        <FormControlLabel
          control={<Checkbox checked={saved.fitness} onChange={(e) => update({ fitness: e.target.checked })} />}
          label={t('swr.myRegistration.fitness')}
        />
        <Typography variant="body2" color="text.secondary">
          {t('swr.apply.draftSaved')}
        </Typography>
        {nav({
          nextLabel: t('swr.myRegistration.startApplication'),
          nextDisabledWhy: saved.tier ? null : t('swr.myRegistration.chooseTierFirst'),
          next: () =>
            void act(() =>
              answer(
                registry.POST('/api/v1/licence-applications', {
                  body: {
                    type: saved.type,
                    tierCode: saved.tier,
                    declarations: { ethics: saved.ethics, fitness: saved.fitness },
                  },
                }),
              ),
            ).then(() => go(EVIDENCE)),
        })}
      </Stack>
    ),
    evidence: draft && (
      <Box>
        <EvidenceInput applicationId={draft.id} act={act} />
        {draft.documents.length > 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {t('swr.myRegistration.evidence', { files: draft.documents.map((d) => d.filename).join(', ') })}
          </Typography>
        )}
        {nav({ next: () => go(EVIDENCE + 1) })}
      </Box>
    ),
    review: draft && (
      <Box>
        <Typography variant="body2">
          {codeLabel('applicationType', draft.type)} — {tierName(tier) || draft.tierCode}
        </Typography>
        <Table size="small" aria-label={t('swr.myRegistration.requirements')}>
          <TableBody>
            {draft.requirements.map((r) => (
              <TableRow key={r.key}>
                <TableCell>{r.label}</TableCell>
                <TableCell>{codeLabel('requirementStatus', r.status)}</TableCell>
                <TableCell>{r.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {draft.requirements.some((r) => r.status === 'not_met') && (
          <Alert severity="info" sx={{ mt: 1 }}>
            {t('swr.apply.notMetYet')}
          </Alert>
        )}
        {nav({
          nextLabel: t('swr.myRegistration.submitApplication'),
          next: () =>
            void act(() =>
              answer(
                registry.POST('/api/v1/licence-applications/{id}/submit', {
                  params: { path: { id: draft.id } },
                  body: { version: draft.version },
                }),
              ),
            ).then(() => update({ step: 0, tier: '', ethics: false, fitness: false })),
        })}
      </Box>
    ),
  };

  return (
    <Box sx={{ mt: 1 }}>
      <Typography variant="subtitle1">{t('swr.myRegistration.apply')}</Typography>
      <Stepper activeStep={step} orientation="vertical" aria-label={t('swr.myRegistration.apply')}>
        {STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{t(`swr.apply.steps.${s}`)}</StepLabel>
            <StepContent transitionDuration={0} slotProps={{ transition: { unmountOnExit: true } }}>
              {content[s]}
            </StepContent>
          </Step>
        ))}
      </Stepper>
    </Box>
  );
}
