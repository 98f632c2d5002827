import { createContext, useContext } from 'react';

import type { StatusSnapshot } from '../../../src/common/api';
import type { FeedItem } from '../../../src/common/feed';
import type { HopStats } from '../../../src/common/topology';

export type Connection = 'connecting' | 'open' | 'lost';

export interface LiveState {
  connection: Connection;
  status: StatusSnapshot | null;
  hops: HopStats[];
  /** The latest feed items, newest last. */
  recent: FeedItem[];
  /** Calls `listener` for each feed item from now on; returns the unsubscribe. */
  subscribe: (listener: (item: FeedItem) => void) => () => void;
}

export const LiveContext = createContext<LiveState | null>(null);

/** The console's live state (status, hops, feed), from the provider at the root of the page. */
export function useLive(): LiveState {
  const live = useContext(LiveContext);
  if (live === null) throw new Error('useLive outside <LiveProvider>');
  return live;
}
