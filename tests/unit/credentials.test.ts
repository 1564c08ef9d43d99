import { describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  totpCode,
} from '../../api/modules/auth/credentials.js';
import { backoffMs } from '../../api/modules/notifications/outbox.sender.js';

const secret = newTotpSecret();
const now = new Date('2026-04-01T08:00:10Z');
const step = Math.floor(now.getTime() / 30_000);
const at = (steps: number) => new Date(now.getTime() + steps * 30_000);

describe('matchTotp', () => {
  it('accepts the current code and names its time step', () => {
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step);
  });

  it('accepts the codes one step before and after (clock drift)', () => {
    expect(matchTotp(secret, totpCode(secret, at(-1)), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, at(1)), now)).toBe(step + 1);
  });

  it('rejects codes two or more steps away', () => {
    for (const s of [-3, -2, 2, 3]) {
      const code = totpCode(secret, at(s));
      // two distant steps can share a code by chance (1 in 10^6); only then skip
      if ([-1, 0, 1].some((n) => totpCode(secret, at(n)) === code)) continue;
      expect(matchTotp(secret, code, now), `step ${s}`).toBeNull();
    }
  });

  it("rejects another secret's code and anything that is not six digits", () => {
    const other = newTotpSecret();
    const code = totpCode(other, now);
    if (![-1, 0, 1].some((n) => totpCode(secret, at(n)) === code)) expect(matchTotp(secret, code, now)).toBeNull();
    const mine = totpCode(secret, now);
    expect(matchTotp(secret, ` ${mine}`, now)).toBeNull();
    expect(matchTotp(secret, mine.slice(0, 5), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('come ten at a time, distinct, in the form xxxxx-xxxxx without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it('match however the user types case, spaces and the dash', () => {
    const canonical = 'k3f9q-x8m2w';
    for (const typed of ['k3f9q-x8m2w', '  K3F9Q-X8M2W\n', 'k3f9q x8m2w', 'k3f9qx8m2w', 'K3F9Q - X8M2W']) {
      expect(normaliseRecoveryCode(typed), JSON.stringify(typed)).toBe(canonical);
      expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(canonical));
    }
  });

  it('do not match a different code', () => {
    expect(hashRecoveryCode('k3f9q-x8m2x')).not.toBe(hashRecoveryCode('k3f9q-x8m2w'));
    expect(hashRecoveryCode('k3f9q-x8m2')).not.toBe(hashRecoveryCode('k3f9q-x8m2w'));
  });
});

describe('backoffMs (outbox retries)', () => {
  it('starts at 30 seconds and doubles', () => {
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(2)).toBe(60_000);
    expect(backoffMs(3)).toBe(120_000);
    expect(backoffMs(0)).toBe(30_000);
  });

  it('never shrinks, and stops growing at one hour', () => {
    let previous = 0;
    for (let attempts = 1; attempts <= 60; attempts++) {
      const ms = backoffMs(attempts);
      expect(ms).toBeGreaterThanOrEqual(previous);
      expect(ms).toBeLessThanOrEqual(3_600_000);
      previous = ms;
    }
    expect(backoffMs(8)).toBe(3_600_000);
    expect(backoffMs(2000)).toBe(3_600_000);
  });
});
