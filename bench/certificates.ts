/**
 *   npm run bench:certificates [-- count]
 * Renders licence certificates (A4) and wallet cards in one process, one after another, with names
 * in each of the scripts the registry prints (Vietnamese, Thai, Lao, Khmer, Burmese), a realistic
 * signed token in the QR code, and the committed fonts; prints one JSON line per kind. Fonts are
 * loaded once before timing (as a running server has them); everything else (shaping, subsetting,
 * QR encoding, compression) is inside the timed loop.
 */
import { performance } from 'node:perf_hooks';
import {
  certificateLanguage,
  renderCertificatePdf,
  type CertificateData,
} from '../api/modules/certificates/certificate.pdf.js';
import { preloadCertificateFonts } from '../api/shared/pdf-text.js';
import type { CertificateKind } from '../api/modules/certificates/certificate.rules.js';

const count = Number(process.argv[2] ?? 500);
const NAMES: [string, string][] = [
  ['Nguyen Thi Hong Nhung', 'Nguyễn Thị Hồng Nhung'],
  ['Somsak Jaidee', 'สมศักดิ์ ใจดี'],
  ['Somphone Keomany', 'ສົມພອນ ແກ້ວມະນີ'],
  ['Srey Pov Sokha', 'ស្រីពៅ សុខា'],
  ['Kyaw Kyaw Myanmar', 'ကျော်ကျော် မြန်မာ'],
];
// A token of the real shape and length (EdDSA compact JWS with a typical payload).
const token = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'certificate-56-abcdef', typ: 'swr-cert+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify({ num: 'VN-SW-26-000123-7', name: 'Nguyen Thi Hong Nhung', tier: 'licensed', vf: '2026-01-01', vu: '2028-12-31', iss: 'registry.example.gov', iat: 1767225600 })).toString('base64url')}.${Buffer.alloc(64, 7).toString('base64url')}`;

const data = (i: number): CertificateData => {
  const [name, nameNative] = NAMES[i % NAMES.length]!;
  return {
    council: { name: 'National Council of Social Work', nameNative: 'Hội đồng Công tác xã hội Quốc gia' },
    holder: { name, nameNative },
    licence: {
      number: `VN-SW-26-${String(i).padStart(6, '0')}-7`,
      tierName: 'Licensed social worker',
      tierNameNative: 'Nhân viên công tác xã hội',
      protectedTitle: 'Social Worker',
      protectedTitleNative: 'Nhân viên công tác xã hội',
      validFrom: '2026-01-01',
      validUntil: '2028-12-31',
    },
    issue: { issuedAt: new Date(), sequence: 1 },
    verifyUrl: `https://registry.example.gov/verify?c=${token}`,
    verifyPage: 'https://registry.example.gov/verify',
    ...certificateLanguage('en'),
  };
};

let t0 = performance.now();
preloadCertificateFonts();
const fontLoadMs = performance.now() - t0;
for (const kind of ['certificate', 'wallet_card'] as CertificateKind[]) {
  for (let i = 0; i < 20; i++) await renderCertificatePdf(kind, data(i)); // warm-up (JIT)
  let bytes = 0;
  const times: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    bytes += (await renderCertificatePdf(kind, data(i))).length;
    times.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      kind,
      count,
      perSecond: Math.round((count / total) * 1000 * 10) / 10,
      meanMs: Math.round((total / count) * 10) / 10,
      p50Ms: Math.round(times[Math.floor(count * 0.5)]! * 10) / 10,
      p95Ms: Math.round(times[Math.floor(count * 0.95)]! * 10) / 10,
      meanKB: Math.round(bytes / count / 1024),
      fontLoadMs: Math.round(fontLoadMs),
    }),
  );
}
