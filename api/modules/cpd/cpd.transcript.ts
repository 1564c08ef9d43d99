/**
 * The CPD transcript: accepted activities of one cycle and their totals, as a PDF laid out by
 * templates/cpd/transcript.ts, with a QR code carrying a compact JWS (EdDSA, the council's
 * certificate key) over the totals, checkable offline against /.well-known/jwks.json.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { SignJWT } from 'jose';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { NotFoundError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { CpdCategory } from '../council/index.js';
import { Registrant } from '../registrants/index.js';
import { drawTranscript, TRANSCRIPT_PAGE, type TranscriptData } from '../../../templates/cpd/transcript.js';
import { shapedCanvas } from '../../shared/pdf-canvas.js';
import { assertOwnRegistrant, cpdScope, iso, progressOf } from './cpd.service.js';
import { formatDate, LANGUAGES, languageOf, t as message } from '../../shared/i18n.js';
import { requestedLanguage } from '../../http/request-context.js';

export const TRANSCRIPT_TOKEN_TYPE = 'swr-cpd-transcript+jwt';

const FONT_DIRS = [
  fileURLToPath(new URL('../../../templates/fonts', import.meta.url)),
  '/usr/share/fonts/truetype/noto',
];

/** The Noto fonts the certificates use (templates/fonts), or the system's Noto fonts. */
export function transcriptFonts(): { regular: string; bold: string } {
  for (const dir of FONT_DIRS) {
    const regular = path.join(dir, 'NotoSans-Regular.ttf');
    const bold = path.join(dir, 'NotoSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new Error(
    'NotoSans-Regular.ttf and NotoSans-Bold.ttf are needed in templates/fonts or /usr/share/fonts/truetype/noto',
  );
}

export async function renderTranscript(data: TranscriptData, qrContent: string): Promise<Buffer> {
  const qrPng = await QRCode.toBuffer(qrContent, { errorCorrectionLevel: 'L', margin: 2, width: 384 });
  const doc = new PDFDocument({
    size: TRANSCRIPT_PAGE,
    margin: 0,
    info: {
      Title: `CPD transcript ${data.licence.number} ${data.cycle.start} to ${data.cycle.end}`,
      Author: data.council.name,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawTranscript(doc, data, transcriptFonts(), qrPng, shapedCanvas(doc));
  doc.end();
  return done;
}

export function transcriptActions(deps: AppDeps) {
  const em = () => deps.orm.em;
  return {
    /** The transcript of the cycle containing asOf (default today), for the person or staff. */
    async transcript(
      auth: AuthContext,
      registrantId: string | null,
      asOf?: string,
    ): Promise<{ filename: string; pdf: Buffer }> {
      const scope = await cpdScope(em(), auth);
      const id = registrantId ?? (scope.staff ? null : scope.registrantId);
      if (!id) throw new NotFoundError('Your registrant record');
      assertOwnRegistrant(scope, id);
      const r = await em().findOne(Registrant, { id });
      if (!r) throw new NotFoundError('The registrant');
      const on = asOf ?? iso(deps.clock.now());
      const p = await progressOf(em(), id, on);
      if (!p.licenceId || !p.cycle) throw new NotFoundError('A licence period with CPD rules for this person');
      const [licence] = await em().execute<{ number: string; tier_name: Record<string, string> }[]>(
        `select number, tier_name from licence where id = ?`,
        [p.licenceId],
      );
      const [council] = await em().execute<
        { name: string; name_native: string | null; domain: string; default_locale: string; locale: string | null }[]
      >(
        `select c.name, c.name_native, c.domain, c.default_locale, (select locale from account where id = ?) as locale
           from council c where c.id = 1`,
        [auth.accountId],
      );
      // The reader's language: what the request asks for, else the account's, else the council's.
      const lang = languageOf(requestedLanguage([...LANGUAGES]) ?? council?.locale ?? council?.default_locale);
      const categories = new Map(
        (await em().find(CpdCategory, {})).map((c) => [c.code, c.name[lang] ?? c.name.en ?? c.code]),
      );
      const rows = await em().execute<
        {
          completed_on: string;
          title: string;
          provider_name: string;
          category_code: string;
          credits: string;
          source: string;
        }[]
      >(
        `select to_char(completed_on, 'YYYY-MM-DD') as completed_on, title, provider_name, category_code, credits, source from cpd_record
          where registrant_id = ? and status = 'accepted' and completed_on between ? and ? order by completed_on, title`,
        [id, p.cycle.activeFrom, p.cycle.end < on ? p.cycle.end : on],
      );
      const now = deps.clock.now();
      const data: TranscriptData = {
        council: { name: council?.name ?? 'Social Work Registry', nameNative: council?.name_native ?? null },
        holder: { name: r.fullName, nameNative: r.fullNameNative ?? null },
        licence: {
          number: licence!.number,
          tierName: licence!.tier_name[lang] ?? licence!.tier_name.en ?? p.tierCode ?? '',
        },
        cycle: p.cycle,
        asOf: on,
        totals: {
          required: p.required,
          counted: p.counted,
          countedStructured: p.countedStructured,
          carriedOver: p.carriedOver,
          met: p.met,
          missing: p.missing,
        },
        categories: p.categories.map((c) => ({
          name: c.name,
          earned: c.earned,
          counted: c.counted,
          min: c.min,
          max: c.max,
        })),
        activities: rows.map((x) => ({
          date: x.completed_on,
          title: x.title,
          provider: x.provider_name,
          category: categories.get(x.category_code) ?? x.category_code,
          credits: Number(x.credits),
          verified: x.source === 'provider',
        })),
        issuedAt: iso(now),
        keysUrl: `${deps.config.publicUrl}/.well-known/jwks.json`,
        lang,
        say: (key, values) => message(lang, key, values),
        day: (isoDate) => formatDate(lang, isoDate),
      };
      const { kid, privateKey } = await deps.keys.signingKey('certificate');
      const token = await new SignJWT({
        num: data.licence.number,
        name: r.fullName.normalize('NFC'),
        cs: data.cycle.start,
        ce: data.cycle.end,
        asof: on,
        req: p.required,
        cnt: p.counted,
        met: p.met,
        n: rows.length,
      })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: TRANSCRIPT_TOKEN_TYPE })
        .setIssuer(council?.domain ?? deps.config.publicUrl)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .sign(privateKey);
      const pdf = await renderTranscript(data, token);
      await em().transactional((tx) =>
        recordAudit(tx, {
          action: 'cpd-transcript.issued',
          entityType: 'registrant',
          entityId: id,
          after: { licenceNumber: data.licence.number, cycle: data.cycle, asOf: on, activities: rows.length },
        }),
      );
      return { filename: `cpd-transcript-${data.licence.number}-${data.cycle.start}.pdf`, pdf };
    },
  };
}
