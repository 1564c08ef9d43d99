/**
 * A registry instance as an operator runs it: a separate process started from the real entry point
 * (`node --import tsx api/main.ts`, or `npm start`), with its own PORT and the environment given.
 * Its output is kept (and written to a log file) so a case can read what it logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const logDir = path.join(tmpdir(), `swr-faults-${process.pid}`);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

export type LogLine = { msg?: string; level?: number; time?: number; [key: string]: unknown };

export type Instance = {
  name: string;
  port: number;
  base: string;
  child: ChildProcess;
  /** Exit code (null when killed by a signal) and signal, once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** stdout parsed as JSON log lines (lines that are not JSON are skipped). */
  logs(): LogLine[];
  logFile: string;
  /** When `/readyz` first answered 200, milliseconds after spawn. */
  readyAfterMs: number;
  /** A signal to the process started (npm itself for `npm start`, which passes it on to node). */
  kill(signal: NodeJS.Signals): void;
  /** SIGKILL to the instance's process group (npm and the node it started), and wait for the end. */
  stop(): Promise<void>;
};

export type StartOptions = {
  name: string;
  env: Record<string, string>;
  port?: number;
  /** `node` runs `node --import tsx api/main.ts`; `npm` runs `npm start` as a user does. */
  via?: 'node' | 'npm';
  readyTimeoutMs?: number;
};

export async function startInstance(opts: StartOptions): Promise<Instance> {
  const port = opts.port ?? (await freePort());
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${opts.name}-${port}-${Date.now()}.log`);
  const file: WriteStream = createWriteStream(logFile);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...opts.env,
  };
  // Its own process group, so that stop() also ends the node process `npm start` runs.
  const child =
    opts.via === 'npm'
      ? spawn('npm', ['start', '--silent'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
          cwd: repoRoot,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    stdout += d;
    file.write(d);
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d;
    file.write(d);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      file.end();
      resolve({ code, signal });
    }),
  );
  let parsedUpTo = 0;
  const parsed: LogLine[] = [];
  const logs = () => {
    const end = stdout.lastIndexOf('\n') + 1;
    for (const line of stdout.slice(parsedUpTo, end).split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        parsed.push(JSON.parse(line) as LogLine);
      } catch {
        /* not a log line */
      }
    }
    parsedUpTo = end;
    return parsed;
  };
  const base = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    name: opts.name,
    port,
    base,
    child,
    exited,
    output: () => out,
    logs,
    logFile,
    readyAfterMs: 0,
    kill: (signal) => {
      child.kill(signal);
    },
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* the group has ended */
      }
      await exited;
    },
  };
  const started = Date.now();
  const timeout = opts.readyTimeoutMs ?? 180_000;
  while (Date.now() - started < timeout) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${opts.name} exited before it was ready (log ${logFile}):\n${out.slice(-4000)}`);
    try {
      const r = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) });
      if (r.status === 200) {
        instance.readyAfterMs = Date.now() - started;
        return instance;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  await instance.stop();
  throw new Error(`${opts.name} was not ready after ${timeout} ms (log ${logFile}):\n${out.slice(-4000)}`);
}

/** Waits until `check` returns a truthy value (polling), or throws after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs: number, everyMs = 250) {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v) return { value: v, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
