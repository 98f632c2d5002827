import { useCallback, useState } from 'react';

import { messageOf } from '../api/client';

export interface Action<T> {
  /** What is running now (its label), or undefined. */
  busy: string | undefined;
  /** The last run's result, until the next run starts. */
  result: T | undefined;
  /** Why the last run failed. */
  failure: string | undefined;
  run: (label: string, work: () => Promise<T>) => Promise<void>;
}

/** A button's work (redrive, rebuild, stop a service): one at a time, its result or its failure shown. */
export function useAction<T>(after?: () => void): Action<T> {
  const [busy, setBusy] = useState<string>();
  const [result, setResult] = useState<T>();
  const [failure, setFailure] = useState<string>();
  const run = useCallback(
    async (label: string, work: () => Promise<T>) => {
      setBusy(label);
      setResult(undefined);
      setFailure(undefined);
      try {
        setResult(await work());
      } catch (error) {
        setFailure(messageOf(error));
      } finally {
        setBusy(undefined);
        after?.();
      }
    },
    [after],
  );
  return { busy, result, failure, run };
}
