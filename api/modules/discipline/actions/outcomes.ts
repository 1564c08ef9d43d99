/**
 * Outcomes and sanctions: recording a decision (or an interim order), lifting a sanction, and an
 * appeal that upholds, stays or replaces an outcome. A replaced or stayed outcome keeps its row;
 * the replacement is a new row pointing at it, so the history keeps both. Each change acts on the
 * licence at once for today (through the same set-based sweep the daily job runs).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import { currentScope } from '../../../http/request-context.js';
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/index.js';
import { Licence, LicenceCondition } from '../../licences/index.js';
import { Registrant } from '../../registrants/index.js';
import { DisciplineCase, DisciplineSanction } from '../discipline.entity.js';
import { addDays } from '../../../shared/dates.js';
import {
  ACTS_ON_LICENCE,
  checkOutcomeInput,
  publicationWindow,
  renderPublicText,
  stageAllowsOutcome,
  type OutcomeType,
} from '../discipline.rules.js';
import { addEvent, isoDay, lockCase } from '../discipline.service.js';
import { loadSettings, notifyRespondent } from '../discipline.notify.js';
import { applySanctions, sweepPublication } from '../discipline.jobs.js';
import { outcomeFields, type appealOutcomeBody, type liftBody } from '../discipline.schema.js';

const outcomeShape = z.object(outcomeFields);
type OutcomeInput = z.infer<typeof outcomeShape>;

const LABEL: Record<OutcomeType, string> = {
  no_case_to_answer: 'no case to answer',
  advice: 'advice',
  warning: 'warning',
  conditions: 'conditions of practice',
  suspension: 'suspension',
  removal: 'removal from the register',
  interim_suspension: 'interim suspension',
};

export function outcomeActions(deps: AppDeps) {
  const em = () => deps.orm.em;
  const now = () => deps.clock.now();

  /** Applies today's effect on the licence and publication of these sanctions, auditing licence moves. */
  async function actNow(tx: EntityManager, c: DisciplineCase, licenceIds: string[], sanctionIds: string[]) {
    await tx.flush();
    // An outcome changes the case: a registrar who read the case before it gets a version conflict.
    await tx.execute(`update discipline_case set version = version + 1 where id = ?`, [c.id]);
    const today = isoDay(now());
    const moves = licenceIds.length ? await applySanctions(tx, today, now(), licenceIds) : [];
    for (const m of moves) {
      await recordAudit(tx, {
        action: `licence.${m.to_status}`,
        entityType: 'licence',
        entityId: m.licence_id,
        before: { status: m.from_status },
        after: { status: m.to_status, effectiveDate: m.effective_date, cause: 'discipline' },
      });
    }
    await sweepPublication(tx, today, now(), sanctionIds);
  }

  /** Ends a sanction's effect from `fromDay`: its licence condition and its public period end the day before. */
  async function endEffects(tx: EntityManager, s: DisciplineSanction, fromDay: string) {
    const last = addDays(fromDay, -1);
    if (s.licenceConditionId) {
      const cond = await tx.findOne(LicenceCondition, { id: s.licenceConditionId });
      if (cond && (!cond.endsOn || cond.endsOn > last)) cond.endsOn = last;
      if (s.licence) await tx.execute(`update licence set version = version + 1 where id = ?`, [s.licence.id]);
    }
    if (s.publishedFrom && (!s.publishedUntil || s.publishedUntil > last)) s.publishedUntil = last;
  }

  async function record(
    tx: EntityManager,
    c: DisciplineCase,
    input: OutcomeInput,
    opts: { replaces?: DisciplineSanction } = {},
  ): Promise<DisciplineSanction> {
    if (!stageAllowsOutcome(c.stage, input.type)) {
      throw new ValidationError(
        'type',
        input.type === 'interim_suspension'
          ? 'an interim suspension is made at the interim order stage'
          : `outcomes are recorded at the decision (or appeal) stage; the case is at ${c.stage.replace(/_/g, ' ')}`,
      );
    }
    const acts = ACTS_ON_LICENCE.includes(input.type);
    const licenceId = input.licenceId ?? c.licence?.id ?? null;
    checkOutcomeInput({ ...input, licenceId });
    let licence: Licence | null = null;
    if (licenceId) {
      licence = await tx.findOne(Licence, { id: licenceId });
      if (!licence) throw new ValidationError('licenceId', 'no licence has this id');
      if (c.registrant && licence.registrant.id !== c.registrant.id)
        throw new ValidationError('licenceId', "is not a licence of the case's respondent");
      if (acts && ['revoked', 'surrendered'].includes(licence.status))
        throw new ValidationError('licenceId', `the licence is ${licence.status}`);
      if (!c.registrant) {
        c.registrant = tx.getReference(Registrant, licence.registrant.id, { wrapped: true });
        c.licence = tx.getReference(Licence, licence.id, { wrapped: true });
      }
    }
    const today = isoDay(now());
    const { publication } = await loadSettings(tx);
    const rule = publication[input.type];
    const window = publicationWindow(rule, { startsOn: input.startsOn, endsOn: input.endsOn ?? null });
    const s = tx.create(DisciplineSanction, {
      case: c.id,
      licence: licence?.id ?? null,
      type: input.type,
      status: 'in_force',
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? null,
      liftedOn: null,
      conditionsText: input.conditionsText || null,
      reasons: input.reasons,
      decidedOn: today,
      licenceConditionId: null,
      replaces: opts.replaces?.id ?? null,
      replacedBy: null,
      publicText: window
        ? renderPublicText(rule.text, {
            type: LABEL[input.type],
            from: input.startsOn,
            until: input.endsOn ?? null,
            conditions: input.conditionsText ?? null,
            caseRef: c.reference,
          })
        : null,
      publishedFrom: window?.from ?? null,
      publishedUntil: window?.until ?? null,
      publicationState: 'unpublished',
      createdBy: currentScope()?.actor?.id ?? null,
      createdAt: now(),
    });
    if (input.type === 'conditions' && licence) {
      const cond = tx.create(LicenceCondition, {
        licence: licence.id,
        text: input.conditionsText!,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        public: rule.published,
        createdBy: currentScope()?.actor?.id ?? null,
        createdAt: now(),
      });
      s.licenceConditionId = cond.id;
      await tx.execute(`update licence set version = version + 1 where id = ?`, [licence.id]);
    }
    // A final decision ends the case's interim suspensions: the decision now governs.
    if (input.type !== 'interim_suspension') {
      const interim = await tx.find(DisciplineSanction, { case: c.id, type: 'interim_suspension', status: 'in_force' });
      for (const i of interim) {
        i.status = 'lifted';
        i.liftedOn = today < i.startsOn ? i.startsOn : today;
        await endEffects(tx, i, i.liftedOn);
      }
    }
    addEvent(tx, c, {
      kind: 'outcome',
      onDate: today,
      note: `${LABEL[input.type]}${input.endsOn ? ` from ${input.startsOn} to ${input.endsOn}` : ` from ${input.startsOn}`}`,
      disclosed: true,
      data: { sanctionId: s.id, type: input.type },
      now: now(),
    });
    await tx.flush();
    await recordAudit(tx, {
      action: 'discipline.outcome-recorded',
      entityType: 'discipline_case',
      entityId: c.id,
      after: {
        sanctionId: s.id,
        type: s.type,
        licenceId: licence?.id ?? null,
        startsOn: s.startsOn,
        endsOn: s.endsOn ?? null,
        replaces: s.replaces ?? null,
        publicFrom: s.publishedFrom ?? null,
        publicUntil: s.publishedUntil ?? null,
      },
    });
    return s;
  }

  async function sanctionWithCase(tx: EntityManager, id: string) {
    const s0 = await tx.findOne(DisciplineSanction, { id });
    if (!s0) throw new NotFoundError('The outcome');
    const c = await lockCase(tx, s0.case.id);
    await tx.refresh(s0);
    return { s: s0, c };
  }

  const ctx = () => ({ now: now(), publicUrl: deps.config.publicUrl });
  const ref = (c: DisciplineCase) => ({ id: c.id, reference: c.reference, registrantId: c.registrant?.id ?? null });

  return {
    async recordOutcome(caseId: string, version: number, input: OutcomeInput) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, caseId, version);
        const s = await record(tx, c, input);
        await actNow(tx, c, s.licence ? [s.licence.id] : [], [s.id]);
        const interim = input.type === 'interim_suspension';
        await notifyRespondent(
          tx,
          ref(c),
          interim ? 'interim_order' : 'decision',
          s.id,
          `Outcome: ${LABEL[s.type]}${s.endsOn ? ` from ${s.startsOn} to ${s.endsOn}` : ` from ${s.startsOn}`}.`,
          ctx(),
        );
        return c.id;
      });
    },

    async appeal(sanctionId: string, input: z.infer<typeof appealOutcomeBody>) {
      return em().transactional(async (tx) => {
        const { s, c } = await sanctionWithCase(tx, sanctionId);
        if (c.stage !== 'appeal')
          throw new ValidationError(
            'result',
            `the case is not at the appeal stage (it is at ${c.stage.replace(/_/g, ' ')})`,
          );
        if (s.status !== 'in_force' && !(input.result === 'replaced' && s.status === 'stayed'))
          throw new ValidationError('result', `the outcome is ${s.status.replace(/_/g, ' ')}`);
        if (input.onDate < s.decidedOn) throw new ValidationError('onDate', 'is before the outcome was decided');
        const licences = new Set<string>(s.licence ? [s.licence.id] : []);
        const touched = [s.id];
        let replacement: DisciplineSanction | null = null;
        if (input.result === 'stayed' || input.result === 'replaced') {
          const from = s.status;
          s.status = input.result === 'stayed' ? 'stayed' : 'replaced';
          if (from === 'in_force') await endEffects(tx, s, input.onDate < s.startsOn ? s.startsOn : input.onDate);
          if (input.result === 'replaced') {
            replacement = await record(tx, c, input.replacement!, { replaces: s });
            s.replacedBy = replacement.id;
            if (replacement.licence) licences.add(replacement.licence.id);
            touched.push(replacement.id);
          }
        }
        addEvent(tx, c, {
          kind: 'appeal',
          onDate: input.onDate,
          note: `Appeal ${input.result}: ${input.reasons}`,
          disclosed: true,
          data: { sanctionId: s.id, result: input.result, replacement: replacement?.id ?? null },
          now: now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.appeal-decided',
          entityType: 'discipline_case',
          entityId: c.id,
          before: { sanctionId: s.id, status: 'in_force' },
          after: { result: input.result, status: s.status, replacement: replacement?.id ?? null, onDate: input.onDate },
        });
        await actNow(tx, c, [...licences], touched);
        await notifyRespondent(
          tx,
          ref(c),
          'appeal_outcome',
          s.id,
          `The appeal against the ${LABEL[s.type]} was decided: ${input.result}.`,
          ctx(),
        );
        return c.id;
      });
    },

    async lift(sanctionId: string, input: z.infer<typeof liftBody>) {
      return em().transactional(async (tx) => {
        const { s, c } = await sanctionWithCase(tx, sanctionId);
        if (!['conditions', 'suspension', 'interim_suspension'].includes(s.type))
          throw new ValidationError('liftedOn', `a ${LABEL[s.type]} is not lifted`);
        if (s.status !== 'in_force')
          throw new ValidationError('liftedOn', `the outcome is ${s.status.replace(/_/g, ' ')}`);
        if (input.liftedOn < s.decidedOn) throw new ValidationError('liftedOn', 'is before the outcome was decided');
        if (s.endsOn && input.liftedOn > s.endsOn) throw new ValidationError('liftedOn', 'is after the outcome ends');
        s.status = 'lifted';
        s.liftedOn = input.liftedOn < s.startsOn ? s.startsOn : input.liftedOn;
        await endEffects(tx, s, s.liftedOn);
        addEvent(tx, c, {
          kind: 'lifted',
          onDate: input.liftedOn,
          note: `${LABEL[s.type]} lifted from ${s.liftedOn}: ${input.reasons}`,
          disclosed: true,
          data: { sanctionId: s.id },
          now: now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.sanction-lifted',
          entityType: 'discipline_case',
          entityId: c.id,
          after: { sanctionId: s.id, liftedOn: s.liftedOn, reasons: input.reasons },
        });
        await actNow(tx, c, s.licence ? [s.licence.id] : [], [s.id]);
        return c.id;
      });
    },
  };
}
