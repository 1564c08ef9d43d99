/**
 * The OpenAPI document built from the route declarations alone: no database, no server. The same
 * document the registry serves at /api/openapi.json (same routes, same builder); `npm run openapi`
 * writes it and CI lints it.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from './config.js';
import { ormConfig } from './mikro-orm.config.js';
import { allRoutes } from './app.js';
import { buildOpenApi } from './http/openapi.js';
import type { AppDeps } from './deps.js';
import { systemClock } from './shared/clock.js';

export async function declaredOpenApi(publicUrl = 'https://registry.example.org') {
  // Defaults only: the description (and the client generated from it) must not depend on the shell it is built in.
  const config = loadConfig({ PUBLIC_URL: publicUrl, DATA_KEY: Buffer.alloc(32).toString('base64') });
  // Route declarations read their settings from deps; nothing here connects or runs a handler.
  const orm = new MikroORM(ormConfig({ clientUrl: 'postgres://127.0.0.1:1/unused', poolMax: 1 }));
  const unused = new Proxy(
    {},
    {
      get: (_, name) => {
        throw new Error(`openapi: a route declaration used deps.${String(name)} while being declared`);
      },
    },
  );
  const deps = {
    config,
    orm,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    box: unused,
    keys: unused,
    tokens: unused,
    sessions: unused,
    mailTransport: unused,
  } as unknown as AppDeps;
  try {
    const routes = allRoutes(deps, { shuttingDown: false, openapi: () => ({}) });
    return {
      routes,
      document: buildOpenApi(routes, { title: 'Social Work Registry API', version: '1', serverUrl: config.publicUrl }),
    };
  } finally {
    await orm.close(true);
  }
}
