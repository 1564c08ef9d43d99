/**
 * Licence numbers: human-friendly, rendered from the council's format, ending in a Luhn check digit
 * so a mistyped number is caught before any lookup. Pure. The licences module issues numbers with
 * these; the council module checks a new number format with them.
 */

/** Luhn check digit over the digits of `digits`. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  const ds = digits.replace(/\D/g, '');
  for (let i = 0; i < ds.length; i++) {
    let d = Number(ds[ds.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export const DEFAULT_NUMBER_FORMAT = '{country}-SW-{yy}-{seq:6}-{check}';

/**
 * Renders a licence number. Tokens: {country}, {yyyy}, {yy}, {seq:N} (zero-padded), {check} (Luhn
 * over every digit before it). Example: VN-SW-26-000123-5.
 */
export function formatLicenceNumber(format: string, parts: { country: string; year: number; seq: number }): string {
  let out = format
    .replace('{country}', parts.country)
    .replace('{yyyy}', String(parts.year))
    .replace('{yy}', String(parts.year % 100).padStart(2, '0'))
    .replace(/\{seq:(\d+)\}/, (_, n: string) => String(parts.seq).padStart(Number(n), '0'))
    .replace('{seq}', String(parts.seq));
  const at = out.indexOf('{check}');
  if (at >= 0) out = out.slice(0, at) + luhnCheckDigit(out.slice(0, at)) + out.slice(at + '{check}'.length);
  return out;
}

/** True when the number's last digit is the Luhn check digit of the digits before it. */
export function hasValidCheckDigit(number: string): boolean {
  const digits = number.replace(/\D/g, '');
  if (digits.length < 2) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}
