import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../api/shared/secrets.js';

const box = new SecretBox(Buffer.alloc(32, 3).toString('base64'));

/** Flips one bit of one base64url part of a sealed value (1 = iv, 2 = tag, 3 = data). */
function flip(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  it('opens what it sealed, text and bytes alike', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:42');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.openText(sealed, 'totp:42')).toBe('JBSWY3DPEHPK3PXP');
    const bytes = Buffer.from([0, 255, 1, 254]);
    expect(box.open(box.seal(bytes)).equals(bytes)).toBe(true);
    expect(box.openText(box.seal(''), '')).toBe('');
  });

  it('seals the same secret differently every time', () => {
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('refuses to open under another context', () => {
    const sealed = box.seal('secret', 'totp:account-a');
    expect(() => box.open(sealed, 'totp:account-b')).toThrow();
    expect(() => box.open(sealed)).toThrow();
  });

  it('refuses a modified ciphertext, tag or nonce', () => {
    const sealed = box.seal('a secret long enough to flip', 'ctx');
    for (const part of [1, 2, 3] as const) expect(() => box.open(flip(sealed, part), 'ctx'), `part ${part}`).toThrow();
    const [v, iv, tag] = sealed.split('.');
    expect(() => box.open([v, iv, tag, ''].join('.'), 'ctx')).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const other = new SecretBox(Buffer.alloc(32, 4).toString('base64'));
    expect(() => box.open(other.seal('secret', 'ctx'), 'ctx')).toThrow();
  });

  it('refuses things that are not sealed values, and keys of the wrong size', () => {
    expect(() => box.open('plain text')).toThrow('Unrecognised sealed secret');
    expect(() => box.open('v2.a.b.c')).toThrow('Unrecognised sealed secret');
    expect(() => new SecretBox(Buffer.alloc(16).toString('base64'))).toThrow('32 bytes');
  });
});
