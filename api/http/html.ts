/**
 * Server-rendered public pages: no JavaScript, small, readable on a low-end phone, with the
 * council's name and domain prominent. Every interpolated value goes through `esc`.
 */
import { languageMeta, t } from '../shared/i18n.js';

export const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export type PageChrome = {
  lang: string;
  title: string;
  councilName: string;
  councilNameNative: string | null;
  domain: string;
  languages: string[];
  path: string;
};

const CSS = `body{margin:0;font-family:'Noto Sans','Noto Sans Thai','Noto Sans Lao','Noto Sans Khmer','Noto Sans Myanmar',system-ui,sans-serif;color:#1f2933;background:#f7f8fa;line-height:1.45}
header{background:#0b3d62;color:#fff;padding:12px 16px}header .c{font-size:1.15rem;font-weight:700}header .d{opacity:.85;font-size:.9rem}
main{max-width:860px;margin:0 auto;padding:16px}form{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}input,select,button{font:inherit;padding:8px}
button{background:#0b3d62;color:#fff;border:0;border-radius:4px}table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:8px;border-bottom:1px solid #e4e7eb;vertical-align:top}.muted{color:#616e7c;font-size:.9rem}
.ok{color:#0e7c3a;font-weight:600}.warn{color:#9a5b00;font-weight:600}.bad{color:#b42318;font-weight:600}nav a{color:#fff;margin-right:8px}
@media(max-width:600px){table,thead,tbody,tr,td,th{display:block}thead{display:none}td{border:0;padding:2px 8px}tr{border-bottom:1px solid #e4e7eb;padding:6px 0}}`;

export function page(chrome: PageChrome, body: string): string {
  // The switcher names each language in itself, marked with its language so it is read and drawn right.
  const langs = chrome.languages
    .map((l) => {
      const name = esc(languageMeta(l).name);
      return l === chrome.lang
        ? `<strong lang="${esc(l)}" aria-current="true">${name}</strong>`
        : `<a href="${esc(chrome.path)}${chrome.path.includes('?') ? '&amp;' : '?'}lang=${esc(l)}" hreflang="${esc(l)}" lang="${esc(l)}">${name}</a>`;
    })
    .join(' ');
  return `<!doctype html><html lang="${esc(chrome.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(chrome.title)} — ${esc(chrome.councilName)}</title><style>${CSS}</style></head><body>
<header><div class="c">${esc(chrome.councilName)}${chrome.councilNameNative ? ` · ${esc(chrome.councilNameNative)}` : ''}</div><div class="d">${esc(chrome.domain)} · <nav style="display:inline" aria-label="${esc(t(chrome.lang, 'page.languages'))}">${langs}</nav></div></header>
<main>${body}</main></body></html>`;
}

/**
 * The language to show: ?lang= when the council offers it, else the best the browser accepts
 * (Accept-Language by q-value; a regional tag such as vi-VN matches vi), else the council's default.
 */
export function pickLanguage(
  query: string | undefined,
  acceptLanguage: string | undefined,
  supported: string[],
  fallback: string,
): string {
  if (query && supported.includes(query)) return query;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((w) => w.tag && w.q > 0 && !Number.isNaN(w.q))
    .sort((x, y) => y.q - x.q || x.i - y.i);
  for (const { tag } of wanted) {
    const exact = supported.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const base = supported.find((l) => l.toLowerCase() === tag.split('-')[0]);
    if (base) return base;
  }
  return fallback;
}
