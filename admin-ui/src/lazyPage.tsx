import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslate } from 'react-admin';
import { Box, CircularProgress } from '@mui/material';

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
  const Screen = lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));
  const Page = (props: object) => (
    <Suspense fallback={<LoadingScreen />}>
      <Screen {...props} />
    </Suspense>
  );
  Page.displayName = `Lazy(${name})`;
  return Page;
}
