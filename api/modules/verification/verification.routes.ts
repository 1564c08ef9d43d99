import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { pickLanguage } from '../../http/html.js';
import { HttpProblem } from '../../http/problem.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { NotFoundError, RateLimitedError } from '../../shared/errors.js';
import { rateLimitHeaders } from '../../shared/rate-limit.js';
import { councilService } from '../council/index.js';
import { hasValidCheckDigit } from '../licences/index.js';
import { normaliseLicenceNumberInput, publicLicenceSchema, type PublicLicence } from './verification.projection.js';
import { renderRateLimitedPage, renderVerifyPage, type VerifyChrome, type VerifyView } from './verification.public.js';
import * as s from './verification.schema.js';
import { publicRegister, searchTerms, verificationService, type CertificateOutcome } from './verification.service.js';

const tags = ['Public register'];
const MINUTE = 60;

/** A number-like query (has a digit and fits the number pattern) is looked up; anything else is a name search. */
const asNumber = (q: string): string | null => {
  const n = normaliseLicenceNumberInput(q);
  return n && /\d/.test(n) ? n : null;
};

/** Whether an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * The public lookup by number, the declared route's handler (also what the fast path runs): the
 * client's rate limit (its RateLimit headers set on the response), the number's shape (400 naming
 * the field), then the public register's row (404
 * when not on the register). The answer carries an ETag (the row's version, the allowlist and, where
 * the entry depends on the day, the day) and may be cached for a short while by anyone
 * (PUBLIC_REGISTER_MAX_AGE_SECONDS); a request naming the current tag gets 304 without a body. Errors
 * are the usual domain/HTTP errors, mapped by the one error handler.
 */
export function publicLookup(
  deps: AppDeps,
): (req: Request, res: Response, rawNumber: string) => Promise<PublicLicence | undefined> {
  const verification = verificationService(deps);
  const { limiter } = publicRegister(deps);
  const limit = { limit: deps.config.publicLookupsPerMinute, windowSeconds: MINUTE };
  const cacheControl = `public, max-age=${deps.config.publicRegisterMaxAgeSeconds}`;
  return async (req, res, rawNumber) => {
    const key = `pub-lookup:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    const state = limiter.tryHit(key, limit) ?? (await limiter.hit(key, limit));
    for (const [name, value] of Object.entries(rateLimitHeaders(state))) res.setHeader(name, value);
    const number = rawNumber.length <= 200 ? normaliseLicenceNumberInput(rawNumber) : null;
    if (!number)
      throw new HttpProblem('validation', 'number: not a licence number (3 to 32 letters, digits and hyphens)', [
        { field: 'number', message: 'not a licence number (3 to 32 letters, digits and hyphens)' },
      ]);
    const { licence, etag } = await verification.lookup(number);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', cacheControl);
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.end();
      return undefined;
    }
    return licence;
  };
}

export function verificationRoutes(deps: AppDeps): RouteDef[] {
  const lookupByNumber = publicLookup(deps);
  const verification = verificationService(deps);
  const council = councilService(deps);
  const { limiter } = publicRegister(deps);
  const lookupLimit = { limit: deps.config.publicLookupsPerMinute, windowSeconds: MINUTE };
  const searchLimit = { limit: deps.config.publicSearchesPerMinute, windowSeconds: MINUTE };
  const client = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const today = () => deps.clock.now().toISOString().slice(0, 10);

  async function chrome(req: Request, lang: string | undefined, path: string): Promise<VerifyChrome> {
    const c = await council.profile();
    return {
      lang: pickLanguage(lang, req.headers['accept-language'], c.locales, c.defaultLocale),
      councilName: c.name,
      councilNameNative: c.nameNative,
      domain: c.domain,
      languages: c.locales,
      path,
    };
  }
  const pathWithoutLang = (req: Request) => req.originalUrl.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const sendPage = (res: Response, status: number, html: string) => {
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(html);
  };

  /** Runs a page under a rate limit (with its RateLimit headers); refused → a friendly 429 page with Retry-After. */
  async function limited(
    req: Request,
    res: Response,
    lang: string | undefined,
    limit: { limit: number; windowSeconds: number },
    kind: string,
  ): Promise<boolean> {
    try {
      res.set(rateLimitHeaders(await limiter.hit(`pub-${kind}:${client(req)}`, limit)));
      return true;
    } catch (e) {
      if (!(e instanceof RateLimitedError)) throw e;
      res.setHeader('Retry-After', String(e.retryAfterSeconds));
      res.set(rateLimitHeaders(e.state));
      sendPage(res, 429, renderRateLimitedPage(await chrome(req, lang, pathWithoutLang(req)), e.retryAfterSeconds));
      return false;
    }
  }

  async function numberView(n: string): Promise<VerifyView> {
    try {
      return { kind: 'entry', licence: (await verification.lookup(n)).licence, today: today() };
    } catch (e) {
      if (e instanceof NotFoundError) return { kind: 'not-found', typo: !hasValidCheckDigit(n) };
      throw e;
    }
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/public/licences/:number',
      rateLimited: true,
      access: 'public',
      tags,
      summary: 'Look up a licence by number: the public register entry, or 404',
      description: `The council's public projection of the licence (fields the council does not publish are null). Unknown numbers, pending licences and well-formed numbers that do not exist all answer the same 404. Rate limited per client address (${deps.config.publicLookupsPerMinute} per minute by default; 429 with Retry-After); every answer carries the RateLimit-Policy and RateLimit headers. The answer has an ETag and may be cached for ${deps.config.publicRegisterMaxAgeSeconds} s (Cache-Control: public); If-None-Match with the current tag answers 304.`,
      params: s.licenceNumberParams,
      response: { status: 200, schema: publicLicenceSchema },
      handler: ({ params, req, res }) => lookupByNumber(req, res, params.number),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/public/licences',
      rateLimited: true,
      access: 'public',
      tags,
      summary: 'Search the public register by name (at least 3 letters; at most 20 results, ordered by name)',
      description:
        'Case and diacritics are ignored ("Nguyen Van An" finds "Nguyễn Văn An"); names in native script (Thai, Lao, Khmer, Burmese…) match as written. When more than 20 names begin with what was typed, the answer is the first 20 of those (truncated: true). No wildcards and no listing without a name. Rate limited per client address (429 with Retry-After); every answer carries the RateLimit-Policy and RateLimit headers.',
      query: s.searchQuery,
      response: { status: 200, schema: s.publicSearchResult },
      handler: async ({ query, req, res }) => {
        res.set(rateLimitHeaders(await limiter.hit(`pub-search:${client(req)}`, searchLimit)));
        if (!searchTerms(query.q))
          throw new HttpProblem('validation', `q: at least ${s.SEARCH_MIN} letters of the name`, [
            { field: 'q', message: `at least ${s.SEARCH_MIN} letters of the name` },
          ]);
        return verification.search(query.q);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/:id/verification-count',
      access: permission('registrants.read'),
      tags: ['Licences'],
      summary: 'How often the licence was verified on the public register (who verified is not recorded)',
      description:
        'Counts how often the licence was found by a public lookup, bulk verification or certificate check: in total, in the last 30 days, and per day. Only the numbers are kept, never who asked; counts are written in batches, so the last few seconds may be missing.',
      params: idParams,
      response: { status: 200, schema: s.verificationCountOut },
      handler: ({ params }) => verification.verificationCount(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/verify',
      rateLimited: true,
      access: 'public',
      tags,
      summary:
        'Verification page (server-rendered, no JavaScript): look up a number or search a name; with ?c=<certificate code> the certificate check',
      description:
        "The public verification page in the council's languages. With q, a number-like query is looked up and anything else is searched as a name (at least 3 letters, no wildcards); with c, a certificate's signed code (what its QR code opens) is checked against the live register. Answers 404 for an unknown number and 400 for an unusable query; rate limited per client address like the JSON lookups, with a 429 page.",
      query: s.verifyPageQuery,
      response: { status: 200, contentType: 'text/html' },
      raw: true,
      handler: async ({ query, req, res }) => {
        const q = (query.q ?? '').trim();
        const c = query.c?.trim();
        let view: VerifyView = { kind: 'form' };
        let certificate: { outcome: CertificateOutcome; today: string } | null = null;
        if (c) {
          if (!(await limited(req, res, query.lang, lookupLimit, 'lookup'))) return;
          certificate = { outcome: await verification.checkCertificate(c), today: today() };
        }
        if (q) {
          const n = asNumber(q);
          if (n) {
            if (!(await limited(req, res, query.lang, lookupLimit, 'lookup'))) return;
            view = await numberView(n);
          } else if (/[%*_?]/.test(q)) view = { kind: 'invalid-query', reason: 'wildcard' };
          else if (!searchTerms(q)) view = { kind: 'invalid-query', reason: 'too-short' };
          else {
            if (!(await limited(req, res, query.lang, searchLimit, 'search'))) return;
            const r = await verification.search(q);
            view = { kind: 'results', items: r.items, truncated: r.truncated };
          }
        }
        const status = view.kind === 'not-found' ? 404 : view.kind === 'invalid-query' ? 400 : 200;
        sendPage(
          res,
          status,
          renderVerifyPage(await chrome(req, query.lang, pathWithoutLang(req)), q, view, certificate),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/verify/:number',
      rateLimited: true,
      access: 'public',
      tags,
      summary: 'A licence’s public register entry (server-rendered page, no JavaScript)',
      description:
        'The public register entry of one licence as an HTML page (the link sent in watchlist alerts and webhooks). Unknown numbers answer a 404 page; rate limited per client address, with a 429 page.',
      params: s.licenceNumberParams,
      query: s.verifyNumberPageQuery,
      response: { status: 200, contentType: 'text/html' },
      raw: true,
      handler: async ({ params, query, req, res }) => {
        if (!(await limited(req, res, query.lang, lookupLimit, 'lookup'))) return;
        const n = normaliseLicenceNumberInput(params.number);
        const view: VerifyView = n ? await numberView(n) : { kind: 'not-found', typo: false };
        sendPage(
          res,
          view.kind === 'not-found' ? 404 : 200,
          renderVerifyPage(await chrome(req, query.lang, pathWithoutLang(req)), params.number, view, null),
        );
      },
    }),
  ];
}
