import { createElement } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';

/** The kinds of code the API answers with that people should read as words. */
export type CodeKind =
  'sector' | 'ageBand' | 'sex' | 'licenceStatus' | 'applicationStatus' | 'applicationType' | 'requirementStatus';

/** A code as the reader's language names it (swr.codes.<kind>.<code>), or the code with spaces when there is no name. */
export function useCodeLabel(): (kind: CodeKind, code: string | null | undefined) => string {
  const t = useTranslate();
  return (kind, code) => (code ? t(`swr.codes.${kind}.${code}`, { _: code.replace(/_/g, ' ') }) : '—');
}

/** A code field read as words in the reader's language. */
export function CodeField({ source, kind }: { source: string; kind: CodeKind; label?: string; sortable?: boolean }) {
  const record = useRecordContext<Record<string, string>>();
  const codeLabel = useCodeLabel();
  return createElement('span', null, codeLabel(kind, record?.[source]));
}
