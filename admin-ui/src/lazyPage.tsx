import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslate } from 'react-admin';
import { Alert, Box, Button, CircularProgress } from '@mui/material';

/** What shows while a screen's code loads: a named progress indicator (no low-contrast text). */
function LoadingScreen() {
  const t = useTranslate();
  return (
    <Box role="status" sx={{ display: 'flex', justifyContent: 'center', p: 6 }}>
      <CircularProgress aria-label={t('ra.page.loading')} />
    </Box>
  );
}

/**
 * A screen whose code loads when it is first shown: `load` imports its module (a separate file in the
 * build), `name` is the component the module exports. While it loads, a named progress indicator.
 */
export function lazyPage<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): ComponentType {
  const Screen = lazy(() =>
    load().then(
      (m) => ({ default: m[name] as ComponentType }),
      () => (reloadForNewVersion() ? new Promise<never>(() => {}) : { default: ScreenNotLoaded }),
    ),
  );
  const Page = (props: object) => (
    <Suspense fallback={<LoadingScreen />}>
      <Screen {...props} />
    </Suspense>
  );
  Page.displayName = `Lazy(${name})`;
  return Page;
}

const RELOADED_AT = 'registry:reloaded-for-new-version';

/**
 * A screen's file that cannot be fetched while the browser is online most often means a newer version
 * of the registry was deployed since this page was loaded (the old version's files are gone): the page
 * is loaded again, which brings the new version. At most once a minute, so a server that really cannot
 * send the file gets the message below instead of a reload loop.
 */
function reloadForNewVersion(): boolean {
  if (!navigator.onLine) return false;
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < 60_000) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    return false; // storage refused (a private mode): no reload that could not be counted
  }
  window.location.reload();
  return true;
}

/** What shows when a screen's code could not be fetched: what happened and one button to try again. */
function ScreenNotLoaded() {
  const t = useTranslate();
  return (
    <Box sx={{ p: 2, maxWidth: 720 }}>
      <Alert
        severity="error"
        role="alert"
        action={
          <Button color="inherit" size="small" onClick={() => window.location.reload()}>
            {t('swr.screen.reload')}
          </Button>
        }
      >
        {t('swr.screen.notLoaded')}
      </Alert>
    </Box>
  );
}
