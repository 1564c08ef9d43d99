/**
 * The public verification pages: /verify (look up a number or search a name; with ?c=<QR payload>,
 * the certificate check) and /verify/{number}. Server-rendered, no JavaScript, a few kilobytes,
 * English and Vietnamese (other council languages fall back to English).
 */
import type { PageChrome } from '../../http/html.js';
import { esc, page } from '../../http/html.js';
import type { PublicLicence, PublicStatus } from './verification.projection.js';
import type { CertificateOutcome } from './verification.service.js';

type Lang = 'en' | 'vi';

const TEXT = {
  en: {
    title: 'Check a social worker’s licence',
    intro: 'Enter a licence number, or at least 3 letters of a name. This is the official public register.',
    field: 'Licence number or name',
    check: 'Check',
    entry: 'Register entry',
    name: 'Name',
    number: 'Licence number',
    tier: 'Licence',
    status: 'Status',
    validity: 'Valid',
    statusSince: 'Status since',
    conditions: 'Conditions on practice',
    sanctions: 'Published disciplinary outcomes',
    none: 'None',
    mayPractise: 'May practise',
    mayNotPractise: 'May not practise',
    checkedOn: (d: string) => `Register as of ${d}.`,
    notFound: 'No licence with this number is on the register.',
    typo: 'Check the number for typing errors: its check digit does not match.',
    noMatch: 'No licence holder on the register matches this name.',
    results: (n: number, more: boolean) =>
      `${n}${more ? '+' : ''} licence holder${n === 1 ? '' : 's'} found${more ? ': type more of the name to narrow the list' : ''}.`,
    tooShort: 'Type at least 3 letters of the name, or the whole licence number.',
    wildcard: 'Wildcards are not supported: type at least 3 letters of the name.',
    cert: 'Certificate check',
    certClaims: 'The certificate says',
    register: 'The register says today',
    issuedOn: 'Issued on',
    validWhenIssued: 'Valid when issued',
    stillValid: 'still valid today',
    notOnRegister: 'no longer on the register',
    since: {
      active: 'active since',
      grace: 'in its renewal grace period since',
      lapsed: 'lapsed since',
      suspended: 'suspended since',
      revoked: 'revoked since',
      surrendered: 'surrendered since',
    } as Record<PublicStatus, string>,
    badSignature: (c: string) => `Signature does not match: this certificate was altered or not issued by ${c}.`,
    changed: 'The register differs from the certificate; the register is what counts.',
    limited: (s: number) => `Too many checks from your connection. Please wait ${s} seconds and try again.`,
    limitedTitle: 'Please wait a moment',
    status_: {
      active: 'Active',
      grace: 'Renewal overdue (grace period)',
      lapsed: 'Lapsed',
      suspended: 'Suspended',
      revoked: 'Revoked',
      surrendered: 'Surrendered',
    } as Record<PublicStatus, string>,
    offline: 'Certificates carry a signed code that anyone can also check offline with the council’s published key.',
  },
  vi: {
    title: 'Tra cứu giấy phép hành nghề công tác xã hội',
    intro: 'Nhập số giấy phép, hoặc ít nhất 3 chữ cái của họ tên. Đây là sổ đăng ký công khai chính thức.',
    field: 'Số giấy phép hoặc họ tên',
    check: 'Tra cứu',
    entry: 'Thông tin đăng ký',
    name: 'Họ tên',
    number: 'Số giấy phép',
    tier: 'Loại giấy phép',
    status: 'Tình trạng',
    validity: 'Hiệu lực',
    statusSince: 'Tình trạng từ ngày',
    conditions: 'Điều kiện hành nghề',
    sanctions: 'Kết quả xử lý kỷ luật được công bố',
    none: 'Không có',
    mayPractise: 'Được phép hành nghề',
    mayNotPractise: 'Không được phép hành nghề',
    checkedOn: (d: string) => `Thông tin tại ngày ${d}.`,
    notFound: 'Không có giấy phép nào với số này trong sổ đăng ký.',
    typo: 'Hãy kiểm tra lỗi đánh máy: chữ số kiểm tra của số giấy phép không khớp.',
    noMatch: 'Không có người được cấp phép nào khớp với tên này.',
    results: (n: number, more: boolean) =>
      `Tìm thấy ${n}${more ? '+' : ''} người được cấp phép${more ? ': nhập thêm họ tên để thu hẹp kết quả' : ''}.`,
    tooShort: 'Nhập ít nhất 3 chữ cái của họ tên, hoặc toàn bộ số giấy phép.',
    wildcard: 'Không hỗ trợ ký tự đại diện: nhập ít nhất 3 chữ cái của họ tên.',
    cert: 'Kiểm tra giấy chứng nhận',
    certClaims: 'Giấy chứng nhận ghi',
    register: 'Sổ đăng ký hôm nay',
    issuedOn: 'Ngày cấp',
    validWhenIssued: 'Hợp lệ khi cấp',
    stillValid: 'hiện vẫn còn hiệu lực',
    notOnRegister: 'không còn trong sổ đăng ký',
    since: {
      active: 'có hiệu lực từ',
      grace: 'trong thời gian gia hạn từ',
      lapsed: 'hết hiệu lực từ',
      suspended: 'bị đình chỉ từ',
      revoked: 'bị thu hồi từ',
      surrendered: 'đã nộp lại từ',
    } as Record<PublicStatus, string>,
    badSignature: (c: string) => `Chữ ký không khớp: giấy chứng nhận này đã bị sửa đổi hoặc không do ${c} cấp.`,
    changed: 'Sổ đăng ký khác với giấy chứng nhận; thông tin trong sổ đăng ký là căn cứ.',
    limited: (s: number) => `Có quá nhiều lượt tra cứu từ kết nối của bạn. Vui lòng đợi ${s} giây rồi thử lại.`,
    limitedTitle: 'Vui lòng đợi một chút',
    status_: {
      active: 'Đang hiệu lực',
      grace: 'Quá hạn gia hạn (thời gian ân hạn)',
      lapsed: 'Hết hiệu lực',
      suspended: 'Bị đình chỉ',
      revoked: 'Bị thu hồi',
      surrendered: 'Đã nộp lại',
    } as Record<PublicStatus, string>,
    offline:
      'Giấy chứng nhận có mã được ký số; bất kỳ ai cũng có thể kiểm tra ngoại tuyến bằng khóa công khai của hội đồng.',
  },
};

const CSS = `<style>.card{background:#fff;padding:12px 16px;border-radius:6px;margin:12px 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
dt{color:#616e7c}dd{margin:0}.big{font-size:1.2rem}ul{margin:0;padding-left:18px}.two{display:grid;grid-template-columns:1fr 1fr;gap:12px}
@media(max-width:600px){.two{grid-template-columns:1fr}dl{grid-template-columns:1fr}dt{margin-top:6px}}</style>`;

export type VerifyChrome = Omit<PageChrome, 'title'>;
export const langOf = (l: string): Lang => (l === 'vi' ? 'vi' : 'en');

const fmtDay = (lang: Lang, d: string | null) =>
  d
    ? new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${d}T00:00:00Z`))
    : '';
const pick = (t: Record<string, string> | null, lang: Lang) =>
  t ? (t[lang] ?? t.en ?? Object.values(t)[0] ?? '') : '';
const statusClass = (l: PublicLicence) => (l.status === 'active' ? 'ok' : l.practiseAllowed ? 'warn' : 'bad');

function form(lang: Lang, value: string): string {
  const t = TEXT[lang];
  return `<form method="get" action="/verify"><input type="hidden" name="lang" value="${esc(lang)}"><label for="q" style="width:100%">${esc(t.field)}</label>
<input type="search" id="q" name="q" value="${esc(value)}" maxlength="100" required style="flex:1;min-width:12em" autocomplete="off"><button type="submit">${esc(t.check)}</button></form>`;
}

export function renderEntry(lang: Lang, l: PublicLicence): string {
  const t = TEXT[lang];
  const list = (items: string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : esc(t.none);
  const rows: [string, string][] = [
    [t.name, `<span class="big">${esc(l.name)}</span>${l.nativeName ? `<div>${esc(l.nativeName)}</div>` : ''}`],
    [t.number, `<strong>${esc(l.number)}</strong>`],
    [t.tier, esc(pick(l.tier.title, lang) || pick(l.tier.name, lang))],
    [
      t.status,
      `<span class="${statusClass(l)}">${esc(t.status_[l.status])}</span> · ${esc(l.practiseAllowed ? t.mayPractise : t.mayNotPractise)}`,
    ],
  ];
  if (l.validFrom || l.validUntil)
    rows.push([t.validity, `${esc(fmtDay(lang, l.validFrom))} – ${esc(fmtDay(lang, l.validUntil))}`]);
  if (l.statusSince) rows.push([t.statusSince, esc(fmtDay(lang, l.statusSince))]);
  if (l.conditions)
    rows.push([
      t.conditions,
      list(l.conditions.map((c) => `${esc(c.text)} <span class="muted">(${esc(fmtDay(lang, c.since))})</span>`)),
    ]);
  if (l.sanctions)
    rows.push([
      t.sanctions,
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
  const lang = langOf(chrome.lang);
  const t = TEXT[lang];
  let body = `${CSS}<h1>${esc(t.title)}</h1>`;
  if (certificate) body += renderCertificate(lang, chrome.councilName, certificate.outcome, certificate.today);
  body += `<p>${esc(t.intro)}</p>${form(lang, q)}`;
  switch (view.kind) {
    case 'entry':
      body += `<section class="card" aria-label="${esc(t.entry)}">${renderEntry(lang, view.licence)}<p class="muted">${esc(t.checkedOn(fmtDay(lang, view.today)))}</p></section>`;
      break;
    case 'not-found':
      body += `<p class="bad" role="status">${esc(t.notFound)}</p>${view.typo ? `<p class="warn">${esc(t.typo)}</p>` : ''}`;
      break;
    case 'results':
      body += view.items.length
        ? `<p role="status">${esc(t.results(view.items.length, view.truncated))}</p><table><thead><tr><th>${esc(t.name)}</th><th>${esc(t.number)}</th><th>${esc(t.status)}</th></tr></thead><tbody>${view.items
            .map(
              (l) =>
                `<tr><td>${esc(l.name)}${l.nativeName ? `<div class="muted">${esc(l.nativeName)}</div>` : ''}</td><td><a href="/verify/${encodeURIComponent(l.number)}?lang=${esc(lang)}">${esc(l.number)}</a></td><td class="${statusClass(l)}">${esc(t.status_[l.status])}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : `<p role="status">${esc(t.noMatch)}</p>`;
      break;
    case 'invalid-query':
      body += `<p class="bad" role="alert">${esc(view.reason === 'wildcard' ? t.wildcard : t.tooShort)}</p>`;
      break;
    case 'form':
      body += `<p class="muted">${esc(t.offline)}</p>`;
      break;
  }
  return page({ ...chrome, title: t.title }, body);
}

function renderCertificate(lang: Lang, councilName: string, outcome: CertificateOutcome, today: string): string {
  const t = TEXT[lang];
  if (!outcome.valid)
    return `<section class="card" aria-label="${esc(t.cert)}"><h2>${esc(t.cert)}</h2><p class="bad" role="alert">${esc(t.badSignature(councilName))}</p></section>`;
  const { claims, live } = outcome;
  let verdict: string;
  let cls: string;
  if (!live) {
    verdict = `${t.validWhenIssued}; ${t.notOnRegister}`;
    cls = 'bad';
  } else if (live.status === 'active' && (!live.validUntil || live.validUntil >= today)) {
    verdict = `${t.validWhenIssued}; ${t.stillValid}`;
    cls = 'ok';
  } else {
    verdict = `${t.validWhenIssued}; ${t.since[live.status]}${live.statusSince ? ` ${fmtDay(lang, live.statusSince)}` : ''}`;
    cls = live.practiseAllowed ? 'warn' : 'bad';
  }
  const claimed = `<dl><dt>${esc(t.name)}</dt><dd>${esc(claims.name)}</dd><dt>${esc(t.number)}</dt><dd>${esc(claims.num)}</dd><dt>${esc(t.tier)}</dt><dd>${esc(live && live.tier.code === claims.tier ? pick(live.tier.title, lang) || pick(live.tier.name, lang) : claims.tier)}</dd>
<dt>${esc(t.validity)}</dt><dd>${esc(fmtDay(lang, claims.vf))} – ${esc(fmtDay(lang, claims.vu))}</dd><dt>${esc(t.issuedOn)}</dt><dd>${esc(fmtDay(lang, outcome.issuedOn))}</dd></dl>`;
  const differs =
    live && (live.name !== claims.name || live.validUntil !== claims.vu || live.tier.code !== claims.tier);
  return `<section class="card" aria-label="${esc(t.cert)}"><h2>${esc(t.cert)}</h2><p class="${cls} big" role="status">${esc(verdict)}</p>
<div class="two"><div><h3>${esc(t.certClaims)}</h3>${claimed}</div><div><h3>${esc(t.register)}</h3>${live ? renderEntry(lang, live) : `<p class="bad">${esc(t.notFound)}</p>`}</div></div>
${differs ? `<p class="warn">${esc(t.changed)}</p>` : ''}</section>`;
}

export function renderRateLimitedPage(chrome: VerifyChrome, retryAfter: number): string {
  const t = TEXT[langOf(chrome.lang)];
  return page(
    { ...chrome, title: t.limitedTitle },
    `<h1>${esc(t.limitedTitle)}</h1><p role="alert">${esc(t.limited(retryAfter))}</p>`,
  );
}
