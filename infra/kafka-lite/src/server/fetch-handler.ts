import { FetchWaiters } from '../log/fetch-waiters';
import type { TopicStore } from '../log/topic-store';
import type { FetchRequest, FetchResponse } from '../protocol/apis/fetch';
import { ErrorCode } from '../protocol/errors';
import type { RequestContext } from './request-context';

/** Reads whatever is available now for a Fetch request; `bytes` is the record bytes found. */
export function readFetch(
  topics: TopicStore,
  req: FetchRequest,
  budgetBytes = Number.MAX_SAFE_INTEGER,
): { res: FetchResponse; bytes: number; error: boolean } {
  const maxBytes = Math.min(req.maxBytes, budgetBytes);
  let bytes = 0;
  let error = false;
  const res: FetchResponse = {
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = topics.partition(t.name, p.partition);
        if (!log) {
          error = true;
          return {
            partition: p.partition,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            highWatermark: -1,
            logStartOffset: -1,
            records: [],
          };
        }
        const base = {
          partition: p.partition,
          highWatermark: log.highWatermark,
          logStartOffset: log.logStartOffset,
        };
        if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
          error = true;
          return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: [] };
        }
        const budget = Math.min(p.partitionMaxBytes, maxBytes - bytes);
        const read = log.read(p.fetchOffset, budget, bytes === 0);
        bytes += read.bytes;
        return { ...base, errorCode: ErrorCode.NONE, records: read.batches };
      }),
    })),
  };
  return { res, bytes, error };
}

/**
 * Answers a Fetch now if it has at least min_bytes, hit an error or may not wait; otherwise parks it
 * until an append to one of its partitions, max_wait_ms, or the connection closing.
 */
export function handleFetch(
  topics: TopicStore,
  waiters: FetchWaiters,
  req: FetchRequest,
  ctx: RequestContext,
): Promise<FetchResponse | null> {
  const deadline = Date.now() + req.maxWaitMs;
  const keys = req.topics.flatMap((t) => t.partitions.map((p) => FetchWaiters.key(t.name, p.partition)));
  return new Promise((resolve) => {
    const attempt = (final: boolean): void => {
      const out = readFetch(topics, req, ctx.replyBudget());
      const left = deadline - Date.now();
      if (final || out.error || out.bytes >= Math.max(1, req.minBytes) || left <= 0) {
        resolve(out.res);
        return;
      }
      const timer = setTimeout(() => {
        cleanup();
        attempt(true);
      }, left);
      const waiter = waiters.register(keys, () => {
        cleanup();
        attempt(false);
      });
      const unregisterClose = ctx.onClose(() => {
        cleanup();
        resolve(null);
      });
      function cleanup(): void {
        clearTimeout(timer);
        waiter.cancel();
        unregisterClose();
      }
    };
    attempt(req.maxWaitMs <= 0);
  });
}
