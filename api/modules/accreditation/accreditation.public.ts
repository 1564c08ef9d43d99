/** The public list of accredited programmes (JSON and a server-rendered page) and eligibility. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../shared/errors.js';
import { esc, page, type PageChrome } from '../../http/html.js';
import { languageMeta, t as message, type MessageValues } from '../../shared/i18n.js';
import { Accreditation, Programme } from './accreditation.entity.js';
import { accreditedOn, isoDate, type QualificationLevelLabel } from './accreditation.rules.js';
import { windowOf } from './accreditation.service.js';

export type PublicProgramme = {
  institution: string;
  institutionNative: string | null;
  country: string;
  region: string;
  programme: string;
  programmeNative: string | null;
  level: 'certificate' | 'diploma' | 'bachelor' | 'master' | 'doctorate';
  status: 'accredited' | 'accredited_with_conditions';
  validFrom: string;
  validUntil: string;
};

/** Is a qualification from this programme, awarded on this date, accredited — and under which window? */
export async function isQualificationAccredited(em: EntityManager, programmeId: string, graduationDate: string) {
  if (!(await em.findOne(Programme, { id: programmeId }))) throw new NotFoundError('The programme');
  const windows = (await em.find(Accreditation, { programme: programmeId })).map(windowOf);
  return accreditedOn(windows, graduationDate);
}

export async function listAccreditedProgrammes(
  deps: AppDeps,
  q: { q?: string; level?: string; page: number; perPage: number },
) {
  const today = isoDate(deps.clock.now());
  const params: unknown[] = [today, today];
  let filter = '';
  if (q.q) {
    filter += ` and (p.name ilike ? or p.name_native ilike ? or i.name ilike ? or i.name_native ilike ?)`;
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    params.push(like, like, like, like);
  }
  if (q.level) {
    filter += ` and p.level = ?`;
    params.push(q.level);
  }
  const base = `from accreditation a join programme p on p.id = a.programme_id join institution i on i.id = p.institution_id
    where a.status in ('active', 'withdrawn') and a.valid_from <= ? and coalesce(a.withdrawn_from - 1, a.valid_until) >= ? and a.valid_until >= a.valid_from${filter}`;
  const em = deps.orm.em.fork();
  const [count] = await em.execute<{ n: string }[]>(`select count(*) as n ${base}`, params);
  const rows = await em.execute<Record<string, string | null>[]>(
    `select i.name as institution, i.name_native as institution_native, i.country, i.region, p.name as programme, p.name_native as programme_native,
            p.level, a.outcome as status, to_char(a.valid_from, 'YYYY-MM-DD') as valid_from, to_char(a.valid_until, 'YYYY-MM-DD') as valid_until
     ${base} order by i.name, p.name limit ? offset ?`,
    [...params, q.perPage, (q.page - 1) * q.perPage],
  );
  const items: PublicProgramme[] = rows.map((r) => ({
    institution: r.institution!,
    institutionNative: r.institution_native,
    country: r.country!,
    region: r.region!,
    programme: r.programme!,
    programmeNative: r.programme_native,
    level: r.level as PublicProgramme['level'],
    status: r.status as PublicProgramme['status'],
    validFrom: r.valid_from!,
    validUntil: r.valid_until!,
  }));
  return { items, total: Number(count?.n ?? 0) };
}

const LEVELS: QualificationLevelLabel[] = ['certificate', 'diploma', 'bachelor', 'master', 'doctorate'];

/** The day in the page's language (day, month name, year: never a numeric M/D/Y). */
const day = (lang: string, d: string) =>
  new Intl.DateTimeFormat(languageMeta(lang).intl, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${d}T00:00:00Z`),
  );

export function renderAccreditedProgrammesPage(
  chrome: Omit<PageChrome, 'title'>,
  q: { q?: string; level?: string },
  result: { items: PublicProgramme[]; total: number },
): string {
  const lang = chrome.lang;
  const m = (key: string, values?: MessageValues) => esc(message(lang, `page.programmes.${key}`, values));
  const levels = LEVELS.map(
    (k) => `<option value="${k}"${q.level === k ? ' selected' : ''}>${m(`levels.${k}`)}</option>`,
  ).join('');
  const rows = result.items
    .map(
      (
        p,
      ) => `<tr><td>${esc(p.institution)}${p.institutionNative ? `<div class="muted">${esc(p.institutionNative)}</div>` : ''}<div class="muted">${esc(p.region)}, ${esc(p.country)}</div></td>
<td>${esc(p.programme)}${p.programmeNative ? `<div class="muted">${esc(p.programmeNative)}</div>` : ''}<div class="muted">${m(`levels.${p.level}`)}</div></td>
<td class="${p.status === 'accredited' ? 'ok' : 'warn'}">${m(p.status)}</td><td>${esc(day(lang, p.validFrom))} – ${esc(day(lang, p.validUntil))}</td></tr>`,
    )
    .join('\n');
  return page(
    { ...chrome, title: message(lang, 'page.programmes.title') },
    `<h1>${m('title')}</h1>
<form method="get" action="/accredited-programmes"><input type="hidden" name="lang" value="${esc(chrome.lang)}">
<label>${m('search')} <input type="search" name="q" value="${esc(q.q ?? '')}" maxlength="100"></label>
<label>${m('level')} <select name="level"><option value="">${m('any')}</option>${levels}</select></label><button type="submit">${m('find')}</button></form>
<p class="muted">${m('count', { count: result.total })}. ${m('note')}</p>
${result.items.length ? `<table><thead><tr><th>${m('school')}</th><th>${m('programme')}</th><th>${m('status')}</th><th>${m('window')}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>${m('none')}</p>`}`,
  );
}
