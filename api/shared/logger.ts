/** The registry's logger: pino, JSON lines on stdout, with secrets redacted. */
import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';

export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.mfaToken',
  '*.code',
  '*.secret',
  '*.totpSecret',
];

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { service: 'sw-registry' },
  });
}
