import { useEffect, useState } from 'react';
import { api } from './api';

export type Council = {
  code: string;
  name: string;
  nameNative: string | null;
  domain: string;
  defaultLocale: string;
  locales: string[];
  languages: { code: string; name: string }[];
  timeZone: string;
  buddhistEra: boolean;
};

let cached: Promise<Council> | null = null;

/** The council running this registry (public), fetched once. */
export function useCouncil(): Council | null {
  const [council, setCouncil] = useState<Council | null>(null);
  useEffect(() => {
    cached ??= api<Council>('GET', '/api/v1/council');
    cached.then(setCouncil).catch(() => {
      cached = null;
    });
  }, []);
  return council;
}
