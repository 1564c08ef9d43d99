/**
 * The public complaint form at /complaints: server-rendered, no account and no JavaScript needed,
 * in the council's languages. Abuse limits: a PostgreSQL rate limit per client address (holds
 * across instances), a honeypot field, and a signed form token (posts only from our own page, only
 * for two hours, and only once: a used token is claimed in PostgreSQL, across instances); a
 * cross-site Origin is refused. Attachments (PDF, PNG or JPEG, checked by content, and refused when
 * they could run a script) are stored with the case in the same transaction.
 */
import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../deps.js';
import { esc, page, pickLanguage } from '../../http/html.js';
import { t as message, type MessageValues } from '../../shared/i18n.js';
import { DomainError, RateLimitedError, type FieldError } from '../../shared/errors.js';
import { hitRateLimit, rateLimitHeaders } from '../../shared/rate-limit.js';
import { textFault } from '../../shared/text.js';
import { fieldMessages } from '../../shared/validation-messages.js';
import { percentEncodingErrors } from '../../http/input-guard.js';
import { councilService } from '../council/index.js';
import { UnsafeFileError } from '../documents/index.js';
import { openCase, type Attachment } from './discipline.service.js';
import { COMPLAINT_CATEGORIES, complaintBody } from './discipline.schema.js';

export const COMPLAINT_MAX_BYTES = 16 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 3;
export const COMPLAINT_LIMIT = { limit: 5, windowSeconds: 3600 };
const TOKEN_TTL_MS = 2 * 3600 * 1000;

type Lang = string;

/** The complaint pages' messages in `lang`, from the catalogue (page.complaints.*). */
function textOf(lang: Lang) {
  const m = (key: string, values?: MessageValues) => message(lang, `page.complaints.${key}`, values);
  return {
    title: m('title'),
    intro: m('intro'),
    you: m('you'),
    name: m('name'),
    email: m('email'),
    phone: m('phone'),
    relationship: m('relationship'),
    them: m('them'),
    respondentName: m('respondentName'),
    licence: m('licence'),
    category: m('category'),
    allegation: m('allegation'),
    attachments: m('attachments', { max: MAX_ATTACHMENTS, mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }),
    honeypot: m('honeypot'),
    submit: m('submit'),
    fix: m('fix'),
    thanks: m('thanks'),
    reference: m('reference'),
    next: m('next'),
    expired: m('expired'),
    unsafeFile: m('unsafeFile'),
    notAllowed: m('notAllowed'),
    unreadable: m('unreadable'),
    limited: (seconds: number) => m('limited', { minutes: Math.ceil(seconds / 60) }),
    categories: Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, m(`categories.${c}`)])) as Record<
      (typeof COMPLAINT_CATEGORIES)[number],
      string
    >,
  };
}

const FIELDS = [
  'complainantName',
  'complainantEmail',
  'complainantPhone',
  'complainantRelationship',
  'respondentName',
  'respondentLicenceNumber',
  'category',
  'allegation',
] as const;
type FormValues = Partial<Record<(typeof FIELDS)[number], string>>;

const EXTRA_CSS = `form.c{display:block;background:#fff;padding:16px;border-radius:6px}form.c label{display:block;margin:10px 0 2px;font-weight:600}
form.c input[type=text],form.c input[type=email],form.c select,form.c textarea{width:100%;box-sizing:border-box}form.c textarea{min-height:160px;font:inherit;padding:8px}
.err{color:#b42318;font-size:.9rem}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}fieldset{border:1px solid #e4e7eb;margin:12px 0}`;

export function complaintForm(deps: AppDeps) {
  const council = councilService(deps);
  const sign = (issued: string) => deps.box.mac(`complaint-form:${issued}`, 'complaint-form');
  /** `<ms>.<nonce>.<mac>`: the nonce makes each page's token its own (two pages in one millisecond too), so using one uses no other. */
  const token = () => {
    const issued = `${deps.clock.now().getTime()}.${randomBytes(12).toString('base64url')}`;
    return `${issued}.${sign(issued)}`;
  };
  /** The row a used token leaves (its SHA-256, kept until the token would have expired anyway). */
  const tokenKey = (t: string) => createHash('sha256').update(t).digest('hex');
  const tokenExpiry = (t: string) => new Date(Number(t.split('.')[0]) + TOKEN_TTL_MS);
  const tokenUsed = async (em: EntityManager, t: string) =>
    (await em.execute(`select 1 from complaint_form_token where token_hash = ?`, [tokenKey(t)])).length > 0;
  /** Claims the token in the case's transaction: false when another submission (on any instance) has it. */
  const claimToken = async (tx: EntityManager, t: string) =>
    (
      await tx.execute(
        `insert into complaint_form_token (token_hash, expires_at) values (?, ?) on conflict (token_hash) do nothing returning token_hash`,
        [tokenKey(t), tokenExpiry(t)],
      )
    ).length === 1;
  const tokenValid = (t: unknown): t is string => {
    if (typeof t !== 'string') return false;
    const [ts, nonce, mac, ...rest] = t.split('.');
    if (!ts || !nonce || !mac || rest.length || !/^\d{10,16}$/.test(ts) || !/^[A-Za-z0-9_-]{16}$/.test(nonce))
      return false;
    const expected = Buffer.from(sign(`${ts}.${nonce}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    const age = deps.clock.now().getTime() - Number(ts);
    return age >= 0 && age <= TOKEN_TTL_MS;
  };

  async function chrome(req: Request) {
    const c = await council.profile();
    const q = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const lang = pickLanguage(q, req.headers['accept-language'], c.locales, c.defaultLocale);
    return {
      lang,
      c,
      chrome: {
        lang,
        councilName: c.name,
        councilNameNative: c.nameNative,
        domain: c.domain,
        languages: c.locales,
        path: '/complaints',
      },
    };
  }

  function render(lang: Lang, values: FormValues, errors: FieldError[], notice: string | null) {
    const t = textOf(lang);
    const errOf = (f: string) => errors.find((e) => e.field === f)?.message;
    const err = (f: string) => (errOf(f) ? ` <span class="err" id="${f}-error">${esc(errOf(f))}</span>` : '');
    const describedBy = (f: string) => (errOf(f) ? ` aria-invalid="true" aria-describedby="${f}-error"` : '');
    const input = (f: (typeof FIELDS)[number], label: string, type = 'text', required = false, max = 200) =>
      `<label for="${f}">${esc(label)}${err(f)}</label><input type="${type}" id="${f}" name="${f}" value="${esc(values[f] ?? '')}" maxlength="${max}"${required ? ' required' : ''}${describedBy(f)}>`;
    const cats = COMPLAINT_CATEGORIES.map(
      (k) => `<option value="${k}"${values.category === k ? ' selected' : ''}>${esc(t.categories[k])}</option>`,
    ).join('');
    return `<style>${EXTRA_CSS}</style><h1>${esc(t.title)}</h1><p>${esc(t.intro)}</p>
${notice ? `<p class="bad" role="alert">${esc(notice)}</p>` : errors.length ? `<p class="bad" role="alert">${esc(t.fix)}</p>` : ''}
<form class="c" method="post" action="/complaints?lang=${esc(lang)}" enctype="multipart/form-data">
<input type="hidden" name="formToken" value="${esc(token())}"><input type="hidden" name="lang" value="${esc(lang)}">
<fieldset><legend>${esc(t.you)}</legend>${input('complainantName', t.name, 'text', true)}${input('complainantEmail', t.email, 'email', true, 254)}${input('complainantPhone', t.phone, 'text', false, 40)}${input('complainantRelationship', t.relationship)}</fieldset>
<fieldset><legend>${esc(t.them)}</legend>${input('respondentName', t.respondentName, 'text', true, 300)}${input('respondentLicenceNumber', t.licence, 'text', false, 40)}
<label for="category">${esc(t.category)}${err('category')}</label><select id="category" name="category" required${describedBy('category')}>${cats}</select>
<label for="allegation">${esc(t.allegation)}${err('allegation')}</label><textarea id="allegation" name="allegation" maxlength="20000" required${describedBy('allegation')}>${esc(values.allegation ?? '')}</textarea>
<label for="attachments">${esc(t.attachments)}${err('attachments')}</label><input type="file" id="attachments" name="attachments" multiple accept="application/pdf,image/png,image/jpeg"${describedBy('attachments')}></fieldset>
<div class="hp" aria-hidden="true"><label for="website">${esc(t.honeypot)}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${esc(t.submit)}</button></p></form>`;
  }

  /**
   * Browsers say where a post comes from: Sec-Fetch-Site, and Origin (which is "null" under our
   * no-referrer policy, so only a named foreign origin is refused). The signed token does the rest.
   */
  const sameOrigin = (req: Request): boolean => {
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return false;
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return true;
    const own = new Set([new URL(deps.config.publicUrl).origin, `${req.protocol}://${req.get('host')}`]);
    return own.has(origin);
  };

  return {
    async show(req: Request, res: Response) {
      const { lang, chrome: ch } = await chrome(req);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(page({ ...ch, title: textOf(lang).title }, render(lang, {}, [], null)));
    },

    async submit(req: Request, res: Response, body: Buffer) {
      const { lang, chrome: ch } = await chrome(req);
      const t = textOf(lang);
      const send = (status: number, html: string) => {
        res.setHeader('Cache-Control', 'no-store');
        res
          .status(status)
          .type('html')
          .send(page({ ...ch, title: t.title }, html));
      };
      const em = deps.orm.em.fork();
      const now = deps.clock.now();
      try {
        await hitRateLimit(em, `complaint:ip:${req.ip ?? 'unknown'}`, COMPLAINT_LIMIT, now);
      } catch (e) {
        if (e instanceof RateLimitedError) {
          res.setHeader('Retry-After', String(e.retryAfterSeconds));
          res.set(rateLimitHeaders(e.state));
          return send(429, render(lang, {}, [], t.limited(e.retryAfterSeconds)));
        }
        throw e;
      }
      let form: FormData;
      try {
        form = await new Request('http://form.local/', {
          method: 'POST',
          headers: { 'content-type': String(req.headers['content-type'] ?? '') },
          body,
        }).formData();
      } catch {
        return send(400, render(lang, {}, [], t.expired));
      }
      // Text no field may hold (NUL, an unpaired surrogate; in names and file names too), and bytes
      // that are not UTF-8 (which the form reader turns into U+FFFD: a multipart value whose UTF-8
      // is not in the post, or a urlencoded escape that is not UTF-8): refused before anything is read.
      const urlencoded = Boolean(req.is('application/x-www-form-urlencoded'));
      const notSent = (s: string) => !urlencoded && s.includes('\uFFFD') && !body.includes(Buffer.from(s));
      const unreadable = new Set<string>();
      for (const [name, v] of form) {
        const text = typeof v === 'string' ? v : v.name;
        if (textFault(name) || textFault(text) || notSent(name) || notSent(text))
          unreadable.add((FIELDS as readonly string[]).includes(name) || name === 'attachments' ? name : 'form');
      }
      if (urlencoded && percentEncodingErrors(body.toString('latin1'), 'form').length) unreadable.add('form');
      const values: FormValues = {};
      for (const f of FIELDS) {
        const v = form.get(f);
        if (typeof v === 'string' && v.trim() && !unreadable.has(f)) values[f] = v;
      }
      if (unreadable.size)
        return send(
          400,
          render(
            lang,
            values,
            [...unreadable].map((field) => ({ field, message: t.notAllowed })),
            t.unreadable,
          ),
        );
      const formToken = form.get('formToken');
      if (!sameOrigin(req) || !tokenValid(formToken) || (await tokenUsed(em, formToken)))
        return send(403, render(lang, values, [], t.expired));
      // A filled honeypot is a robot: answer as if received, store nothing.
      const honeypot = form.get('website');
      if (typeof honeypot === 'string' && honeypot.trim())
        return send(200, `<h1>${esc(t.thanks)}</h1><p>${esc(t.next)}</p>`);

      const parsed = complaintBody
        .pick({
          complainantName: true,
          complainantEmail: true,
          complainantPhone: true,
          complainantRelationship: true,
          respondentName: true,
          respondentLicenceNumber: true,
          category: true,
          allegation: true,
        })
        .required({ complainantEmail: true })
        .safeParse(values, { error: fieldMessages(lang) });
      const errors: FieldError[] = parsed.success
        ? []
        : [
            ...new Map(
              parsed.error.issues.map((i) => [
                String(i.path[0] ?? 'form'),
                { field: String(i.path[0] ?? 'form'), message: i.message },
              ]),
            ).values(),
          ];
      const files = form.getAll('attachments').filter((f): f is File => typeof f !== 'string' && f.size > 0);
      if (files.length > MAX_ATTACHMENTS)
        errors.push({
          field: 'attachments',
          message: message(lang, 'api.validation.tooManyFiles', { n: MAX_ATTACHMENTS }),
        });
      else if (files.some((f) => f.size > ATTACHMENT_MAX_BYTES))
        errors.push({
          field: 'attachments',
          message: message(lang, 'api.validation.fileTooLarge', { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }),
        });
      if (!parsed.success || errors.length) return send(422, render(lang, values, errors, null));

      const attachments: Attachment[] = await Promise.all(
        files.map(async (f) => ({ bytes: Buffer.from(await f.arrayBuffer()), filename: f.name })),
      );
      try {
        const c = await em.transactional(async (tx) => {
          // A token opens one case: a second submission with it (a resend, or a replay on another
          // instance at the same moment) finds it claimed and writes nothing.
          if (!(await claimToken(tx, formToken))) return null;
          return openCase(
            tx,
            { ...parsed.data, respondentLicenceNumber: parsed.data.respondentLicenceNumber },
            'public',
            attachments,
            { now, publicUrl: deps.config.publicUrl },
          );
        });
        if (!c) return send(403, render(lang, values, [], t.expired));
        return send(
          201,
          `<h1>${esc(t.thanks)}</h1><p>${esc(t.reference)}: <strong id="reference">${esc(c.reference)}</strong></p><p>${esc(t.next)}</p>`,
        );
      } catch (e) {
        if (e instanceof UnsafeFileError)
          return send(422, render(lang, values, [{ field: 'attachments', message: t.unsafeFile }], null));
        if (e instanceof DomainError && e.problem === 'validation') {
          const field = e.errors?.[0]?.field === 'file' ? 'attachments' : (e.errors?.[0]?.field ?? 'form');
          return send(422, render(lang, values, [{ field, message: e.errors?.[0]?.message ?? e.message }], null));
        }
        throw e;
      }
    },
  };
}
