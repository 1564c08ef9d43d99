/** A real SMTP server in the test process, collecting parsed messages. */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export type TestSmtp = {
  port: number;
  url: string;
  messages: ParsedMail[];
  /** Recipients refused with 550 (a mailbox that does not exist): the failure is the message's, not the server's. */
  rejecting: Set<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
};

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const rejecting = new Set<string>();
  let server: SMTPServer;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!rejecting.has(address.address)) return callback();
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then((m) => {
          messages.push(m);
          callback();
        }, callback);
      },
    });
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server = make();
      server.on('error', () => {});
      server.listen(p, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
      server.server.once('error', reject);
    });
  const actual = await listen(port);
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    rejecting,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: async () => {
      await listen(actual);
    },
  };
}
