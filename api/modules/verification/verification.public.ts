/**
 * The public verification pages: /verify (look up a number or search a name; with ?c=<QR payload>,
 * the certificate check) and /verify/{number}. Server-rendered, no JavaScript, a few kilobytes,
 * in every language of the council (the page's language is chosen by ?lang= or Accept-Language).
 */
import type { PageChrome } from '../../http/html.js';
import { esc, page } from '../../http/html.js';
import { languageMeta, t, type MessageValues } from '../../shared/i18n.js';
import type { PublicLicence } from './verification.projection.js';
import type { CertificateOutcome } from './verification.service.js';

type Lang = string;

/** A message of the verification pages in `lang`. */
const tx = (lang: Lang, key: string, values?: MessageValues): string => t(lang, `page.verify.${key}`, values);

const CSS = `<style>.card{background:#fff;padding:12px 16px;border-radius:6px;margin:12px 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
dt{color:#616e7c}dd{margin:0}.big{font-size:1.2rem}ul{margin:0;padding-left:18px}.two{display:grid;grid-template-columns:1fr 1fr;gap:12px}
@media(max-width:600px){.two{grid-template-columns:1fr}dl{grid-template-columns:1fr}dt{margin-top:6px}}</style>`;

export type VerifyChrome = Omit<PageChrome, 'title'>;

const fmtDay = (lang: Lang, d: string | null) =>
  d
    ? new Intl.DateTimeFormat(languageMeta(lang).intl, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${d}T00:00:00Z`))
    : '';
const pick = (names: Record<string, string> | null, lang: Lang) =>
  names ? (names[lang] ?? names.en ?? Object.values(names)[0] ?? '') : '';
const statusClass = (l: PublicLicence) => (l.status === 'active' ? 'ok' : l.practiseAllowed ? 'warn' : 'bad');

function form(lang: Lang, value: string): string {
  return `<form method="get" action="/verify"><input type="hidden" name="lang" value="${esc(lang)}"><label for="q" style="width:100%">${esc(tx(lang, 'field'))}</label>
<input type="search" id="q" name="q" value="${esc(value)}" maxlength="100" required style="flex:1;min-width:12em" autocomplete="off"><button type="submit">${esc(tx(lang, 'check'))}</button></form>`;
}

export function renderEntry(lang: Lang, l: PublicLicence): string {
  const list = (items: string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : esc(tx(lang, 'none'));
  const rows: [string, string][] = [
    [
      tx(lang, 'name'),
      `<span class="big">${esc(l.name)}</span>${l.nameNative ? `<div>${esc(l.nameNative)}</div>` : ''}`,
    ],
    [tx(lang, 'number'), `<strong>${esc(l.number)}</strong>`],
    [tx(lang, 'tier'), esc(pick(l.tier.title, lang) || pick(l.tier.name, lang))],
    [
      tx(lang, 'status'),
      `<span class="${statusClass(l)}">${esc(tx(lang, `statuses.${l.status}`))}</span> · ${esc(l.practiseAllowed ? tx(lang, 'mayPractise') : tx(lang, 'mayNotPractise'))}`,
    ],
  ];
  if (l.validFrom || l.validUntil)
    rows.push([tx(lang, 'validity'), `${esc(fmtDay(lang, l.validFrom))} – ${esc(fmtDay(lang, l.validUntil))}`]);
  if (l.statusSince) rows.push([tx(lang, 'statusSince'), esc(fmtDay(lang, l.statusSince))]);
  if (l.conditions)
    rows.push([
      tx(lang, 'conditions'),
      list(l.conditions.map((c) => `${esc(c.text)} <span class="muted">(${esc(fmtDay(lang, c.since))})</span>`)),
    ]);
  if (l.sanctions)
    rows.push([
      tx(lang, 'sanctions'),
      list(
        l.sanctions.map(
          (s) =>
            `${esc(s.text || s.type)} <span class="muted">(${esc(fmtDay(lang, s.from))}${s.until ? ` – ${esc(fmtDay(lang, s.until))}` : ''})</span>`,
        ),
      ),
    ]);
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export type VerifyView =
  | { kind: 'form' }
  | { kind: 'entry'; licence: PublicLicence; today: string }
  | { kind: 'not-found'; typo: boolean }
  | { kind: 'results'; items: PublicLicence[]; truncated: boolean }
  | { kind: 'invalid-query'; reason: 'too-short' | 'wildcard' };

export function renderVerifyPage(
  chrome: VerifyChrome,
  q: string,
  view: VerifyView,
  certificate: { outcome: CertificateOutcome; today: string } | null,
): string {
  const lang = chrome.lang;
  let body = `${CSS}<h1>${esc(tx(lang, 'title'))}</h1>`;
  if (certificate) body += renderCertificate(lang, chrome.councilName, certificate.outcome, certificate.today);
  body += `<p>${esc(tx(lang, 'intro'))}</p>${form(lang, q)}`;
  switch (view.kind) {
    case 'entry':
      body += `<section class="card" aria-label="${esc(tx(lang, 'entry'))}">${renderEntry(lang, view.licence)}<p class="muted">${esc(tx(lang, 'checkedOn', { date: fmtDay(lang, view.today) }))}</p></section>`;
      break;
    case 'not-found':
      body += `<p class="bad" role="status">${esc(tx(lang, 'notFound'))}</p>${view.typo ? `<p class="warn">${esc(tx(lang, 'typo'))}</p>` : ''}`;
      break;
    case 'results':
      body += view.items.length
        ? `<p role="status">${esc(tx(lang, 'results', { count: view.items.length, more: view.truncated ? 'yes' : 'no' }))}</p><table><thead><tr><th>${esc(tx(lang, 'name'))}</th><th>${esc(tx(lang, 'number'))}</th><th>${esc(tx(lang, 'status'))}</th></tr></thead><tbody>${view.items
            .map(
              (l) =>
                `<tr><td>${esc(l.name)}${l.nameNative ? `<div class="muted">${esc(l.nameNative)}</div>` : ''}</td><td><a href="/verify/${encodeURIComponent(l.number)}?lang=${esc(lang)}">${esc(l.number)}</a></td><td class="${statusClass(l)}">${esc(tx(lang, `statuses.${l.status}`))}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : `<p role="status">${esc(tx(lang, 'noMatch'))}</p>`;
      break;
    case 'invalid-query':
      body += `<p class="bad" role="alert">${esc(view.reason === 'wildcard' ? tx(lang, 'wildcard') : tx(lang, 'tooShort'))}</p>`;
      break;
    case 'form':
      body += `<p class="muted">${esc(tx(lang, 'offline'))}</p>`;
      break;
  }
  return page({ ...chrome, title: tx(lang, 'title') }, body);
}

function renderCertificate(lang: Lang, councilName: string, outcome: CertificateOutcome, today: string): string {
  if (!outcome.valid)
    return `<section class="card" aria-label="${esc(tx(lang, 'cert'))}"><h2>${esc(tx(lang, 'cert'))}</h2><p class="bad" role="alert">${esc(tx(lang, 'badSignature', { council: councilName }))}</p></section>`;
  const { claims, live } = outcome;
  let verdict: string;
  let cls: string;
  if (!live) {
    verdict = `${tx(lang, 'validWhenIssued')}; ${tx(lang, 'notOnRegister')}`;
    cls = 'bad';
  } else if (live.status === 'active' && (!live.validUntil || live.validUntil >= today)) {
    verdict = `${tx(lang, 'validWhenIssued')}; ${tx(lang, 'stillValid')}`;
    cls = 'ok';
  } else {
    verdict = `${tx(lang, 'validWhenIssued')}; ${tx(lang, `since.${live.status}`)}${live.statusSince ? ` ${fmtDay(lang, live.statusSince)}` : ''}`;
    cls = live.practiseAllowed ? 'warn' : 'bad';
  }
  const claimed = `<dl><dt>${esc(tx(lang, 'name'))}</dt><dd>${esc(claims.name)}</dd><dt>${esc(tx(lang, 'number'))}</dt><dd>${esc(claims.num)}</dd><dt>${esc(tx(lang, 'tier'))}</dt><dd>${esc(live && live.tier.code === claims.tier ? pick(live.tier.title, lang) || pick(live.tier.name, lang) : claims.tier)}</dd>
<dt>${esc(tx(lang, 'validity'))}</dt><dd>${esc(fmtDay(lang, claims.vf))} – ${esc(fmtDay(lang, claims.vu))}</dd><dt>${esc(tx(lang, 'issuedOn'))}</dt><dd>${esc(fmtDay(lang, outcome.issuedOn))}</dd></dl>`;
  const differs =
    live && (live.name !== claims.name || live.validUntil !== claims.vu || live.tier.code !== claims.tier);
  return `<section class="card" aria-label="${esc(tx(lang, 'cert'))}"><h2>${esc(tx(lang, 'cert'))}</h2><p class="${cls} big" role="status">${esc(verdict)}</p>
<div class="two"><div><h3>${esc(tx(lang, 'certClaims'))}</h3>${claimed}</div><div><h3>${esc(tx(lang, 'register'))}</h3>${live ? renderEntry(lang, live) : `<p class="bad">${esc(tx(lang, 'notFound'))}</p>`}</div></div>
${differs ? `<p class="warn">${esc(tx(lang, 'changed'))}</p>` : ''}</section>`;
}

export function renderRateLimitedPage(chrome: VerifyChrome, retryAfter: number): string {
  const lang = chrome.lang;
  return page(
    { ...chrome, title: tx(lang, 'limitedTitle') },
    `<h1>${esc(tx(lang, 'limitedTitle'))}</h1><p role="alert">${esc(tx(lang, 'limited', { seconds: retryAfter }))}</p>`,
  );
}
