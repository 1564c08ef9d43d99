/**
 * Certificate rules: which licence states may be printed, what the signed claim says, and when the
 * current issue no longer matches the licence (renewed, renamed, re-tiered) and a new one is due.
 */
import type { LicenceStatus } from '../licences/index.js';

export type CertificateKind = 'certificate' | 'wallet_card';
export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['certificate', 'wallet_card'];

/** URL segment ↔ kind. */
export const KIND_SLUGS: Record<string, CertificateKind> = { certificate: 'certificate', 'wallet-card': 'wallet_card' };

const PRINTABLE: readonly LicenceStatus[] = ['active', 'grace'];

const REFUSAL: Partial<Record<LicenceStatus, string>> = {
  pending: 'the licence is not active yet',
  suspended: 'the licence is suspended; a certificate can be issued again once it is reinstated',
  lapsed: 'the licence has lapsed; restore it first',
  revoked: 'the licence has been revoked',
  surrendered: 'the licence has been surrendered',
};

/** Null when a certificate may be issued for a licence in this state, else the reason it may not. */
export function certificateRefusal(status: LicenceStatus): string | null {
  if (PRINTABLE.includes(status)) return null;
  return `No certificate can be issued: ${REFUSAL[status] ?? `the licence is ${status}`} (certificates are issued for active licences and licences in grace)`;
}

export type CertificateSubject = { iss: string; num: string; name: string; tier: string; vf: string; vu: string };

/** The claim for a licence as it stands (the Latin-script name, NFC). */
export function certificateSubject(input: {
  councilDomain: string;
  number: string;
  fullName: string;
  tierCode: string;
  validFrom: string;
  validUntil: string;
}): CertificateSubject {
  return {
    iss: input.councilDomain,
    num: input.number,
    name: input.fullName.normalize('NFC'),
    tier: input.tierCode,
    vf: input.validFrom,
    vu: input.validUntil,
  };
}

/** Whether an issued claim still describes the licence (same number, name, tier and period). */
export function sameSubject(a: CertificateSubject, b: CertificateSubject): boolean {
  return a.iss === b.iss && a.num === b.num && a.name === b.name && a.tier === b.tier && a.vf === b.vf && a.vu === b.vu;
}

/** The period printed: the one that ends when the licence does, else the latest. */
export function currentPeriod<T extends { validFrom: string; validUntil: string }>(
  periods: T[],
  licenceValidUntil: string,
): T | null {
  const sorted = [...periods].sort((x, y) => (x.validFrom < y.validFrom ? 1 : -1));
  return sorted.find((p) => p.validUntil === licenceValidUntil) ?? sorted[0] ?? null;
}

/** The text of a localised value in a locale, falling back to English, then any. */
export function localised(text: Record<string, string> | null | undefined, locale: string): string | null {
  if (!text) return null;
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? null;
}
