import { useCallback, useEffect, useRef, useState } from 'react';
import { api, apiUrl, type CallArgs, errorMessage } from './api';
import type { Endpoint, ResponseOf } from './endpoints';

/**
 * Load a GET route while mounted: `useApi("GET /matters/:id", {params: {id}})`, or `null` to load
 * nothing yet. It loads again when the address changes, and on `reload()`.
 */
export function useApi<E extends Endpoint>(endpoint: E | null, ...args: CallArgs<E>) {
  type T = ResponseOf<E>;
  const url = endpoint === null ? null : apiUrl(endpoint, ...args);
  // Each answer is kept with the address it answers: once the address changes, the old answer is
  // not shown as if it were the new one (a folder's rows under another folder's name), only reload()
  // of the same address keeps it on screen while the fresh one loads.
  const [loaded, setLoaded] = useState<{ url: string; data: T } | undefined>(undefined);
  const [error, setError] = useState<{ url: string; message: string } | undefined>(undefined);
  const [loading, setLoading] = useState(url !== null);
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address and version say when to load; args are read with them
  useEffect(() => {
    if (endpoint === null || url === null) return;
    const controller = new AbortController();
    setLoading(true);
    const [options] = args;
    api(endpoint, ...([{ ...options, signal: controller.signal }] as unknown as CallArgs<E>))
      .then((d) => {
        if (controller.signal.aborted) return; // an answer for an address or version no longer shown
        setLoaded({ url, data: d });
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError({ url, message: errorMessage(e) });
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setData = useCallback((data: T) => url !== null && setLoaded({ url, data }), [url]);
  return {
    data: loaded && loaded.url === url ? loaded.data : undefined,
    error: error && error.url === url ? error.message : undefined,
    loading: loading || (url !== null && loaded?.url !== url && error?.url !== url),
    reload,
    setData,
  };
}

/**
 * The last `value` that was not undefined: what a page keeps on screen while its next answer for
 * another address loads (`useApi` itself shows an answer only under its own address).
 */
export function useLast<T>(value: T | undefined): T | undefined {
  const last = useRef(value);
  if (value !== undefined) last.current = value;
  return last.current;
}
