/**
 * API key authentication: `Authorization: Bearer swk_…` or `X-Api-Key: swk_…` acts as the key's
 * organisation (role employer). The key id finds the row; the secret's hash is compared in constant
 * time; a revoked key, or a key of an inactive organisation, is refused. `last_used_at` is written
 * at most once a minute per key, so verification traffic does not turn into a write per request.
 */
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { UnauthenticatedError } from '../../shared/errors.js';
import { parseApiKey, secretMatches } from './employer.rules.js';

export type ApiKeyVerifier = (token: string) => Promise<AuthContext>;

export function apiKeyVerifier(deps: Pick<AppDeps, 'orm' | 'clock'>): ApiKeyVerifier {
  return async (token) => {
    const refused = new UnauthenticatedError('The API key is invalid or has been revoked');
    const parsed = parseApiKey(token);
    if (!parsed) throw refused;
    const em = deps.orm.em.fork();
    const [row] = await em.execute<
      {
        id: string;
        secret_hash: string;
        scopes: string[];
        name: string;
        organisation_id: string;
        revoked_at: Date | null;
        org_status: string;
      }[]
    >(
      `select k.id, k.secret_hash, k.name, k.scopes, k.organisation_id, k.revoked_at, o.status as org_status
       from employer_api_key k join employer_organisation o on o.id = k.organisation_id where k.key_id = ?`,
      [parsed.keyId],
    );
    if (!row || !secretMatches(parsed.secret, row.secret_hash) || row.revoked_at || row.org_status !== 'active')
      throw refused;
    const now = deps.clock.now();
    await em.execute(
      `update employer_api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?::timestamptz - interval '1 minute')`,
      [now, row.id, now],
    );
    // The key itself is the actor (audit trail, created-by columns): it is not any person's account.
    return {
      accountId: row.id,
      roles: ['employer'],
      label: `API key ${row.name}`,
      organisationId: row.organisation_id,
      apiKeyId: row.id,
      scopes: row.scopes,
      mfa: false,
    };
  };
}
