import { GRPC_ERROR_CODE_METADATA_KEY, GRPC_ERROR_DETAILS_METADATA_KEY } from '@commlab/contracts';
import { type Metadata, status } from '@grpc/grpc-js';

/** `3.2 ms` below 100 ms, `2001 ms` above. */
export function formatElapsed(ms: number): string {
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** The grpc status enum name, e.g. `DEADLINE_EXCEEDED` for 4. */
export function statusName(code: number): string {
  const name = (status as Record<number, string | undefined>)[code];
  return name ?? 'UNKNOWN_STATUS';
}

/** `<full method> OK in 3.2 ms`, then the response as 2-space JSON (already in field order). */
export function formatSuccess(fullMethod: string, elapsedMs: number, response: unknown): string[] {
  return [`${fullMethod} OK in ${formatElapsed(elapsedMs)}`, JSON.stringify(response, null, 2)];
}

export interface CallFailure {
  fullMethod: string;
  elapsedMs: number;
  code: status;
  details: string;
  metadata?: Metadata;
  /** Where the call went and which process serves it, for the hints. */
  address: string;
  processName: string;
  deadlineMs: number;
}

function metadataText(metadata: Metadata | undefined, key: string): string | undefined {
  const [value] = metadata?.get(key) ?? [];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

/**
 * The error line, then commlab's stable error code and details from the trailing metadata when the
 * service put them there (`code: OUT_OF_STOCK`), then a hint for the failures a user can fix.
 */
export function formatFailure(failure: CallFailure): string[] {
  const { fullMethod, code } = failure;
  // grpc-js ends connection errors with an empty "Resolution note:"; drop it.
  const message = failure.details.replace(/[.\s]*Resolution note:\s*$/, '').trim();
  const lines = [
    `${fullMethod} failed in ${formatElapsed(failure.elapsedMs)}: ${statusName(code)} (${code}): ${message}`,
  ];
  const errorCode = metadataText(failure.metadata, GRPC_ERROR_CODE_METADATA_KEY);
  if (errorCode !== undefined) lines.push(`code: ${errorCode}`);
  const details = metadataText(failure.metadata, GRPC_ERROR_DETAILS_METADATA_KEY);
  if (details !== undefined) lines.push(`details: ${details}`);
  if (code === status.UNAVAILABLE)
    lines.push(`is ${failure.processName} running on ${failure.address}? (pnpm start)`);
  if (code === status.DEADLINE_EXCEEDED)
    lines.push(
      `no answer within --deadline ${failure.deadlineMs} ms: is ${failure.processName} on ${failure.address} ` +
        'paused or overloaded? (raise --deadline to wait longer)',
    );
  return lines;
}
