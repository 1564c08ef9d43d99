/**
 * A TCP proxy between an instance and PostgreSQL that a test can cut:
 * - `refuse`: the listener closes and every connection through it is destroyed (the database host
 *   is down: connections are refused or reset);
 * - `blackhole`: connections are still accepted but nothing is forwarded either way, and nothing is
 *   answered (a host or network that silently drops packets);
 * - `restore()`: forwarding resumes for new connections; the connections that were cut or stalled
 *   are gone (as after a failover, or a firewall that forgot them).
 */
import net from 'node:net';

export type ProxyMode = 'open' | 'refuse' | 'blackhole';

export type DbProxy = {
  port: number;
  mode(): ProxyMode;
  /** The same database URL, through the proxy. */
  via(databaseUrl: string): string;
  cut(mode: 'refuse' | 'blackhole'): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** Connections accepted (forwarded or held) since start. */
  accepted(): number;
};

export async function startProxy(targetHost: string, targetPort: number): Promise<DbProxy> {
  let mode: ProxyMode = 'open';
  let accepted = 0;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  let server: net.Server;

  const onConnection = (client: net.Socket) => {
    accepted++;
    client.on('error', () => {});
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (mode === 'blackhole') {
      // Accepted, then silence: whatever the client sends goes nowhere.
      client.on('data', () => {});
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (d) => {
      if (mode === 'open') upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (mode === 'open') client.write(d);
    });
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const port = await listen(0);
  const destroyAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.upstream?.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    mode: () => mode,
    via(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async cut(to) {
      mode = to;
      if (to === 'refuse') {
        destroyAll();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
    async restore() {
      const was = mode;
      mode = 'open';
      destroyAll();
      if (was === 'refuse') await listen(port);
    },
    async close() {
      destroyAll();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
    accepted: () => accepted,
  };
}
