/** What the app and jobs are built from. Created once in main.ts (or a test), passed down explicitly. */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Transporter } from 'nodemailer';
import type { Config } from './config.js';
import type { Clock } from './shared/clock.js';
import type { SecretBox } from './shared/secrets.js';
import type { KeyStore } from './modules/auth/keys.service.js';
import type { TokenService } from './modules/auth/tokens.js';
import type { SessionGuard } from './modules/auth/session-guard.js';

export type AppDeps = {
  config: Config;
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  box: SecretBox;
  keys: KeyStore;
  tokens: TokenService;
  /** Whether a sign-in session is still open (cached per instance, invalidated through PostgreSQL NOTIFY). */
  sessions: SessionGuard;
  mailTransport: Transporter;
};
