import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';

import type { LiveEvents, StatusSnapshot } from '../../../src/common/api';
import type { FeedItem } from '../../../src/common/feed';
import type { HopStats } from '../../../src/common/topology';
import { type Connection, LiveContext, type LiveState } from './live-context';

const RECENT = 200;

/** An event's JSON payload (the server sends one JSON line per event). */
function payload(event: MessageEvent): unknown {
  return JSON.parse(event.data as string);
}

/**
 * One server-sent event stream (GET /api/events) for the whole page: the status of every service and
 * broker, each live-feed line with its hops as it happens, and the last minute of every hop. The browser
 * reconnects by itself; meanwhile the page says the connection is lost.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [connection, setConnection] = useState<Connection>('connecting');
  const [status, setStatus] = useState<StatusSnapshot | null>(null);
  const [hops, setHops] = useState<HopStats[]>([]);
  const [recent, setRecent] = useState<FeedItem[]>([]);
  const listeners = useRef(new Set<(item: FeedItem) => void>());

  useEffect(() => {
    const source = new EventSource('/api/events');
    source.onopen = () => {
      setConnection('open');
    };
    source.onerror = () => {
      setConnection('lost');
    };
    source.addEventListener('hello', (event) => {
      const hello = payload(event) as LiveEvents['hello'];
      setConnection('open');
      setStatus(hello.status);
      setHops(hello.hops);
      setRecent(hello.recent);
    });
    source.addEventListener('status', (event) => {
      setStatus(payload(event) as LiveEvents['status']);
    });
    source.addEventListener('hops', (event) => {
      setHops(payload(event) as LiveEvents['hops']);
    });
    source.addEventListener('feed', (event) => {
      const item = payload(event) as LiveEvents['feed'];
      setRecent((items) => [...items.slice(-(RECENT - 1)), item]);
      for (const listener of listeners.current) listener(item);
    });
    return () => {
      source.close();
    };
  }, []);

  const value = useMemo<LiveState>(
    () => ({
      connection,
      status,
      hops,
      recent,
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [connection, status, hops, recent],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
