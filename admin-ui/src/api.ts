/**
 * The one place the UI talks HTTP. The access token lives in memory only; the refresh token is an
 * httpOnly cookie the browser sends to /api/v1/auth. A 401 triggers one refresh and one retry.
 */
import { createRegistryClient, type RegistryClient, type Schemas } from '../../clients/typescript/index';
import { translateNow } from './i18n/translate-now';

/** The answers the session code reads, typed from the registry's OpenAPI document (the generated client). */
export type Account = Schemas['Account'];
export type SignedIn = Schemas['SignedIn'];
/** RFC 9457 problem details, as every refusal is answered. */
export type Problem = Schemas['Problem'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `Request failed (${status})`);
  }
}

let accessToken: string | null = null;
let account: Account | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

export const session = {
  get account() {
    return account;
  },
  get token() {
    return accessToken;
  },
  onChange(fn: () => void) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

export function setSession(result: SignedIn | null): void {
  accessToken = result?.accessToken ?? null;
  account = result?.account ?? null;
  if (refreshTimer) clearTimeout(refreshTimer);
  if (result) refreshTimer = setTimeout(() => void refreshSession(), Math.max(10, result.expiresIn - 60) * 1000);
  listeners.forEach((l) => l());
}

/** Exchanges the refresh cookie for a new access token; false when there is no session. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then(async (res) => {
      if (!res.ok) {
        setSession(null);
        return false;
      }
      setSession((await res.json()) as SignedIn);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * The language the user chose in the UI (react-admin keeps it in its store), sent as Accept-Language
 * so what the server formats (amounts, dates, PDFs) reads like the screen around it.
 */
export function uiLanguage(): string {
  try {
    const stored = localStorage.getItem('RaStore.locale');
    if (stored) return String(JSON.parse(stored));
  } catch {
    /* no storage: the browser's own preference applies */
  }
  return navigator.language || 'en';
}

/** Sends a request; on a 401 while signed in, refreshes the access token once and sends it again. */
async function fetchWithRefresh(request: Request): Promise<Response> {
  const again = request.clone();
  const res = await fetch(request);
  if (res.status !== 401 || !accessToken || new URL(request.url).pathname.startsWith('/api/v1/auth/')) return res;
  if (!(await refreshSession())) return res;
  again.headers.set('authorization', `Bearer ${accessToken}`);
  return fetch(again);
}

/**
 * The registry's API as the generated client types it (clients/typescript: every path, parameter,
 * body and answer from the OpenAPI document), with this session's token and language.
 *
 *   const licences = await answer(registry.GET('/api/v1/licences/mine'));
 */
export const registry: RegistryClient = createRegistryClient({
  baseUrl: '',
  accessToken: () => accessToken,
  language: uiLanguage,
  fetch: fetchWithRefresh,
});

/** The answer of a typed call, or the refusal thrown as ApiError with its problem details. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, problemOf(error));
  return data as T;
}

/** A refusal's problem details; null when the body was empty or not JSON (openapi-fetch then gives text). */
const problemOf = (error: unknown): Problem | null =>
  typeof error === 'object' && error !== null ? (error as Problem) : null;

/**
 * The request options that send a file as the body (an upload), for an operation whose body the API
 * declares as bytes (typed as Blob):
 *
 *   await answer(registry.POST('/api/v1/cpd/records/{id}/evidence', { params, ...fileBody(file) }));
 */
export const fileBody = (file: Blob) => ({
  body: file,
  bodySerializer: (body: Blob) => body,
  headers: { 'content-type': file.type || 'application/octet-stream' },
});

export const isStaff = (roles: readonly string[]) =>
  roles.some((r) => ['admin', 'registrar', 'reviewer', 'auditor'].includes(r));

/** One readable line from a failed call: the problem's detail and each field error. */
export function problemMessage(e: unknown): string {
  if (e instanceof ApiError)
    return [e.problem?.detail ?? e.message, ...(e.problem?.errors ?? []).map((f) => `${f.field}: ${f.message}`)]
      .filter(Boolean)
      .join(' — ');
  return translateNow('swr.screen.unreachable', 'The registry cannot be reached; try again.');
}

/**
 * A typed call that answers a file: made with `parseAs: 'blob'`, so a success's data is the bytes as a Blob.
 * A refusal's body arrives as `error` whatever parseAs says (openapi-fetch parses it as JSON, else text).
 */
export type FileCall = Promise<{ data?: Blob; error?: unknown; response: Response }>;

/**
 * Saves the file a typed call answers under the server's file name (Content-Disposition), else
 * fallbackName; a refusal throws ApiError with the server's problem, as answer() does. The token is
 * refreshed once on a 401 by the client itself.
 *
 *   await downloadFile(
 *     registry.GET('/api/v1/invoices/{id}/pdf', { params: { path: { id: inv.id } }, parseAs: 'blob' }),
 *     `${inv.number}.pdf`,
 *   );
 */
export async function downloadFile(call: FileCall, fallbackName: string): Promise<void> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, problemOf(error));
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/.exec(disposition)?.[1];
  const url = URL.createObjectURL(data ?? new Blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : fallbackName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
