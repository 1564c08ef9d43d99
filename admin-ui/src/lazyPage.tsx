import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from 'react-admin';

/**
 * A screen whose code loads when it is first shown: `load` imports its module (a separate file in the
 * build), `name` is the component the module exports. While it loads, react-admin's loading indicator.
 */
export function lazyPage<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): ComponentType {
  const Screen = lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));
  const Page = (props: object) => (
    <Suspense fallback={<Loading />}>
      <Screen {...props} />
    </Suspense>
  );
  Page.displayName = `Lazy(${name})`;
  return Page;
}
