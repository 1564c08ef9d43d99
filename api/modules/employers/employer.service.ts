/**
 * Employer organisations, their accounts and their API keys. Staff (employers.manage) run
 * organisations; an organisation's own users manage its keys. Every change is audited.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { Account, isStaff, INVITATION_MINUTES, issueSetPasswordLink, normaliseEmail } from '../auth/index.js';
import { EmployerApiKey, EmployerMember, EmployerOrganisation } from './employer.entity.js';
import { API_KEY_PREFIX, generateApiKey } from './employer.rules.js';
import type * as s from './employer.schema.js';

/** Which organisation a caller acts for, and how they authenticated. */
export type EmployerScope = { organisationId: string; actorId: string; viaApiKey: boolean };

/**
 * The organisation of an employer caller: from the API key, or the signed-in account's membership.
 * An inactive organisation acts for nobody.
 */
export async function employerScope(em: EntityManager, auth: AuthContext): Promise<EmployerScope> {
  let organisationId = auth.organisationId;
  if (!organisationId) {
    const [m] = await em.execute<{ organisation_id: string }[]>(
      `select organisation_id from employer_member where account_id = ?`,
      [auth.accountId],
    );
    if (!m) throw new ForbiddenError('Your account is not linked to an employer organisation');
    organisationId = m.organisation_id;
  }
  const [org] = await em.execute<{ status: string }[]>(`select status from employer_organisation where id = ?`, [
    organisationId,
  ]);
  if (!org || org.status !== 'active') throw new ForbiddenError('Your employer organisation is not active');
  return { organisationId, actorId: auth.accountId, viaApiKey: Boolean(auth.apiKeyId) };
}

/** Staff may act for any organisation (named in the path); employers only for their own. */
export async function scopeFor(em: EntityManager, auth: AuthContext, organisationId?: string): Promise<EmployerScope> {
  if (isStaff(auth.roles) && organisationId) {
    if (!(await em.count(EmployerOrganisation, { id: organisationId }))) throw new NotFoundError('The organisation');
    return { organisationId, actorId: auth.accountId, viaApiKey: false };
  }
  return employerScope(em, auth);
}

const snapshot = (o: EmployerOrganisation) => ({
  name: o.name,
  identifier: o.identifier ?? null,
  contactEmail: o.contactEmail,
  country: o.country,
  sector: o.sector,
  locale: o.locale,
  status: o.status,
});

export const keyView = (k: EmployerApiKey) => ({
  id: k.id,
  organisationId: k.organisation.id,
  name: k.name,
  prefix: `${API_KEY_PREFIX}${k.keyId}`,
  scopes: [...k.scopes],
  createdBy: k.createdBy,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export function employerService(deps: AppDeps) {
  const em = () => deps.orm.em;

  /** Organisations with their accounts and counts: three queries for the whole page. */
  async function views(tx: EntityManager, orgs: EmployerOrganisation[]) {
    if (!orgs.length) return [];
    const ids = `{${orgs.map((o) => o.id).join(',')}}`;
    const [members, counts] = await Promise.all([
      tx.execute<
        {
          organisation_id: string;
          account_id: string;
          email: string;
          display_name: string;
          status: string;
          created_at: Date;
        }[]
      >(
        `select m.organisation_id, m.account_id, a.email, a.display_name, a.status, m.created_at
         from employer_member m join account a on a.id = m.account_id where m.organisation_id = any(?::uuid[]) order by a.email`,
        [ids],
      ),
      tx.execute<{ id: string; watch: number; keys: number }[]>(
        `select o.id, (select count(*)::int from watch_entry w where w.organisation_id = o.id) as watch,
                (select count(*)::int from employer_api_key k where k.organisation_id = o.id and k.revoked_at is null) as keys
         from unnest(?::uuid[]) as o(id)`,
        [ids],
      ),
    ]);
    const countOf = new Map(counts.map((c) => [c.id, c]));
    return orgs.map((o) => ({
      id: o.id,
      name: o.name,
      identifier: o.identifier ?? null,
      contactEmail: o.contactEmail,
      country: o.country,
      sector: o.sector,
      locale: o.locale,
      status: o.status,
      webhookUrl: o.webhookUrl ?? null,
      watchCount: countOf.get(o.id)?.watch ?? 0,
      activeKeyCount: countOf.get(o.id)?.keys ?? 0,
      members: members
        .filter((m) => m.organisation_id === o.id)
        .map((m) => ({
          accountId: m.account_id,
          email: m.email,
          displayName: m.display_name,
          status: m.status,
          joinedAt: new Date(m.created_at).toISOString(),
        })),
      createdAt: o.createdAt.toISOString(),
      version: o.version,
    }));
  }
  const view = async (tx: EntityManager, o: EmployerOrganisation) => (await views(tx, [o]))[0]!;

  async function identifierFree(tx: EntityManager, identifier: string | null | undefined, except?: string) {
    if (!identifier) return;
    const other = await tx.findOne(EmployerOrganisation, { identifier });
    if (other && other.id !== except) throw new ConflictError('Another organisation has this identifier', 'identifier');
  }

  return {
    view,

    async list(q: z.infer<typeof s.organisationListQuery>) {
      const where: Record<string, unknown> = {};
      if (q.status) where.status = q.status;
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.$or = [{ name: { $ilike: like } }, { identifier: { $ilike: like } }, { contactEmail: { $ilike: like } }];
      }
      const [rows, total] = await em().findAndCount(EmployerOrganisation, where, {
        orderBy: { [q.sort ?? 'name']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await views(em(), rows), total };
    },

    async get(id: string) {
      const o = await em().findOne(EmployerOrganisation, { id });
      if (!o) throw new NotFoundError('The organisation');
      return view(em(), o);
    },

    async mine(auth: AuthContext) {
      const scope = await employerScope(em(), auth);
      return view(em(), await em().findOneOrFail(EmployerOrganisation, { id: scope.organisationId }));
    },

    async create(input: z.infer<typeof s.organisationCreate>) {
      return em().transactional(async (tx) => {
        await identifierFree(tx, input.identifier);
        const now = deps.clock.now();
        const o = tx.create(EmployerOrganisation, {
          name: input.name,
          identifier: input.identifier ?? null,
          contactEmail: normaliseEmail(input.contactEmail),
          country: input.country,
          sector: input.sector,
          locale: input.locale,
          status: 'active',
          createdAt: now,
          updatedAt: now,
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'employer.organisation-created',
          entityType: 'employer_organisation',
          entityId: o.id,
          after: snapshot(o),
        });
        return view(tx, o);
      });
    },

    async update(id: string, input: z.infer<typeof s.organisationUpdate>) {
      return em().transactional(async (tx) => {
        const o = await tx.findOne(EmployerOrganisation, { id });
        if (!o) throw new NotFoundError('The organisation');
        await tx.lock(o, LockMode.OPTIMISTIC, input.version);
        if (input.identifier !== undefined) await identifierFree(tx, input.identifier, id);
        const before = snapshot(o);
        if (input.name !== undefined) o.name = input.name;
        if (input.identifier !== undefined) o.identifier = input.identifier;
        if (input.contactEmail !== undefined) o.contactEmail = normaliseEmail(input.contactEmail);
        if (input.country !== undefined) o.country = input.country;
        if (input.sector !== undefined) o.sector = input.sector;
        if (input.locale !== undefined) o.locale = input.locale;
        if (input.status !== undefined) o.status = input.status;
        o.updatedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action:
            before.status === 'active' && o.status === 'inactive'
              ? 'employer.organisation-deactivated'
              : 'employer.organisation-updated',
          entityType: 'employer_organisation',
          entityId: id,
          before,
          after: snapshot(o),
        });
        return view(tx, o);
      });
    },

    /** Creates an employer account in the organisation and e-mails the invitation to choose a password. */
    async inviteMember(id: string, input: z.infer<typeof s.memberInvite>) {
      const email = normaliseEmail(input.email);
      return em().transactional(async (tx) => {
        const o = await tx.findOne(EmployerOrganisation, { id });
        if (!o) throw new NotFoundError('The organisation');
        if (await tx.count(Account, { email }))
          throw new ConflictError('An account with this e-mail address already exists', 'email');
        const now = deps.clock.now();
        const account = tx.create(Account, {
          email,
          displayName: input.displayName,
          roles: ['employer'],
          locale: input.locale,
          status: 'active',
        });
        await tx.flush();
        tx.create(EmployerMember, { account: account.id, organisation: o.id, createdAt: now });
        await tx.flush();
        await issueSetPasswordLink(deps, tx, account, 'invitation', INVITATION_MINUTES);
        await recordAudit(tx, {
          action: 'employer.member-invited',
          entityType: 'employer_organisation',
          entityId: o.id,
          after: { accountId: account.id, email, displayName: input.displayName },
        });
        return view(tx, o);
      });
    },

    async listKeys(auth: AuthContext, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      const keys = await em().find(
        EmployerApiKey,
        { organisation: scope.organisationId },
        { orderBy: { createdAt: 'desc' } },
      );
      return { items: keys.map(keyView), total: keys.length };
    },

    /** A new key: the whole key is in this answer only; the registry keeps its hash. */
    async createKey(auth: AuthContext, input: z.infer<typeof s.apiKeyCreate>, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      // A leaked key must not be able to mint more keys: only a signed-in person creates them.
      if (scope.viaApiKey) throw new ForbiddenError('An API key cannot create API keys; sign in to create one');
      return em().transactional(async (tx) => {
        const g = generateApiKey();
        const k = tx.create(EmployerApiKey, {
          keyId: g.keyId,
          organisation: scope.organisationId,
          name: input.name,
          scopes: [...new Set(input.scopes)],
          secretHash: g.secretHash,
          createdBy: scope.actorId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'employer.api-key-created',
          entityType: 'employer_api_key',
          entityId: k.id,
          after: {
            organisationId: scope.organisationId,
            name: k.name,
            prefix: `${API_KEY_PREFIX}${k.keyId}`,
            scopes: [...k.scopes],
          },
        });
        return { ...keyView(k), key: g.token };
      });
    },

    async revokeKey(auth: AuthContext, keyId: string, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      return em().transactional(async (tx) => {
        // Another organisation's key is simply not found.
        const k = await tx.findOne(EmployerApiKey, { id: keyId, organisation: scope.organisationId });
        if (!k) throw new NotFoundError('The API key');
        if (k.revokedAt) throw new ValidationError('key', 'is already revoked');
        k.revokedAt = deps.clock.now();
        k.revokedBy = scope.actorId;
        await tx.flush();
        await recordAudit(tx, {
          action: 'employer.api-key-revoked',
          entityType: 'employer_api_key',
          entityId: k.id,
          before: { revokedAt: null },
          after: { organisationId: scope.organisationId, name: k.name, revokedAt: k.revokedAt.toISOString() },
        });
        return keyView(k);
      });
    },
  };
}
