/**
 * A typed client for the registry's HTTP API, for employers' HR systems and peer councils: every path,
 * parameter, body and answer is typed from the registry's OpenAPI document (schema.ts, generated).
 *
 *   import { createRegistryClient } from '@sw-registry/client';
 *   const registry = createRegistryClient({ baseUrl: 'https://registry.swc.gov.vn', apiKey: process.env.KEY });
 *   const { data, error } = await registry.GET('/api/v1/public/licences/{number}', {
 *     params: { path: { number: 'VN-SW-26-000123-5' } },
 *   });
 *
 * Errors come back as `error` (RFC 9457 problem details naming the field), never thrown.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';
export type Schemas = components['schemas'];
/**
 * The media types a call's `data` and `error` are typed from: JSON. An operation that can also answer
 * a file (a CSV instead of JSON, a PDF) is read with `parseAs: 'blob'` or `'text'`, typed by that.
 */
export type JsonMedia = `${string}/json` | `${string}/${string}+json`;
export type RegistryClient = Client<paths, JsonMedia>;

export type RegistryClientOptions = Omit<ClientOptions, 'baseUrl'> & {
  /** The registry's address, e.g. https://registry.swc.gov.vn */
  baseUrl: string;
  /** An employer API key (sent as X-Api-Key). */
  apiKey?: string;
  /** A signed-in person's access token, or a function that returns the current one. */
  accessToken?: string | (() => string | null | undefined);
  /** The language answers and documents should be in (Accept-Language), e.g. 'vi'. */
  language?: string | (() => string | null | undefined);
};

const valueOf = (v: string | (() => string | null | undefined) | undefined) => (typeof v === 'function' ? v() : v);

export function createRegistryClient({
  apiKey,
  accessToken,
  language,
  baseUrl,
  ...options
}: RegistryClientOptions): RegistryClient {
  const client = createClient<paths, JsonMedia>({ baseUrl: baseUrl.replace(/\/$/, ''), ...options });
  client.use({
    onRequest({ request }) {
      if (apiKey) request.headers.set('x-api-key', apiKey);
      const token = valueOf(accessToken);
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      const lang = valueOf(language);
      if (lang) request.headers.set('accept-language', lang);
      return request;
    },
  });
  return client;
}
