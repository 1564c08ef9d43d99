import { useEffect, useState } from 'react';
import type { Schemas } from '../../clients/typescript/index';
import { answer, registry } from './api';

/** The council's public profile (GET /api/v1/council). */
export type Council = Schemas['Council'];

let cached: Promise<Council> | null = null;

/** The council running this registry (public), fetched once. */
export function useCouncil(): Council | null {
  const [council, setCouncil] = useState<Council | null>(null);
  useEffect(() => {
    cached ??= answer(registry.GET('/api/v1/council'));
    cached.then(setCouncil).catch(() => {
      cached = null;
    });
  }, []);
  return council;
}
