/**
 *   npm run bench:ui
 *
 * What a browser downloads before a screen can show, from the admin UI's build manifest (exact byte
 * counts of the files as built and of the brotli and gzip copies the server sends): the sign-in page
 * (the entry and what it imports), then what opening a portal screen or a back-office screen adds.
 * Builds the admin UI first when its sources changed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAdminUiBuilt } from '../api/shared/admin-ui-build.js';

type Chunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; name?: string };
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'admin-ui/dist');
ensureAdminUiBuilt((m) => console.error(m));
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

/** The chunk and every chunk it imports statically (what must arrive before it runs). */
function closure(key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const k of manifest[key]?.imports ?? []) closure(k, into);
  return into;
}
const size = (file: string, ext = ''): number => {
  const f = path.join(dist, file + ext);
  return existsSync(f) ? statSync(f).size : ext ? size(file) : 0;
};
const weigh = (keys: Iterable<string>) => {
  const t = { files: 0, raw: 0, br: 0, gz: 0 };
  for (const k of keys) {
    const file = manifest[k]!.file;
    if (!file.endsWith('.js')) continue;
    t.files++;
    t.raw += size(file);
    t.br += size(file, '.br');
    t.gz += size(file, '.gz');
  }
  return t;
};
const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const signIn = closure(entry);
const screen = (source: string) => {
  const key = Object.keys(manifest).find((k) => k.endsWith(source));
  if (!key) throw new Error(`${source} is not a chunk of the build`);
  return [...closure(key)].filter((k) => !signIn.has(k));
};
const all = weigh(Object.keys(manifest));
const rows: [string, ReturnType<typeof weigh>][] = [
  ['sign-in page (and every home page)', weigh(signIn)],
  ['+ portal: My registration', weigh(screen('src/portal/MyRegistration.tsx'))],
  ['+ portal: My CPD', weigh(screen('src/portal/MyCpd.tsx'))],
  ['+ back office: licences and registrants', weigh(screen('src/resources/licensing.tsx'))],
  ['+ back office: accreditation', weigh(screen('src/resources/accreditation.tsx'))],
  ['+ back office: reports and import', weigh(screen('src/resources/reports.tsx'))],
  ['every script of the build', all],
];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('| what | files | as built | brotli (sent) | gzip |');
console.log('|---|---:|---:|---:|---:|');
for (const [what, t] of rows) console.log(`| ${what} | ${t.files} | ${kb(t.raw)} | ${kb(t.br)} | ${kb(t.gz)} |`);
