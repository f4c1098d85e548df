// Loads a GET endpoint and loads it again on demand (after a change the page made).
import { useCallback, useEffect, useState } from 'react';
import { get } from './api.ts';
import type { Loaded } from './use-api.ts';

export function useReloadable<T>(path: string): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, controller.signal).then(
      (data) => {
        setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: null, error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => {
      controller.abort();
    };
  }, [path, version]);
  const reload = useCallback(() => {
    setVersion((v) => v + 1);
  }, []);
  return { ...state, reload };
}
