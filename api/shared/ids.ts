import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** An unguessable token for links and cookies (base64url, 256 bits). */
export const newToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens are stored only as hashes. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
