import { useEffect, useState } from 'react';

import type { PlacementView } from '../../../src/common/api';
import { api, messageOf } from '../api/client';

/** How often a timeline in flight is re-read: fast while it moves, slower once it only waits. */
const FAST_MS = 700;
const WAITING_MS = 2_000;

/**
 * One order's timeline, re-read until it is complete (the server adds each step as it is seen). Key the
 * component by `id`: a new order starts from a fresh state.
 */
export function usePlacement(id: string | undefined): {
  view: PlacementView | undefined;
  error: string | undefined;
} {
  const [view, setView] = useState<PlacementView>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const read = async () => {
      let next = FAST_MS;
      try {
        const placement = await api<PlacementView>(`/api/orders/${encodeURIComponent(id)}`, {
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        setView(placement);
        setError(undefined);
        if (placement.complete) return;
        if (placement.entries.some((entry) => entry.status === 'waiting')) next = WAITING_MS;
      } catch (failure) {
        if (controller.signal.aborted) return;
        setError(messageOf(failure));
        next = WAITING_MS;
      }
      timer = window.setTimeout(() => void read(), next);
    };
    void read();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id]);

  return { view, error };
}
