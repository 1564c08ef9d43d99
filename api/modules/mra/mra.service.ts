/**
 * Cross-border lookups (ASEAN Mutual Recognition hook): the trust list, questions this council
 * asks its peers (kept with the signed answers as evidence), and answers to the peers' questions —
 * only to trusted, correctly signed, unexpired, first-time requests, rate-limited per peer, every
 * question, answer and refusal audited.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.js';
import { hitRateLimit } from '../../shared/rate-limit.js';
import { searchKey } from '../../shared/names.js';
import { recordAudit } from '../audit/index.js';
import { isQualificationAccredited } from '../accreditation/index.js';
import { LicenceApplication } from '../applications/index.js';
import { MraLookup, MraPeer } from './mra.entity.js';
import { fetchJwks, peerKeyResolver } from './mra.keys.js';
import { providerFor } from './mra.providers.js';
import {
  ATTESTATION_TYP,
  CLOCK_TOLERANCE_S,
  MAX_REQUEST_LIFETIME_S,
  question as questionSchema,
  REQUEST_TYP,
  type LicenceStanding,
  type ProgrammeStanding,
  type Question,
  type RefusalReason,
} from './mra.protocol.js';
import type { lookupBody, lookupHistoryQuery, peerCreate, peerUpdate } from './mra.schema.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export class RequestRefused extends UnauthenticatedError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(`Request refused (${reason.replace(/_/g, ' ')}): ${message}`);
  }
}

export function mraService(deps: AppDeps) {
  const em = () => deps.orm.em;

  const peerView = (p: MraPeer) => ({
    id: p.id,
    kind: p.kind,
    country: p.country,
    name: p.name,
    issuer: p.issuer,
    baseUrl: p.baseUrl,
    keys: p.pinnedJwks ? ('pinned' as const) : ('fetched' as const),
    keyIds: (p.pinnedJwks ?? p.cachedJwks)?.keys.map((k) => String(k.kid ?? '')) ?? [],
    jwksFetchedAt: p.jwksFetchedAt?.toISOString() ?? null,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
    version: p.version,
  });
  const lookupView = (l: MraLookup, peer: MraPeer) => ({
    id: l.id,
    peerId: peer.id,
    peerName: peer.name,
    country: peer.country,
    subject: l.subject,
    question: l.question,
    purpose: l.purpose,
    outcome: l.outcome,
    detail: l.detail ?? null,
    answer: l.answer ?? null,
    attestation: l.attestation ?? null,
    applicationId: l.applicationId ?? null,
    durationMs: l.durationMs,
    createdAt: l.createdAt.toISOString(),
  });

  /** Audited in its own transaction, so a refusal stays on record although the request fails. */
  async function auditRefusal(reason: RefusalReason, claims: Record<string, unknown> | null, ip: string | undefined) {
    await em()
      .fork()
      .transactional((tx) =>
        recordAudit(tx, {
          action: 'mra.request.refused',
          entityType: 'mra_request',
          entityId: typeof claims?.jti === 'string' ? claims.jti.slice(0, 100) : null,
          after: { reason, issuer: claims?.iss ?? null, purpose: claims?.purpose ?? null, ip: ip ?? null },
        }),
      );
  }

  async function licenceStanding(
    tx: EntityManager,
    q: Extract<Question, { subject: 'licence' }>,
    today: string,
  ): Promise<LicenceStanding | null> {
    const [row] = await tx.execute<
      {
        number: string;
        full_name: string;
        full_name_native: string | null;
        search_name: string;
        date_of_birth: string;
        tier_code: string;
        protected_title: Record<string, string>;
        status: string;
        valid_until: string;
        conditions: boolean;
      }[]
    >(
      `select l.number, r.full_name, r.full_name_native, r.search_name, to_char(r.date_of_birth, 'YYYY-MM-DD') as date_of_birth, l.tier_code, l.protected_title, l.status,
              to_char(l.valid_until, 'YYYY-MM-DD') as valid_until,
              exists (select 1 from licence_condition c where c.licence_id = l.id and c.public and c.starts_on <= ?::date and (c.ends_on is null or c.ends_on >= ?::date)) as conditions
       from licence l join registrant r on r.id = l.registrant_id where upper(l.number) = upper(?)`,
      [today, today, q.number],
    );
    if (!row) return null;
    // A name or date of birth that does not match answers "not found": the peer learns nothing more.
    if (
      q.name &&
      searchKey(q.name) !== searchKey(row.full_name) &&
      searchKey(q.name) !== searchKey(row.full_name_native)
    )
      return null;
    if (q.dateOfBirth && q.dateOfBirth !== row.date_of_birth) return null;
    return {
      number: row.number,
      name: row.full_name,
      nameNative: row.full_name_native,
      tier: row.tier_code,
      title: row.protected_title.en ?? Object.values(row.protected_title)[0] ?? row.tier_code,
      status: row.status,
      validUntil: row.valid_until,
      currentPublicConditions: row.conditions,
      currentSanction: ['suspended', 'revoked'].includes(row.status),
    };
  }

  async function programmeStanding(
    tx: EntityManager,
    q: Extract<Question, { subject: 'programme' }>,
    today: string,
  ): Promise<ProgrammeStanding | null> {
    const [row] = await tx.execute<{ id: string; institution: string; programme: string; level: string }[]>(
      `select p.id, i.name as institution, p.name as programme, p.level from programme p join institution i on i.id = p.institution_id
       where (lower(i.name) = lower(?) or lower(i.name_native) = lower(?)) and (lower(p.name) = lower(?) or lower(p.name_native) = lower(?)) limit 1`,
      [q.institution, q.institution, q.programme, q.programme],
    );
    if (!row) return null;
    const windows = await tx.execute<{ valid_from: string; valid_until: string; status: string }[]>(
      `select to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_until, 'YYYY-MM-DD') as valid_until, status
       from accreditation where programme_id = ? and status <> 'pending' order by valid_from`,
      [row.id],
    );
    const today_ = await isQualificationAccredited(tx, row.id, today);
    return {
      institution: row.institution,
      programme: row.programme,
      level: row.level,
      accreditedToday: today_.accredited,
      windows: windows.map((w) => ({ validFrom: w.valid_from, validUntil: w.valid_until, status: w.status })),
    };
  }

  return {
    // ---- trust list ----
    async listPeers() {
      const items = (await em().find(MraPeer, {}, { orderBy: { country: 'asc', name: 'asc' } })).map(peerView);
      return { items, total: items.length };
    },

    async addPeer(input: z.infer<typeof peerCreate>) {
      let cached = null;
      if (!input.pinnedJwks) {
        try {
          cached = await fetchJwks(input.baseUrl, deps.config.mraTimeoutMs);
        } catch (e) {
          throw new ValidationError(
            'baseUrl',
            `could not fetch the peer's keys from ${input.baseUrl}/.well-known/jwks.json (${(e as Error).message}); check the address or pin its keys`,
          );
        }
      }
      return em().transactional(async (tx) => {
        if (await tx.findOne(MraPeer, { issuer: input.issuer }))
          throw new ConflictError(`${input.issuer} is already on the trust list`, 'issuer');
        const p = tx.create(MraPeer, {
          kind: input.kind,
          country: input.country,
          name: input.name,
          issuer: input.issuer,
          baseUrl: input.baseUrl,
          pinnedJwks: input.pinnedJwks ?? null,
          cachedJwks: cached,
          jwksFetchedAt: cached ? deps.clock.now() : null,
          active: true,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'mra.peer.added',
          entityType: 'mra_peer',
          entityId: p.id,
          after: {
            issuer: p.issuer,
            country: p.country,
            baseUrl: p.baseUrl,
            keys: p.pinnedJwks ? 'pinned' : 'fetched',
          },
        });
        return peerView(p);
      });
    },

    async updatePeer(id: string, input: z.infer<typeof peerUpdate>) {
      return em().transactional(async (tx) => {
        const p = await tx.findOne(MraPeer, { id });
        if (!p) throw new NotFoundError('The peer');
        if (p.version !== input.version)
          throw new ConflictError('Someone else changed this peer since you opened it', 'version');
        const before = {
          active: p.active,
          baseUrl: p.baseUrl,
          name: p.name,
          keys: p.pinnedJwks ? 'pinned' : 'fetched',
        };
        if (input.name !== undefined) p.name = input.name;
        if (input.baseUrl !== undefined) p.baseUrl = input.baseUrl;
        if (input.active !== undefined) p.active = input.active;
        if (input.pinnedJwks !== undefined) p.pinnedJwks = input.pinnedJwks;
        if (input.refreshKeys) {
          p.cachedJwks = null;
          p.jwksFetchedAt = null;
        }
        await tx.flush();
        await recordAudit(tx, {
          action: 'mra.peer.updated',
          entityType: 'mra_peer',
          entityId: p.id,
          before,
          after: { active: p.active, baseUrl: p.baseUrl, name: p.name, keys: p.pinnedJwks ? 'pinned' : 'fetched' },
        });
        return peerView(p);
      });
    },

    // ---- asking a peer ----
    async lookup(auth: AuthContext, input: z.infer<typeof lookupBody>) {
      const peer = await em().findOne(MraPeer, { id: input.peerId });
      if (!peer) throw new ValidationError('peerId', 'no such peer on the trust list');
      if (!peer.active) throw new ValidationError('peerId', `${peer.name} is not active on the trust list`);
      if (input.applicationId && !(await em().findOne(LicenceApplication, { id: input.applicationId })))
        throw new ValidationError('applicationId', 'no such application');
      const started = Date.now();
      const provider = providerFor(peer, deps, em().fork());
      const answer =
        input.question.subject === 'licence'
          ? await provider.lookupLicence(input.question, input.purpose)
          : await provider.lookupProgramme(input.question, input.purpose);
      const durationMs = Date.now() - started;
      return em().transactional(async (tx) => {
        const l = tx.create(MraLookup, {
          peer,
          subject: input.question.subject,
          question: { ...input.question } as Record<string, string>,
          purpose: input.purpose,
          outcome: answer.outcome,
          detail: answer.outcome === 'unavailable' ? answer.detail : null,
          attestation: answer.outcome === 'unavailable' ? null : answer.attestation,
          answer:
            answer.outcome === 'unavailable'
              ? null
              : ((answer.claims.licence ?? answer.claims.programme ?? null) as Record<string, unknown> | null),
          applicationId: input.applicationId ?? null,
          requestedBy: auth.accountId,
          durationMs,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'mra.lookup',
          entityType: input.applicationId ? 'licence_application' : 'mra_lookup',
          entityId: input.applicationId ?? l.id,
          after: { lookupId: l.id, peer: peer.issuer, subject: l.subject, purpose: l.purpose, outcome: l.outcome },
        });
        return lookupView(l, peer);
      });
    },

    async history(q: z.infer<typeof lookupHistoryQuery>) {
      const where: Record<string, unknown> = {};
      if (q.applicationId) where.applicationId = q.applicationId;
      if (q.peerId) where.peer = q.peerId;
      if (q.outcome) where.outcome = q.outcome;
      const [rows, total] = await em().findAndCount(MraLookup, where, {
        populate: ['peer'],
        orderBy: { createdAt: 'desc' },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { total, items: rows.map((l) => lookupView(l, l.peer.getEntity())) };
    },

    /** Checks a stored attestation again against the peer's published keys (old keys stay published). */
    async reverify(id: string) {
      const l = await em().findOne(MraLookup, { id }, { populate: ['peer'] });
      if (!l) throw new NotFoundError('The lookup');
      if (!l.attestation)
        return { id: l.id, valid: false, detail: 'there is no signed answer to verify (the peer was unavailable)' };
      const provider = providerFor(l.peer.getEntity(), deps, em().fork());
      try {
        await provider.verifyAttestation!(l.attestation);
        return {
          id: l.id,
          valid: true,
          detail: `signed by ${l.peer.getEntity().issuer} and verified with its published key`,
        };
      } catch (e) {
        return { id: l.id, valid: false, detail: (e as Error).message };
      }
    },

    // ---- answering a peer ----
    async answer(requestToken: string, ip: string | undefined) {
      let claims: Record<string, unknown> | null = null;
      const refuse = async (reason: RefusalReason, message: string): Promise<never> => {
        await auditRefusal(reason, claims, ip);
        throw new RequestRefused(reason, message);
      };
      try {
        claims = decodeJwt(requestToken) as Record<string, unknown>;
        decodeProtectedHeader(requestToken);
      } catch {
        return refuse('malformed', 'not a compact JWS');
      }
      const issuer = typeof claims.iss === 'string' ? claims.iss : '';
      const peer = issuer ? await em().findOne(MraPeer, { issuer, active: true }) : null;
      if (!peer) return refuse('untrusted_issuer', `${issuer || 'the issuer'} is not on this council's trust list`);
      const now = deps.clock.now();
      try {
        await jwtVerify(requestToken, peerKeyResolver(em().fork(), peer, deps.clock, deps.config.mraTimeoutMs), {
          algorithms: ['EdDSA'],
          typ: REQUEST_TYP,
          issuer: peer.issuer,
          audience: deps.config.publicUrl,
          clockTolerance: CLOCK_TOLERANCE_S,
          maxTokenAge: MAX_REQUEST_LIFETIME_S,
          requiredClaims: ['exp', 'iat', 'jti'],
          currentDate: now,
        });
      } catch (e) {
        if (e instanceof joseErrors.JWKSNoMatchingKey)
          return refuse('untrusted_key', `the request was signed with a key ${peer.name} does not publish`);
        if (e instanceof joseErrors.JWSSignatureVerificationFailed)
          return refuse('bad_signature', 'the signature does not verify');
        if (e instanceof joseErrors.JWTExpired) return refuse('expired', 'the request has expired');
        if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'aud')
          return refuse('wrong_audience', `the request is not addressed to ${deps.config.publicUrl}`);
        if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'iat')
          return refuse('expired', 'the request was issued too long ago');
        return refuse('malformed', (e as Error).message);
      }
      if (Number(claims.exp) - Number(claims.iat) > MAX_REQUEST_LIFETIME_S)
        return refuse('expired', `a request may live at most ${MAX_REQUEST_LIFETIME_S} s`);
      const parsed = questionSchema.safeParse(claims.q);
      const purpose = typeof claims.purpose === 'string' ? claims.purpose.slice(0, 300) : '';
      if (!parsed.success || purpose.length < 3)
        return refuse(
          'invalid_question',
          parsed.success
            ? 'a purpose is required'
            : parsed.error.issues.map((i) => `${['q', ...i.path].join('.')}: ${i.message}`).join('; '),
        );

      await hitRateLimit(
        em().fork(),
        `mra:${peer.id}`,
        { limit: deps.config.mraInboundLimitPerMinute, windowSeconds: 60 },
        now,
      );
      const seenKey = createHash('sha256')
        .update(`${peer.issuer}\n${String(claims.jti)}`)
        .digest('hex');
      const fresh = await em()
        .fork()
        .execute<{ jti: string }[]>(
          `insert into mra_seen_request (jti, issuer, expires_at) values (?, ?, to_timestamp(?) + interval '${CLOCK_TOLERANCE_S} seconds') on conflict (jti) do nothing returning jti`,
          [seenKey, peer.issuer, Number(claims.exp)],
        );
      if (!fresh.length) return refuse('replayed', 'this request was already answered');
      if (Math.random() < 0.02) await em().fork().execute(`delete from mra_seen_request where expires_at < ?`, [now]);

      const today = isoDay(now);
      const q = parsed.data;
      return em()
        .fork()
        .transactional(async (tx) => {
          const standing =
            q.subject === 'licence'
              ? { licence: await licenceStanding(tx, q, today) }
              : { programme: await programmeStanding(tx, q, today) };
          const found = Object.values(standing)[0] !== null;
          const { kid, privateKey } = await deps.keys.signingKey('peer');
          const attestation = await new SignJWT({
            in_reply_to: String(claims!.jti),
            purpose,
            result: found ? 'found' : 'not_found',
            ...(found ? standing : {}),
          })
            .setProtectedHeader({ alg: 'EdDSA', kid, typ: ATTESTATION_TYP })
            .setIssuer(deps.config.publicUrl)
            .setAudience(peer.issuer)
            .setIssuedAt(Math.floor(now.getTime() / 1000))
            .sign(privateKey);
          await recordAudit(tx, {
            action: 'mra.request.answered',
            entityType: 'mra_request',
            entityId: String(claims!.jti).slice(0, 100),
            after: {
              peer: peer.issuer,
              purpose,
              question:
                q.subject === 'licence'
                  ? { subject: 'licence', number: q.number, withName: !!q.name, withDateOfBirth: !!q.dateOfBirth }
                  : q,
              result: found ? 'found' : 'not_found',
            },
          });
          return { attestation };
        });
    },
  };
}
