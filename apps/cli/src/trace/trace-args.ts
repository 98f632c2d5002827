import { parseArgs } from 'node:util';

export interface TraceArgs {
  /** A trace id (32 hex digits), an order id or a correlation id; undefined = list the recent traces. */
  id?: string;
  /** Waterfall bar width in characters. */
  width: number;
  help: boolean;
}

export const TRACE_USAGE = `usage: pnpm trace [<order-id | trace-id | correlation-id>] [--width N]

Prints the waterfall of one trace from the trace store pnpm start runs (an OTLP receiver on :4318): every
span, nested under its parent, with its service, transport, operation, start offset and duration. An
order id or a correlation id prints every trace that names it: the order's own trace first, then the
traces linked to it (subscribers of its events). Without an argument: the most recent traces.
Reads TRACE_STORE_URL (default http://127.0.0.1:4318).

  --width N   width of the timeline bars (default 32, 0 = none)`;

/** Thrown for a bad command line; the message is meant for the user. */
export class TraceUsageError extends Error {}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function parseTraceArgs(argv: readonly string[]): TraceArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { width: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new TraceUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new TraceUsageError(`one id at most; got ${String(positionals.length)}`);
  const id = positionals[0];
  if (id !== undefined && !ID.test(id)) {
    throw new TraceUsageError(`an id is letters, digits, '.', '_', ':' and '-'; got ${JSON.stringify(id)}`);
  }
  const width = values.width === undefined ? 32 : Number(values.width);
  if (!Number.isInteger(width) || width < 0 || width > 200) {
    throw new TraceUsageError(
      `--width must be an integer from 0 to 200; got ${JSON.stringify(values.width)}`,
    );
  }
  return { ...(id === undefined ? {} : { id }), width, help: values.help === true };
}

/** 32 hex digits: a W3C trace id. */
export function isTraceId(id: string): boolean {
  return /^[0-9a-f]{32}$/i.test(id);
}
