import { AppError } from '@commlab/errors';
import { status } from '@grpc/grpc-js';
import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';

import { InventoryGrpcExceptionFilter } from './inventory-grpc-exception.filter';

async function grpcErrorOf(error: AppError) {
  const filter = new InventoryGrpcExceptionFilter();
  try {
    await firstValueFrom(filter.catch(error, {} as ArgumentsHost));
  } catch (payload) {
    return payload as { code: number; message: string; metadata: { get(key: string): unknown[] } };
  }
  throw new Error('expected an error');
}

describe('InventoryGrpcExceptionFilter', () => {
  it('answers RESERVATION_CONFLICT with ALREADY_EXISTS, as inventory.proto documents', async () => {
    const payload = await grpcErrorOf(
      new AppError({ code: 'RESERVATION_CONFLICT', kind: 'conflict', message: 'reused' }),
    );
    expect(payload.code).toBe(status.ALREADY_EXISTS);
    expect(payload.metadata.get('commlab-error-code')).toEqual(['RESERVATION_CONFLICT']);
  });

  it('maps every other AppError through the shared kinds table', async () => {
    const payload = await grpcErrorOf(
      new AppError({
        code: 'OUT_OF_STOCK',
        kind: 'failed_precondition',
        message: 'short',
        details: { skus: ['poster-async'] },
      }),
    );
    expect(payload.code).toBe(status.FAILED_PRECONDITION);
    expect(payload.message).toBe('short');
    expect(payload.metadata.get('commlab-error-details')).toEqual(['{"skus":["poster-async"]}']);
  });
});
