/** Bearer-token authentication: turns `Authorization: Bearer …` (or an `X-Api-Key`) into an AuthContext. */
import type { Request } from 'express';
import { UnauthenticatedError } from '../shared/errors.js';
import type { TokenService } from '../modules/auth/tokens.js';
import { setActor } from './request-context.js';

/** organisationId and apiKeyId are set when an employer's API key authenticated the request. */
export type AuthContext = {
  accountId: string;
  roles: string[];
  label: string;
  organisationId?: string;
  apiKeyId?: string;
};

export function bearerAuthenticator(tokens: TokenService, apiKeys?: (token: string) => Promise<AuthContext>) {
  return async (req: Request): Promise<AuthContext | null> => {
    const header = req.headers.authorization;
    const apiKeyHeader = req.headers['x-api-key'];
    if (!header && typeof apiKeyHeader === 'string' && apiKeys) return withActor(await apiKeys(apiKeyHeader.trim()));
    if (!header) return null;
    const m = /^Bearer\s+([A-Za-z0-9_.-]+)$/i.exec(header);
    if (!m) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    if (apiKeys && m[1]!.startsWith('swk_')) return withActor(await apiKeys(m[1]!));
    const claims = await tokens.verifyAccess(m[1]!);
    return withActor({ accountId: claims.sub, roles: claims.roles, label: claims.name });
  };
}

function withActor(auth: AuthContext): AuthContext {
  setActor({ id: auth.accountId, label: auth.label, roles: auth.roles });
  return auth;
}
