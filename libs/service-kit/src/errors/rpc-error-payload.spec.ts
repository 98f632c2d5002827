import { AppError } from '@commlab/errors';

import { fromRpcErrorPayload, toRpcErrorPayload } from './rpc-error-payload';

describe('RpcErrorPayload', () => {
  it('round-trips code, kind, details and retriability through JSON', () => {
    const original = new AppError({
      code: 'OUT_OF_STOCK',
      kind: 'failed_precondition',
      message: 'not enough stock',
      details: { skus: ['poster-async'] },
    });
    const wire: unknown = JSON.parse(JSON.stringify(toRpcErrorPayload(original)));
    expect(wire).toMatchObject({ code: 'OUT_OF_STOCK', kind: 'failed_precondition', status: 409 });
    const rebuilt = fromRpcErrorPayload(wire, () => 'FALLBACK');
    expect([rebuilt.code, rebuilt.kind, rebuilt.httpStatus, rebuilt.retriable, rebuilt.message]).toEqual([
      'OUT_OF_STOCK',
      'failed_precondition',
      409,
      false,
      'not enough stock',
    ]);
    expect(rebuilt.details).toEqual({ skus: ['poster-async'] });
  });

  it('names anything else through the fallback as an internal error', () => {
    const rebuilt = fromRpcErrorPayload('There is no matching message handler', () => 'INVENTORY_FAILED');
    expect([rebuilt.code, rebuilt.kind, rebuilt.message]).toEqual([
      'INVENTORY_FAILED',
      'internal',
      'There is no matching message handler',
    ]);
    expect(fromRpcErrorPayload({ code: 'X', kind: 'nonsense', message: 'm' }, () => 'F').code).toBe('F');
  });
});
