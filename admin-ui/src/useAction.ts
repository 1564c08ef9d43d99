import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { problemMessage } from './api';

/**
 * Runs one change from a record's page: on success a notice and a refresh of the record; on
 * failure the API's problem (naming the field) in `error`. `run` resolves to whether it worked.
 */
export function useAction() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done: string): Promise<boolean> => {
    setError(null);
    try {
      await fn();
      notify(done, { type: 'success' });
      refresh();
      return true;
    } catch (e) {
      setError(problemMessage(e));
      return false;
    }
  };
  return { error, run };
}
