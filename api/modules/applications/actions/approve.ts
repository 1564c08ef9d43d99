/**
 * Approving a licence application. The decision is the same for every type: the caller's version,
 * the state table, no requirement unmet, and a second approver when the tier asks for four eyes.
 * What an approval then asks of the licences module depends on the type (GRANTS below); the
 * licence change commits in the same transaction as the decision.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ForbiddenError, ValidationError } from '../../../shared/errors.js';
import { isoDay } from '../../../shared/dates.js';
import { recordAudit } from '../../audit/index.js';
import { Tier } from '../../council/index.js';
import { assertApplicationTransition, licences, type Licence } from '../../licences/index.js';
import { assertPaidBefore } from '../../fees/index.js';
import type { LicenceApplication } from '../application.entity.js';
import { requirementsFor } from './requirements.js';

type Grant = (
  tx: EntityManager,
  a: LicenceApplication,
  input: { tier: Tier; applicationId: string; now: Date; reason: string },
) => Promise<{ licence: Licence; message: (l: Licence) => string }>;

const numberIs = (l: Licence) => `Your licence number is ${l.number}.`;

/** By application type: what the licences module is asked to do, and what the applicant is told. */
const GRANTS: Record<LicenceApplication['type'], Grant> = {
  first_registration: async (tx, a, input) => ({
    licence: await licences.issue(tx, { ...input, registrantId: a.registrant.id, validFrom: isoDay(input.now) }),
    message: numberIs,
  }),
  tier_upgrade: async (tx, a, input) => ({
    licence: await licences.upgrade(tx, { ...input, registrantId: a.registrant.id }),
    message: numberIs,
  }),
  renewal: async (tx, a, input) => ({
    licence: await licences.renew(tx, { ...input, licenceId: a.licenceId! }),
    message: (l) => `Licence ${l.number} is renewed until ${l.validUntil}.`,
  }),
  restoration: async (tx, a, input) => ({
    licence: await licences.restore(tx, { ...input, registrantId: a.registrant.id }),
    message: numberIs,
  }),
};

/** What approval needs from the rest of the applications service. */
export type ApprovalContext<View> = {
  load(tx: EntityManager, auth: AuthContext, id: string): Promise<LicenceApplication>;
  view(tx: EntityManager, a: LicenceApplication): Promise<View>;
  notify(tx: EntityManager, a: LicenceApplication, outcome: string, detail: string): Promise<void>;
};

export function approvalActions<View>(deps: AppDeps, ctx: ApprovalContext<View>) {
  return {
    /** Approves (or records the first of two approvals) and asks the licences module for the licence. */
    async approve(auth: AuthContext, id: string, version: number, reason: string) {
      return deps.orm.em.transactional(async (tx) => {
        const a = await ctx.load(tx, auth, id);
        await tx.lock(a, LockMode.OPTIMISTIC, version);
        assertApplicationTransition(a.status, 'approved');
        await assertPaidBefore(tx, 'licence_application', a.id, 'approval');
        const unmet = (await requirementsFor(tx, a, isoDay(deps.clock.now()))).filter((c) => c.status === 'not_met');
        if (unmet.length)
          throw new ValidationError(
            'requirements',
            `not met: ${unmet.map((c) => `${c.label} (${c.detail})`).join('; ')}`,
          );
        const tier = await tx.findOneOrFail(Tier, { code: a.tierCode });
        if (tier.fourEyesApproval && !a.firstApprovalBy) {
          a.firstApprovalBy = auth.accountId;
          a.firstApprovalAt = deps.clock.now();
          await tx.flush();
          await recordAudit(tx, {
            action: 'licence-application.first-approval',
            entityType: 'licence_application',
            entityId: a.id,
            after: { reason },
          });
          return ctx.view(tx, a);
        }
        if (tier.fourEyesApproval && a.firstApprovalBy === auth.accountId)
          throw new ForbiddenError('This tier needs a second approver: someone other than the first');
        const now = deps.clock.now();
        const { licence, message } = await GRANTS[a.type](tx, a, { tier, applicationId: a.id, now, reason });
        a.status = 'approved';
        a.decisionReason = reason;
        a.decidedAt = now;
        a.decidedBy = auth.accountId;
        a.licenceId = licence.id;
        await tx.flush();
        await recordAudit(tx, {
          action: 'licence-application.approved',
          entityType: 'licence_application',
          entityId: a.id,
          after: { licenceId: licence.id, number: licence.number },
        });
        await ctx.notify(tx, a, 'approved', message(licence));
        return ctx.view(tx, a);
      });
    },
  };
}
