/**
 * Encryption at rest for secrets kept in the database (signing keys, TOTP secrets, identity numbers):
 * AES-256-GCM with the deployment's data key. Ciphertext format: v1.<iv>.<tag>.<data> (base64url).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class SecretBox {
  readonly #key: Buffer;
  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) throw new Error('DATA_KEY must decode to 32 bytes');
    this.#key = key;
  }

  seal(plain: string | Buffer, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context = ''): Buffer {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Unrecognised sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  }

  /** A keyed hash for finding equal secrets without decrypting them (e.g. duplicate identity numbers). */
  mac(text: string, context: string): string {
    return createHmac('sha256', this.#key).update(`${context}\u0000${text}`).digest('hex');
  }

  openText(sealed: string, context = ''): string {
    return this.open(sealed, context).toString('utf8');
  }
}
