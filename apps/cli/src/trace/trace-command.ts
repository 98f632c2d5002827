import { env, loadConfig } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import type { TraceSummary, TraceView } from '@commlab/trace-store';
import { z } from 'zod';

import { setUpCommand } from '../common/command-setup';
import type { CommandIo } from '../start/command-io';
import { isTraceId, parseTraceArgs, TRACE_USAGE, TraceUsageError } from './trace-args';
import { formatTraceList, formatWaterfall } from './waterfall';

export { TRACE_USAGE } from './trace-args';

const traceConfigSchema = z.object({
  /** The trace store's JSON API (pnpm start runs it on the OTLP/HTTP port). */
  TRACE_STORE_URL: env.url(`http://127.0.0.1:${String(PORTS.otlpHttp)}`, ['http:', 'https:']),
});

class StoreProblem extends Error {}

async function getJson(base: string, path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new StoreProblem(
      `the trace store at ${base} does not answer (${error instanceof Error ? error.message : String(error)}): ` +
        'is pnpm start running? (Or set TRACE_STORE_URL.)',
    );
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new StoreProblem(`the trace store answered ${String(response.status)} to ${path}`);
  return response.json();
}

async function tracesNaming(base: string, id: string): Promise<TraceSummary[]> {
  for (const parameter of ['orderId', 'correlationId']) {
    const body = (await getJson(base, `/api/traces?${parameter}=${encodeURIComponent(id)}&limit=50`)) as
      { traces: TraceSummary[] } | undefined;
    if (body !== undefined && body.traces.length > 0) {
      // The order's own trace started first; the linked ones (its subscribers) after it.
      return [...body.traces].sort((a, b) => a.startTime.localeCompare(b.startTime));
    }
  }
  return [];
}

async function printTrace(io: CommandIo, base: string, traceId: string, width: number): Promise<boolean> {
  const body = (await getJson(base, `/api/traces/${traceId}`)) as { trace: TraceView } | undefined;
  if (body === undefined) return false;
  for (const line of formatWaterfall(body.trace, width)) io.out(line);
  return true;
}

/**
 * `pnpm trace [id]`: the waterfall of a trace (by trace id), of every trace naming an order id or a
 * correlation id, or the list of recent traces — from the trace store's JSON API.
 */
export async function traceCommand(io: CommandIo, argv: readonly string[]): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'trace',
    usage: TRACE_USAGE,
    usageError: TraceUsageError,
    parse: () => parseTraceArgs(argv),
    settings: () => loadConfig(traceConfigSchema).TRACE_STORE_URL,
  });
  if (typeof setUp === 'number') return setUp;
  const { args, settings: base } = setUp;
  try {
    if (args.id === undefined) {
      const body = (await getJson(base, '/api/traces?limit=20')) as { traces: TraceSummary[] } | undefined;
      for (const line of formatTraceList(body?.traces ?? [])) io.out(line);
      return 0;
    }
    if (isTraceId(args.id)) {
      if (await printTrace(io, base, args.id.toLowerCase(), args.width)) return 0;
      io.err(`commlab trace: no trace ${args.id} in the store (yet: spans arrive within a second or so).`);
      return 1;
    }
    const traces = await tracesNaming(base, args.id);
    if (traces.length === 0) {
      io.err(`commlab trace: no trace names ${args.id} (an order id or a correlation id) in the store.`);
      return 1;
    }
    for (const [index, trace] of traces.entries()) {
      if (index === 1) io.out('\nlinked traces (subscribers of its events, joined by a span link):');
      if (index > 0) io.out('');
      await printTrace(io, base, trace.traceId, args.width);
    }
    return 0;
  } catch (error) {
    if (error instanceof StoreProblem) {
      io.err(`commlab trace: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
