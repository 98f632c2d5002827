import { Metadata, status } from '@grpc/grpc-js';

import { AppError, isRetriable } from './app-error';
import { ERROR_KINDS, type ErrorKind, kindFromGrpcStatus, kindFromHttpStatus } from './error-kinds';
import { fromGrpcError, toGrpcError } from './grpc-error-metadata';

describe('AppError', () => {
  it('takes HTTP and gRPC status and retriability from the kinds table', () => {
    const error = new AppError({ code: 'OUT_OF_STOCK', kind: 'failed_precondition', message: 'no stock' });
    expect([error.httpStatus, error.grpcStatus, error.retriable]).toEqual([
      409,
      status.FAILED_PRECONDITION,
      false,
    ]);
    const down = new AppError({
      code: 'INVENTORY_UNAVAILABLE',
      kind: 'unavailable',
      message: 'down',
      cause: new Error('x'),
    });
    expect([down.httpStatus, isRetriable(down), (down.cause as Error).message]).toEqual([503, true, 'x']);
    expect(isRetriable(new Error('plain'))).toBe(false);
  });

  it('lets a use case override retriability explicitly', () => {
    expect(new AppError({ code: 'X', kind: 'internal', message: 'm', retriable: true }).retriable).toBe(true);
  });

  it.each(Object.keys(ERROR_KINDS) as ErrorKind[])('%s maps to gRPC and back', (kind) => {
    const back = kindFromGrpcStatus(ERROR_KINDS[kind].grpc);
    // OUT_OF_RANGE (413) and 422 read back as invalid_argument: the caller's fault, never retriable.
    const readsBackAsInvalid = kind === 'payload_too_large' || kind === 'unprocessable_content';
    expect(back === kind || (readsBackAsInvalid && back === 'invalid_argument')).toBe(true);
  });

  it('maps HTTP statuses, including the ones outside the table', () => {
    expect(kindFromHttpStatus(409)).toBe('conflict');
    expect(kindFromHttpStatus(422)).toBe('unprocessable_content');
    expect(kindFromHttpStatus(418)).toBe('invalid_argument');
    expect(kindFromHttpStatus(502)).toBe('unavailable');
    expect(kindFromHttpStatus(599)).toBe('internal');
  });

  it('round-trips code and details through gRPC status and metadata', () => {
    const original = new AppError({
      code: 'OUT_OF_STOCK',
      kind: 'failed_precondition',
      message: 'not enough stock',
      details: { skus: ['poster-async'] },
    });
    const wire = toGrpcError(original);
    const rebuilt = fromGrpcError(
      { code: wire.code, details: wire.message, metadata: wire.metadata },
      () => 'FALLBACK',
    );
    expect(rebuilt).toMatchObject({
      code: 'OUT_OF_STOCK',
      kind: 'failed_precondition',
      details: { skus: ['poster-async'] },
    });
    expect(rebuilt.message).toBe('not enough stock');
  });

  it('carries details with non-ASCII text and control characters in ASCII metadata, read back as they were', () => {
    const details = { fields: [{ path: 'sku', problem: 'U+0000–U+001F, got "mügé\u0000 📦"' }] };
    const wire = toGrpcError(
      new AppError({ code: 'INVALID_REQUEST', kind: 'invalid_argument', message: 'bad', details }),
    );
    const [raw] = wire.metadata.get('commlab-error-details');
    expect(String(raw)).toMatch(/^[\x20-\x7e]+$/);
    const rebuilt = fromGrpcError(
      { code: wire.code, details: wire.message, metadata: wire.metadata },
      () => 'FALLBACK',
    );
    expect(rebuilt.details).toEqual(details);
  });

  it('names errors without a commlab code (dead server, deadline) through the fallback', () => {
    const rebuilt = fromGrpcError(
      { code: status.DEADLINE_EXCEEDED, details: 'Deadline exceeded', metadata: new Metadata() },
      (kind) =>
        kind === 'deadline_exceeded' || kind === 'unavailable' ? 'INVENTORY_UNAVAILABLE' : 'INVENTORY_FAILED',
    );
    expect([rebuilt.code, rebuilt.kind, rebuilt.retriable]).toEqual([
      'INVENTORY_UNAVAILABLE',
      'deadline_exceeded',
      true,
    ]);
  });
});
