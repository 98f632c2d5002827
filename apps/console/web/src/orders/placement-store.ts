import { useSyncExternalStore } from 'react';

import type { PlaceOrderRequest, PlacementView } from '../../../src/common/api';
import { api } from '../api/client';

/** The orders placed in this page, kept across views: the latest, and one pinned to compare. */
export interface PlacementState {
  current: string | undefined;
  pinned: string | undefined;
}

/** What the form starts with, and what the faults view's quick orders use. */
export const DEFAULT_ORDER: PlaceOrderRequest = {
  mode: 'sync',
  saga: 'orchestration',
  transport: 'grpc',
  auth: 'grpc',
  sku: 'mug-red',
  quantity: 1,
  user: 'alice',
  callback: true,
};

let state: PlacementState = { current: undefined, pinned: undefined };
const listeners = new Set<() => void>();

function set(next: PlacementState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function usePlacements(): PlacementState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Places an order through the console; it becomes the current one. */
export async function placeOrder(request: PlaceOrderRequest): Promise<PlacementView> {
  // A sync order over a broker may wait for order-service's 2 s deadline, a stopped service longer.
  const placed = await api<PlacementView>('/api/orders', {
    method: 'POST',
    body: request,
    timeoutMs: 30_000,
  });
  set({ ...state, current: placed.id });
  return placed;
}

/** Pins the current order beside the next ones (or unpins). */
export function pinCurrent(pin: boolean): void {
  set({ ...state, pinned: pin ? state.current : undefined });
}
