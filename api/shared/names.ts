/**
 * Name normalisation for search: NFKD, no diacritics (Vietnamese đ/Đ folded to d), lower case,
 * single spaces. Native scripts (Thai, Lao, Khmer, Burmese) keep their letters and lose only
 * combining marks' case-insensitivity concerns, so a search in script still matches.
 */
export function searchKey(...names: (string | null | undefined)[]): string {
  return names
    .filter(Boolean)
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
