/** Bearer-token authentication: turns `Authorization: Bearer …` (or an `X-Api-Key`) into an AuthContext. */
import type { Request } from 'express';
import { UnauthenticatedError } from '../shared/errors.js';
import type { TokenService } from '../modules/auth/tokens.js';
import type { SessionGuard } from '../modules/auth/session-guard.js';
import { setActor } from './request-context.js';

/**
 * Who is calling. `mfa` is true when the sign-in behind the token proved a second factor (staff
 * roles count only then); `sessionId` is that sign-in. organisationId, apiKeyId and scopes are set
 * when an employer's API key authenticated the request.
 */
export type AuthContext = {
  accountId: string;
  roles: string[];
  label: string;
  mfa: boolean;
  sessionId?: string;
  organisationId?: string;
  apiKeyId?: string;
  scopes?: readonly string[];
};

export function bearerAuthenticator(
  tokens: TokenService,
  sessions: Pick<SessionGuard, 'isActive'>,
  apiKeys?: (token: string) => Promise<AuthContext>,
) {
  return async (req: Request): Promise<AuthContext | null> => {
    const header = req.headers.authorization;
    const apiKeyHeader = req.headers['x-api-key'];
    if (!header && typeof apiKeyHeader === 'string' && apiKeys) return withActor(await apiKeys(apiKeyHeader.trim()));
    if (!header) return null;
    const m = /^Bearer\s+([A-Za-z0-9_.-]+)$/i.exec(header);
    if (!m) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    if (apiKeys && m[1]!.startsWith('swk_')) return withActor(await apiKeys(m[1]!));
    const claims = await tokens.verifyAccess(m[1]!);
    // A token outlives nothing: sign-out, a reused refresh token, a disabled account or changed roles end its session.
    if (!(await sessions.isActive(claims.sid))) throw new UnauthenticatedError('This session has ended; sign in again');
    return withActor({
      accountId: claims.sub,
      roles: claims.roles,
      label: claims.name,
      mfa: claims.mfa,
      sessionId: claims.sid,
    });
  };
}

function withActor(auth: AuthContext): AuthContext {
  setActor({ id: auth.accountId, label: auth.label, roles: auth.roles });
  return auth;
}
