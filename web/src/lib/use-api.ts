// Loads a GET endpoint for a component: the latest path wins, earlier requests are aborted.
import { useEffect, useState } from 'react';
import { get } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
}

/** `path` null waits (a dependency is not loaded yet). */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { path: string | null }>({
    data: null,
    error: null,
    loading: path !== null,
    path,
  });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ data: s.data, error: null, loading: true, path }));
    get<T>(path, controller.signal).then(
      (data) => {
        setState({ data, error: null, loading: false, path });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          data: null,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
          path,
        });
      },
    );
    return () => {
      controller.abort();
    };
  }, [path]);
  // Data of an earlier path stays shown (dimmed) while the new one loads, instead of flashing empty.
  return { data: state.data, error: state.error, loading: state.loading || state.path !== path };
}
