import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// oxlint-disable-next-line import/no-unassigned-import -- the stylesheet registers the native-script fonts
import './fonts.css';
import { answer, registry } from './api';
import { setDateDisplay } from './format';
import { browserLanguage, chosenInThisBrowser, loadCatalogue, makeI18nProvider } from './i18n';

/** The language to start in: the one chosen before (kept by react-admin), else the browser's, else the council's. */
function startingLanguage(offered: string[], councilDefault: string): string {
  const chosen = chosenInThisBrowser();
  if (chosen && offered.includes(chosen)) return chosen;
  return browserLanguage(offered, councilDefault);
}

async function boot() {
  const council = await answer(registry.GET('/api/v1/council')).catch(() => null);
  const offered = council?.languages?.length ? council.languages : [{ code: 'en', name: 'English' }];
  const initial = startingLanguage(
    offered.map((l) => l.code),
    council?.defaultLocale ?? 'en',
  );
  if (council) setDateDisplay({ timeZone: council.timeZone, buddhistEra: council.buddhistEra });
  await Promise.all([loadCatalogue('en'), loadCatalogue(initial)]);
  document.documentElement.lang = initial;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App i18nProvider={makeI18nProvider(offered, initial)} />
    </StrictMode>,
  );
}
void boot();
