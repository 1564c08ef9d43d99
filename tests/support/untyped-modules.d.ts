/** Type declarations for test-only packages that ship none (only what the tests use). */
declare module 'jsonld' {
  type RemoteDocument = { contextUrl: string | null; documentUrl: string; document: unknown };
  const jsonld: {
    expand(
      input: unknown,
      options: { documentLoader: (url: string) => Promise<RemoteDocument>; safe?: boolean },
    ): Promise<Record<string, unknown>[]>;
  };
  export default jsonld;
}

declare module '@digitalbazaar/credentials-context' {
  /** Context documents by URL (VC 1.1 and 2.0). */
  export const contexts: Map<string, unknown>;
}
