/**
 * GET /metrics: Prometheus text exposition. Not for the public: readable with the METRICS_TOKEN
 * bearer token, or from an address in METRICS_ALLOW (loopback by default). The address is the TCP
 * peer's, not X-Forwarded-For, so a proxy in front cannot lend its clients its own address.
 */
import { BlockList, isIPv4 } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AppDeps } from '../deps.js';
import { defineRoute, type RouteDef } from '../http/routes.js';
import { ForbiddenError } from '../shared/errors.js';
import { publicReadPool } from '../modules/verification/index.js';
import { metricsRegistry, refreshGauges } from './metrics.js';

export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function metricsRoutes(deps: AppDeps): RouteDef[] {
  const allowed = allowList(deps.config.metricsAllow);
  const token = deps.config.metricsToken ? digest(deps.config.metricsToken) : null;

  const mayRead = (req: Request): boolean => {
    const auth = req.headers.authorization;
    if (token && auth?.startsWith('Bearer ') && timingSafeEqual(digest(auth.slice(7)), token)) return true;
    let peer = req.socket.remoteAddress ?? '';
    if (peer.startsWith('::ffff:') && isIPv4(peer.slice(7))) peer = peer.slice(7);
    return peer !== '' && allowed.check(peer, isIPv4(peer) ? 'ipv4' : 'ipv6');
  };

  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      access: 'public',
      tags: ['Platform'],
      summary: 'Prometheus metrics (METRICS_TOKEN bearer token, or an address in METRICS_ALLOW)',
      description:
        'Request durations per route, rate-limit refusals, job runs and failures, e-mail outbox and webhook deliveries and backlog, database pool usage and Node process metrics, in the Prometheus text format. Callers without the token from other addresses get 403.',
      response: { status: 200, contentType: 'text/plain' },
      raw: true,
      handler: async ({ req, res }) => {
        if (!mayRead(req))
          throw new ForbiddenError('Metrics are readable with the METRICS_TOKEN bearer token or from METRICS_ALLOW');
        await refreshGauges(deps, publicReadPool(deps)).catch((err: unknown) =>
          deps.log.warn({ err }, 'metrics: reading the queue sizes failed'),
        );
        res.setHeader('Cache-Control', 'no-store');
        res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
      },
    }),
  ];
}
