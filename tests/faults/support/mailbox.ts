/**
 * A real SMTP server (smtp-server) that records every message it received in full, the way a mail
 * server that has taken a message for delivery does: a message counts once its final "." has
 * arrived, whether or not the sender was still there to read the "250" reply. `acceptDelayMs` holds
 * that reply back (a slow server), so a sender can be killed between the two.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import net from 'node:net';

export type Received = { messageId: string; to: string; subject: string; at: number };

export type Mailbox = {
  port: number;
  url: string;
  received: Received[];
  /** Connections refused while down. */
  down(): Promise<void>;
  /** Connections accepted, and never answered (not even the greeting), until `up()`. */
  silence(): Promise<void>;
  /** Connections the silent server is holding. */
  held(): number;
  up(): Promise<void>;
  isUp(): boolean;
  setAcceptDelay(ms: number): void;
  close(): Promise<void>;
};

export async function startMailbox(): Promise<Mailbox> {
  const received: Received[] = [];
  let acceptDelayMs = 0;
  let server: SMTPServer | null = null;
  const sockets = new Set<net.Socket>();

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 1024 * 1024,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', () => {});
        stream.on('end', () => {
          // The final "." arrived: the message is ours now, even if the sender dies before our reply.
          void simpleParser(Buffer.concat(chunks)).then((m) => {
            received.push({
              messageId: m.messageId ?? '',
              to: Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? ''),
              subject: m.subject ?? '',
              at: Date.now(),
            });
            setTimeout(() => callback(), acceptDelayMs);
          }, callback);
        });
      },
    });

  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const s = make();
      server = s;
      s.on('error', () => {});
      s.server.on('connection', (socket: net.Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      s.server.once('error', reject);
      s.listen(p, '127.0.0.1', () => resolve((s.server.address() as net.AddressInfo).port));
    });

  const port = await listen(0);
  let silent: net.Server | null = null;
  const heldSockets = new Set<net.Socket>();
  const unsilence = async () => {
    const s = silent;
    silent = null;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of heldSockets) socket.destroy();
    await closed;
  };
  const shut = async () => {
    await unsilence();
    const s = server;
    server = null;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    down: shut,
    async silence() {
      await shut();
      silent = net.createServer((socket) => {
        heldSockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => heldSockets.delete(socket));
      });
      await new Promise<void>((resolve) => silent!.listen(port, '127.0.0.1', () => resolve()));
    },
    held: () => heldSockets.size,
    async up() {
      await unsilence();
      if (!server) await listen(port);
    },
    isUp: () => server !== null,
    setAcceptDelay(ms) {
      acceptDelayMs = ms;
    },
    close: shut,
  };
}

/** Counts what arrived against what was expected, by Message-ID. */
export function tally(expectedIds: Iterable<string>, received: Received[]) {
  const expected = new Set(expectedIds);
  const counts = new Map<string, number>();
  for (const r of received) counts.set(r.messageId, (counts.get(r.messageId) ?? 0) + 1);
  let delivered = 0;
  let duplicated = 0;
  const lost: string[] = [];
  for (const id of expected) {
    const n = counts.get(id) ?? 0;
    if (n === 0) lost.push(id);
    else delivered++;
    if (n > 1) duplicated += n - 1;
  }
  const unexpected = [...counts.keys()].filter((id) => !expected.has(id));
  return { expected: expected.size, delivered, duplicated, lost: lost.length, lostIds: lost, unexpected };
}
