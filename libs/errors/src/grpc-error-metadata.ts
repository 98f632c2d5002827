import { GRPC_ERROR_CODE_METADATA_KEY, GRPC_ERROR_DETAILS_METADATA_KEY } from '@commlab/contracts';
import { Metadata, type ServiceError, type status as GrpcStatus } from '@grpc/grpc-js';

import { AppError } from './app-error';
import { ERROR_KINDS, kindFromGrpcStatus } from './error-kinds';

/**
 * How an AppError crosses a gRPC boundary: the status code from the kinds table, plus the stable code and
 * details in trailing metadata, so the caller rebuilds the same AppError on its side.
 */
const GRPC_ERROR_CODE_KEY = GRPC_ERROR_CODE_METADATA_KEY;
const GRPC_ERROR_DETAILS_KEY = GRPC_ERROR_DETAILS_METADATA_KEY;

export interface GrpcErrorPayload {
  code: GrpcStatus;
  message: string;
  metadata: Metadata;
}

/**
 * JSON in printable ASCII: gRPC metadata values must be (grpc-js throws otherwise, and the call ends
 * UNKNOWN without its code). Every other character becomes a `\uXXXX` escape, which JSON.parse reads
 * back as it was: `mügé`, `–`, an emoji.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function toGrpcError(error: AppError): GrpcErrorPayload {
  const metadata = new Metadata();
  metadata.set(GRPC_ERROR_CODE_KEY, error.code);
  if (error.details !== undefined) metadata.set(GRPC_ERROR_DETAILS_KEY, asciiJson(error.details));
  return { code: ERROR_KINDS[error.kind].grpc, message: error.message, metadata };
}

function metadataText(metadata: Metadata | undefined, key: string): string | undefined {
  const [value] = metadata?.get(key) ?? [];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

function parseDetails(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rebuilds an AppError from a @grpc/grpc-js ServiceError. `fallbackCode` names errors that carry no
 * commlab code (a dead server, a deadline): e.g. `INVENTORY_UNAVAILABLE`.
 */
export function fromGrpcError(
  error: Partial<ServiceError>,
  fallbackCode: (kind: AppError['kind']) => string,
): AppError {
  const kind = kindFromGrpcStatus(typeof error.code === 'number' ? error.code : 2);
  const code = metadataText(error.metadata, GRPC_ERROR_CODE_KEY);
  const details = parseDetails(metadataText(error.metadata, GRPC_ERROR_DETAILS_KEY));
  return new AppError({
    code: code ?? fallbackCode(kind),
    kind,
    message: error.details ?? error.message ?? 'gRPC call failed',
    ...(details === undefined ? {} : { details }),
    cause: error,
  });
}
