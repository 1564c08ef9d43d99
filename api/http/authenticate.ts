/** Bearer-token authentication: turns `Authorization: Bearer …` into an AuthContext. */
import type { Request } from 'express';
import { UnauthenticatedError } from '../shared/errors.js';
import type { TokenService } from '../modules/auth/tokens.js';
import { setActor } from './request-context.js';

export type AuthContext = { accountId: string; roles: string[]; label: string };

export function bearerAuthenticator(tokens: TokenService) {
  return async (req: Request): Promise<AuthContext | null> => {
    const header = req.headers.authorization;
    if (!header) return null;
    const m = /^Bearer\s+([A-Za-z0-9_.-]+)$/i.exec(header);
    if (!m) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    const claims = await tokens.verifyAccess(m[1]!);
    const auth = { accountId: claims.sub, roles: claims.roles, label: claims.name };
    setActor({ id: auth.accountId, label: auth.label, roles: auth.roles });
    return auth;
  };
}
