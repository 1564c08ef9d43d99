/**
 * The one reader of process.env. Parsed once by zod and frozen; a wrong or missing value stops the
 * boot with a message naming the variable and what it expects.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

/** An IPv4 or IPv6 address, optionally with a /prefix. */
function isCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port.default(3000),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
      .optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(5000),
    DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(30000),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_PG_PORT: port.default(54329),
    DEMO: bool.optional(),
    DATA_KEY: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'a base64-encoded 32-byte key (openssl rand -base64 32)')
      .optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    SIGNING_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    COOKIE_SECURE: bool.optional(),
    TRUST_PROXY: z.string().default('loopback'),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'a size such as 1mb or 512kb')
      .default('1mb'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Social Work Registry <no-reply@registry.localhost>'),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    SIGN_IN_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86400).default(900),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JOBS: bool.default(true),
    MRA_TIMEOUT_MS: z.coerce.number().int().min(200).max(30000).default(3000),
    MRA_INBOUND_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(60),
    BULK_VERIFY_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(60),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(200).max(60000).default(10000),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
    PUBLIC_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(100000000).default(60),
    PUBLIC_SEARCHES_PER_MINUTE: z.coerce.number().int().min(1).max(100000000).default(20),
    RATE_LIMIT_LEASE: z.coerce.number().int().min(1).max(10000).default(20),
    VERIFICATION_COUNT_FLUSH_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    PUBLIC_READ_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
      .optional(),
    PUBLIC_READ_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    PUBLIC_REGISTER_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    MIGRATE_ON_START: bool.default(true),
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters (openssl rand -hex 24)').optional(),
    METRICS_ALLOW: z
      .string()
      .refine((v) => v.split(',').every((part) => isCidr(part.trim())), 'comma-separated addresses or CIDR ranges')
      .default('127.0.0.0/8,::1/128'),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('sw-registry'),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, 'a Stripe secret or restricted key (sk_… or rk_…)')
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, "the endpoint's signing secret (whsec_…)")
      .optional(),
    STRIPE_API_URL: z.url().optional(),
    OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.DATABASE_URL)
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required in production' });
      if (!env.DATA_KEY) ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'required in production' });
      if (!env.SMTP_URL) ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'required in production' });
      if (!env.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'required in production' });
    }
    if (!!env.STRIPE_SECRET_KEY !== !!env.STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: [env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY'],
        message: 'online payment needs both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
      });
  });

/** Every variable the registry reads. */
export const configVariables = Object.keys(configSchema.shape);

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dbPoolMax: number;
  /** How long a request may wait for a database connection (a new one, or a free one from the pool). */
  dbConnectTimeoutMs: number;
  /** How long a statement of an HTTP request (or of the e-mail sender) may go unanswered before its connection is dropped. */
  dbQueryTimeoutMs: number;
  dataDir: string;
  embeddedPgPort: number;
  demo: boolean;
  dataKey: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  signingKeyRotationDays: number;
  cookieSecure: boolean;
  trustProxy: string;
  bodyLimit: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxMaxAttempts: number;
  signInLimit: number;
  signInWindowSeconds: number;
  shutdownTimeoutMs: number;
  logLevel: string;
  jobs: boolean;
  /** Cross-border lookups: how long one attempt at a peer may take, and inbound questions a peer may ask per minute. */
  mraTimeoutMs: number;
  mraInboundLimitPerMinute: number;
  /** Employer services: bulk verification requests per organisation per minute; webhook attempt timeout and attempts before a delivery is marked failed. */
  bulkVerifyLimitPerMinute: number;
  webhookTimeoutMs: number;
  webhookMaxAttempts: number;
  /** Public register: lookups and name searches per client address per minute; hits each instance takes from the shared PostgreSQL bucket at once. */
  publicLookupsPerMinute: number;
  publicSearchesPerMinute: number;
  rateLimitLease: number;
  /** Public register: how often each instance adds its verification counts to the database. */
  verificationCountFlushSeconds: number;
  /** Public register lookups: an optional read replica, and the size of the lookups' own connection pool. */
  publicReadDatabaseUrl: string | undefined;
  publicReadPoolMax: number;
  /** Public register lookups: how long browsers, employers' clients and CDNs may reuse an answer (Cache-Control max-age). */
  publicRegisterMaxAgeSeconds: number;
  /** Apply pending migrations (under the migration lock) at start; when false, wait for `npm run db:migrate`. */
  migrateOnStart: boolean;
  /** /metrics: a bearer token that may read it from anywhere, and the addresses that may read it without one. */
  metricsToken: string | undefined;
  metricsAllow: string[];
  /** OpenTelemetry traces go to this OTLP/HTTP endpoint when set (the SDK reads the other OTEL_* variables itself). */
  otelEndpoint: string | undefined;
  otelServiceName: string;
  /** The share of new traces kept (parent-based: a traced caller's decision is followed); all when unset. */
  otelSampleRatio: number | undefined;
  /** Online payment (Stripe Checkout): on when both the key and the webhook signing secret are set. */
  stripe: { secretKey: string; webhookSecret: string; apiUrl: string | undefined } | undefined;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default) into a frozen Config, or throws ConfigError. */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const picked: Record<string, string> = {};
  for (const key of configVariables) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const got = picked[name] === undefined ? 'unset' : JSON.stringify(picked[name]);
        return `${name}: ${i.message} (got ${got})`;
      }),
    );
  }
  const e = parsed.data;
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbQueryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    demo: e.DEMO ?? !e.DATABASE_URL,
    dataKey: e.DATA_KEY,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    signingKeyRotationDays: e.SIGNING_KEY_ROTATION_DAYS,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
    bodyLimit: e.BODY_LIMIT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    signInLimit: e.SIGN_IN_LIMIT,
    signInWindowSeconds: e.SIGN_IN_WINDOW_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    jobs: e.JOBS,
    mraTimeoutMs: e.MRA_TIMEOUT_MS,
    mraInboundLimitPerMinute: e.MRA_INBOUND_LIMIT_PER_MINUTE,
    bulkVerifyLimitPerMinute: e.BULK_VERIFY_LIMIT_PER_MINUTE,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    publicLookupsPerMinute: e.PUBLIC_LOOKUPS_PER_MINUTE,
    publicSearchesPerMinute: e.PUBLIC_SEARCHES_PER_MINUTE,
    rateLimitLease: e.RATE_LIMIT_LEASE,
    verificationCountFlushSeconds: e.VERIFICATION_COUNT_FLUSH_SECONDS,
    publicReadDatabaseUrl: e.PUBLIC_READ_DATABASE_URL,
    publicReadPoolMax: e.PUBLIC_READ_POOL_MAX,
    publicRegisterMaxAgeSeconds: e.PUBLIC_REGISTER_MAX_AGE_SECONDS,
    migrateOnStart: e.MIGRATE_ON_START,
    metricsToken: e.METRICS_TOKEN,
    metricsAllow: e.METRICS_ALLOW.split(',').map((a) => a.trim()),
    otelEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    otelServiceName: e.OTEL_SERVICE_NAME,
    otelSampleRatio: e.OTEL_TRACES_SAMPLER_ARG,
    stripe:
      e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
        ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiUrl: e.STRIPE_API_URL }
        : undefined,
    ...overrides,
  };
  return Object.freeze(config);
}
