import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import { messageOf } from '../api/client';

export interface Polled<T> {
  data: T | undefined;
  /** The last call's failure (the last good data is kept meanwhile). */
  error: string | undefined;
  /** True until the first answer or failure: never longer than the call's timeout. */
  loading: boolean;
  refresh: () => void;
}

/**
 * Calls `load` now and every `intervalMs` while the component is shown (null: once), newest answer wins;
 * a new `key` starts over. A failed call shows its message and is retried on the next tick.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number | null,
  key = '',
): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    const run = async () => {
      try {
        const value = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
      } catch (failure) {
        if (controller.signal.aborted) return;
        setError(messageOf(failure));
      } finally {
        if (!controller.signal.aborted) {
          setLoading(false);
          if (intervalMs !== null) timer = window.setTimeout(() => void run(), intervalMs);
        }
      }
    };
    void run();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [intervalMs, tick, key]);

  const refresh = useCallback(() => {
    setTick((value) => value + 1);
  }, []);
  return { data, error, loading, refresh };
}
