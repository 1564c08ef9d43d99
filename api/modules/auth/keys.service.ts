/**
 * Ed25519 signing keys kept in the database (private halves sealed with DATA_KEY), rotated by age.
 * Every instance signs with the newest key of a purpose and verifies with any published key, so
 * instances need no coordination; rotation is idempotent through (purpose, generation).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { exportJWK } from 'jose';
import type { Clock } from '../../shared/clock.js';
import type { SecretBox } from '../../shared/secrets.js';
import { newToken } from '../../shared/ids.js';
import { SigningKey, type KeyPurpose } from './signing-key.entity.js';

type LoadedKey = {
  kid: string;
  purpose: KeyPurpose;
  createdAt: Date;
  retiredAt: Date | null;
  publicKey: KeyObject;
  publicJwk: Record<string, string>;
};
type ActiveKey = { kid: string; privateKey: KeyObject; loadedAt: number; generation: number };

const DAY = 86_400_000;
const RELOAD_MS = 60_000;
const MISS_RELOAD_MS = 5_000;

export class KeyStore {
  readonly #active = new Map<KeyPurpose, ActiveKey>();
  #public = new Map<string, LoadedKey>();
  #publicLoadedAt = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly rotationDays: number,
  ) {}

  /** Rotation period per purpose: access keys rotate by configuration; certificate and peer keys yearly. */
  #periodMs(purpose: KeyPurpose): number {
    return purpose === 'access' ? this.rotationDays * DAY : 365 * DAY;
  }

  #generation(purpose: KeyPurpose): number {
    return Math.floor(this.clock.now().getTime() / this.#periodMs(purpose));
  }

  /** The key to sign with now; creates this period's key if no instance has yet. */
  async signingKey(purpose: KeyPurpose): Promise<{ kid: string; privateKey: KeyObject }> {
    const generation = this.#generation(purpose);
    const cached = this.#active.get(purpose);
    if (cached && cached.generation === generation && Date.now() - cached.loadedAt < RELOAD_MS) return cached;

    const em = this.orm.em.fork();
    let row = await em.findOne(
      SigningKey,
      { purpose, generation, retiredAt: null },
      { populate: ['privateKeySealed'] },
    );
    if (!row) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const kid = `${purpose}-${generation}-${newToken(6)}`;
      const jwk = (await exportJWK(publicKey)) as Record<string, string>;
      const publicJwk = { ...jwk, kid, alg: 'EdDSA', use: 'sig' };
      const sealed = this.box.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, `signing-key:${kid}`);
      await em.execute(
        `insert into signing_key (kid, purpose, generation, public_jwk, private_key_sealed, created_at)
         values (?, ?, ?, ?, ?, ?) on conflict (purpose, generation) do nothing`,
        [kid, purpose, generation, JSON.stringify(publicJwk), sealed, this.clock.now()],
      );
      row = await em.findOneOrFail(SigningKey, { purpose, generation }, { populate: ['privateKeySealed'] });
      this.#publicLoadedAt = 0;
    }
    const privateKey = createPrivateKey(
      this.box.openText(row.privateKeySealed as unknown as string, `signing-key:${row.kid}`),
    );
    const active = { kid: row.kid, privateKey, loadedAt: Date.now(), generation };
    this.#active.set(purpose, active);
    return active;
  }

  async #loadPublic(): Promise<void> {
    const em = this.orm.em.fork();
    const rows = await em.find(SigningKey, {}, { orderBy: { createdAt: 'asc' } });
    const map = new Map<string, LoadedKey>();
    for (const r of rows) {
      map.set(r.kid, {
        kid: r.kid,
        purpose: r.purpose,
        createdAt: r.createdAt,
        retiredAt: r.retiredAt ?? null,
        publicJwk: r.publicJwk,
        publicKey: createPublicKey({ key: r.publicJwk, format: 'jwk' }),
      });
    }
    this.#public = map;
    this.#publicLoadedAt = Date.now();
  }

  /** A published public key by kid, or null. Unknown kids trigger at most one reload per few seconds. */
  async publicKey(kid: string, purpose: KeyPurpose): Promise<KeyObject | null> {
    const age = Date.now() - this.#publicLoadedAt;
    if (age > RELOAD_MS || (!this.#public.has(kid) && age > MISS_RELOAD_MS)) await this.#loadPublic();
    const key = this.#public.get(kid);
    if (!key || key.purpose !== purpose || (key.retiredAt && key.retiredAt <= this.clock.now())) return null;
    return key.publicKey;
  }

  /**
   * The JWK set to publish. Access keys stay published for two rotation periods after they stop
   * signing (long enough for every token they signed to expire); certificate and peer keys stay
   * until explicitly retired, so old certificates keep verifying.
   */
  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    if (Date.now() - this.#publicLoadedAt > MISS_RELOAD_MS) await this.#loadPublic();
    const now = this.clock.now().getTime();
    const keys = [...this.#public.values()]
      .filter((k) => !(k.retiredAt && k.retiredAt.getTime() <= now))
      .filter((k) => k.purpose !== 'access' || now - k.createdAt.getTime() < 2 * this.#periodMs('access'))
      .map((k) => ({ ...k.publicJwk, key_ops: ['verify'], purpose: k.purpose }));
    return { keys };
  }
}
