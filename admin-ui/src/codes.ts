import { useTranslate } from 'react-admin';

/** The kinds of code the API answers with that people should read as words. */
export type CodeKind = 'sector' | 'ageBand' | 'sex' | 'licenceStatus';

/** A code as the reader's language names it (swr.codes.<kind>.<code>), or the code with spaces when there is no name. */
export function useCodeLabel(): (kind: CodeKind, code: string | null | undefined) => string {
  const t = useTranslate();
  return (kind, code) => (code ? t(`swr.codes.${kind}.${code}`, { _: code.replace(/_/g, ' ') }) : '—');
}
