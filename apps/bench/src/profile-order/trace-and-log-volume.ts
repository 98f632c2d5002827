import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the stack has traced and logged so far: two counts that do not depend on the machine's load. */
export interface TraceAndLogVolume {
  /** Spans the trace store of `pnpm start` has received (its /health `receivedSpans`). */
  spans: number;
  /** Lines and bytes in the services' and the console's log files (`pnpm start` appends their stdout). */
  logLines: number;
  logBytes: number;
}

export async function readTraceAndLogVolume(
  traceStoreUrl: string,
  logDir: string,
): Promise<TraceAndLogVolume> {
  const response = await fetch(new URL('/health', traceStoreUrl));
  if (!response.ok) throw new Error(`the trace store's /health answered HTTP ${String(response.status)}`);
  const { receivedSpans } = (await response.json()) as { receivedSpans: number };
  let logLines = 0;
  let logBytes = 0;
  for (const name of readdirSync(logDir)) {
    const text = readFileSync(join(logDir, name));
    logBytes += text.length;
    for (let at = text.indexOf(10); at !== -1; at = text.indexOf(10, at + 1)) logLines += 1;
  }
  return { spans: receivedSpans, logLines, logBytes };
}

/** One line of the report: spans and log lines per order over the measured window. */
export function volumeLine(before: TraceAndLogVolume, after: TraceAndLogVolume, orders: number): string {
  const per = (value: number) => (value / orders).toFixed(1);
  return (
    `Per order: ${per(after.spans - before.spans)} spans received by the trace store, ` +
    `${per(after.logLines - before.logLines)} log lines (${per(after.logBytes - before.logBytes)} bytes) written`
  );
}
