/**
 * Certificates and wallet cards. A download prints the licence's current issue; when there is none,
 * or it no longer matches the licence (renewed, renamed, re-tiered, key retired), a new issue is
 * made first. Staff reissue on request (lost card, name change) with a reason. Every issue is a
 * certificate_issuance row and an audit event in the same transaction; concurrent downloads queue
 * on the licence row, so one stale issue yields exactly one new one.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeJwt } from 'jose';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { hitRateLimit } from '../../shared/rate-limit.js';
import { recordAudit } from '../audit/index.js';
import { isStaff } from '../auth/index.js';
import { Council, dateDisplayOf } from '../council/index.js';
import { chargeFor } from '../fees/index.js';
import { Licence, LicencePeriod } from '../licences/index.js';
import { Registrant, assertRegistrantAccess } from '../registrants/index.js';
import { CertificateIssuance } from './certificate.entity.js';
import { certificateLanguage, renderCertificatePdf, type CertificateData } from './certificate.pdf.js';
import {
  certificateRefusal,
  certificateSubject,
  currentPeriod,
  localised,
  sameSubject,
  type CertificateKind,
  type CertificateSubject,
} from './certificate.rules.js';
import { signCertificateToken } from './certificate.token.js';
import { isoDay } from '../../shared/dates.js';

/** Rendering costs CPU: a holder gets 60 downloads per 10 minutes, staff (batch printing) 600. */
const DOWNLOAD_LIMIT = { limit: 60, windowSeconds: 600 };
const STAFF_DOWNLOAD_LIMIT = { limit: 600, windowSeconds: 600 };

export const issuanceView = (i: CertificateIssuance) => ({
  id: i.id,
  licenceId: i.licence.id,
  kind: i.kind,
  sequence: i.sequence,
  issuedAt: i.issuedAt.toISOString(),
  issuedBy: i.issuedBy ?? null,
  reissueReason: i.reissueReason ?? null,
  kid: i.kid,
  payloadHash: i.payloadHash,
});

/** SHA-256 (hex) of the signed payload bytes of a compact JWS. */
export const payloadHash = (token: string): string =>
  createHash('sha256')
    .update(Buffer.from(token.split('.')[1]!, 'base64url'))
    .digest('hex');

const claimsOf = (token: string): CertificateSubject => {
  const c = decodeJwt(token) as Record<string, string>;
  return { iss: c.iss!, num: c.num!, name: c.name!, tier: c.tier!, vf: c.vf!, vu: c.vu! };
};

type Loaded = { licence: Licence; registrant: Registrant; council: Council; subject: CertificateSubject };

export function certificateService(deps: AppDeps) {
  const em = () => deps.orm.em;

  /** The licence with everything printed on it; refuses (422) states that cannot be certified. */
  async function load(tx: EntityManager, licenceId: string, lock: boolean): Promise<Loaded> {
    if (lock) await tx.execute(`select id from licence where id = ? for update`, [licenceId]);
    const licence = await tx.findOne(Licence, { id: licenceId }, { refresh: lock });
    if (!licence) throw new NotFoundError('The licence');
    const refusal = certificateRefusal(licence.status);
    if (refusal) throw new ValidationError('status', refusal);
    const [registrant, council, periods] = await Promise.all([
      tx.findOneOrFail(Registrant, { id: licence.registrant.id }),
      tx.findOneOrFail(Council, { id: 1 }),
      tx.find(LicencePeriod, { licence: licence.id }),
    ]);
    const period = currentPeriod(periods, licence.validUntil);
    const subject = certificateSubject({
      councilDomain: council.domain,
      number: licence.number,
      fullName: registrant.fullName,
      tierCode: licence.tierCode,
      validFrom: period?.validFrom ?? licence.statusSince,
      validUntil: licence.validUntil,
    });
    return { licence, registrant, council, subject };
  }

  const latest = (tx: EntityManager, licenceId: string, kind: CertificateKind) =>
    tx.findOne(CertificateIssuance, { licence: licenceId, kind }, { orderBy: { sequence: 'desc' }, refresh: true });

  async function stillGood(issue: CertificateIssuance | null, subject: CertificateSubject): Promise<boolean> {
    if (!issue) return false;
    if (!sameSubject(claimsOf(issue.token), subject)) return false;
    return (await deps.keys.publicKey(issue.kid, 'certificate')) !== null;
  }

  /** Makes the next issue; the caller holds the licence row lock. */
  async function createIssue(
    tx: EntityManager,
    l: Loaded,
    kind: CertificateKind,
    by: string,
    reason: string | null,
  ): Promise<CertificateIssuance> {
    const prev = await latest(tx, l.licence.id, kind);
    const now = deps.clock.now();
    const token = await signCertificateToken(deps.keys, l.subject, now);
    const kid = String(
      (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid,
    );
    const issue = tx.create(CertificateIssuance, {
      licence: l.licence.id,
      kind,
      sequence: (prev?.sequence ?? 0) + 1,
      issuedAt: now,
      issuedBy: by,
      reissueReason: reason,
      kid,
      payloadHash: payloadHash(token),
      token,
    });
    await tx.flush();
    await recordAudit(tx, {
      action: reason ? 'certificate.reissued' : 'certificate.issued',
      entityType: 'licence',
      entityId: l.licence.id,
      after: {
        issuanceId: issue.id,
        kind,
        sequence: issue.sequence,
        kid,
        payloadHash: issue.payloadHash,
        ...(reason ? { reason } : {}),
      },
    });
    return issue;
  }

  function printable(l: Loaded, issue: CertificateIssuance): CertificateData {
    const claims = claimsOf(issue.token);
    const locale = l.council.defaultLocale;
    const native = (t: Record<string, string>) => (locale !== 'en' && t[locale] ? t[locale]! : null);
    return {
      council: { name: l.council.name, nameNative: l.council.nameNative ?? null },
      holder: { name: claims.name, nameNative: l.registrant.fullNameNative ?? null },
      licence: {
        number: claims.num,
        tierName: localised(l.licence.tierName, 'en') ?? l.licence.tierCode,
        tierNameNative: native(l.licence.tierName),
        protectedTitle: localised(l.licence.protectedTitle, 'en') ?? l.licence.tierCode,
        protectedTitleNative: native(l.licence.protectedTitle),
        validFrom: claims.vf,
        validUntil: claims.vu,
      },
      issue: { issuedAt: issue.issuedAt, sequence: issue.sequence },
      verifyUrl: `${deps.config.publicUrl}/verify?c=${issue.token}`,
      verifyPage: `${deps.config.publicUrl}/verify`,
      ...certificateLanguage(locale, dateDisplayOf(l.council)),
    };
  }

  return {
    /** The current certificate or wallet card as PDF, issuing a new one first when none matches the licence. */
    async download(
      auth: AuthContext,
      licenceId: string,
      kind: CertificateKind,
    ): Promise<{ pdf: Buffer; filename: string; issuance: ReturnType<typeof issuanceView> }> {
      await hitRateLimit(
        em().fork(),
        `certificate:${auth.accountId}`,
        isStaff(auth.roles) ? STAFF_DOWNLOAD_LIMIT : DOWNLOAD_LIMIT,
        deps.clock.now(),
      );
      const licence = await em().findOne(Licence, { id: licenceId });
      if (!licence) throw new NotFoundError('The licence');
      await assertRegistrantAccess(em(), auth, licence.registrant.id);
      const { loaded, issue } = await em().transactional(async (tx) => {
        let l = await load(tx, licenceId, false);
        let current = await latest(tx, licenceId, kind);
        if (!(await stillGood(current, l.subject))) {
          l = await load(tx, licenceId, true);
          current = await latest(tx, licenceId, kind);
          if (!(await stillGood(current, l.subject))) current = await createIssue(tx, l, kind, auth.accountId, null);
        }
        return { loaded: l, issue: current! };
      });
      const pdf = await renderCertificatePdf(kind, printable(loaded, issue));
      const filename = `${kind === 'certificate' ? 'licence-certificate' : 'wallet-card'}-${loaded.licence.number}.pdf`;
      return { pdf, filename, issuance: issuanceView(issue) };
    },

    /** A new issue on request (lost card, name change), with the reason recorded and audited. */
    async reissue(auth: AuthContext, licenceId: string, kind: CertificateKind, reason: string) {
      return em().transactional(async (tx) => {
        const l = await load(tx, licenceId, true);
        const issue = await createIssue(tx, l, kind, auth.accountId, reason);
        // The council's reissue fee, if it charges one, billed to the holder.
        await chargeFor(tx, {
          subjectType: 'certificate_issuance',
          subjectId: issue.id,
          kinds: ['certificate_reissue'],
          scope: l.licence.tierCode,
          on: isoDay(deps.clock.now()),
          payer: { type: 'registrant', id: l.registrant.id },
          billedTo: l.registrant.fullName,
          email: l.registrant.email ?? null,
          description: `${kind === 'certificate' ? 'Licence certificate' : 'Wallet card'} reissue, ${l.licence.number}`,
          publicUrl: deps.config.publicUrl,
          now: deps.clock.now(),
        });
        return issuanceView(issue);
      });
    },

    async list(licenceId: string) {
      if (!(await em().count(Licence, { id: licenceId }))) throw new NotFoundError('The licence');
      const items = await em().find(
        CertificateIssuance,
        { licence: licenceId },
        { orderBy: { issuedAt: 'desc', sequence: 'desc' } },
      );
      return { items: items.map(issuanceView), total: items.length };
    },
  };
}
