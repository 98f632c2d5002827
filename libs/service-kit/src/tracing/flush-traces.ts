import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { trace } from '@opentelemetry/api';

/** Longest a shutdown waits for the last spans to be exported. */
const FLUSH_TIMEOUT_MS = 2_000;

interface Flushable {
  forceFlush(): Promise<void>;
}

function isFlushable(value: unknown): value is Flushable {
  return typeof (value as Partial<Flushable> | undefined)?.forceFlush === 'function';
}

/**
 * Exports the spans still buffered, for at most FLUSH_TIMEOUT_MS: the service exits right after its
 * shutdown hooks, and the batching exporter would otherwise lose the last second of every trace. Works
 * through the OpenTelemetry API (the registered provider), so it needs no SDK when tracing is off.
 */
export async function flushTraces(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  const global = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = global.getDelegate?.() ?? global;
  if (!isFlushable(provider)) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    provider.forceFlush().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/** Flushes the spans when the application shuts down (the last hook of ServiceKitModule). */
@Injectable()
export class TraceFlusher implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTraces();
  }
}
