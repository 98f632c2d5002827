import { AppError } from '@commlab/errors';

import { runWithCorrelationId } from '@commlab/service-kit';

import { reportDownstreamCall } from './downstream-call';

/** The fields of the first line published. */
function firstFields(publish: jest.Mock): Record<string, unknown> {
  const call = publish.mock.calls[0] as [string, Record<string, unknown>] | undefined;
  return call?.[1] ?? {};
}

describe('reportDownstreamCall', () => {
  it('publishes where the call went, how long it took and that it worked', async () => {
    const publish = jest.fn();
    const result = await reportDownstreamCall(
      { announce: publish },
      { to: 'inventory-service', operation: 'ReserveStock', transport: 'grpc', orderId: 'o-1' },
      () =>
        new Promise((resolve) => {
          setTimeout(() => {
            resolve('reserved');
          }, 20);
        }),
    );
    expect(result).toBe('reserved');
    expect(publish).toHaveBeenCalledTimes(1);
    const [event, fields] = publish.mock.calls[0] as [string, Record<string, unknown>];
    expect(event).toBe('call.completed');
    expect(fields).toMatchObject({
      to: 'inventory-service',
      operation: 'ReserveStock',
      transport: 'grpc',
      ok: true,
      code: null,
      orderId: 'o-1',
    });
    expect(fields.ms).toBeGreaterThanOrEqual(15);
    expect(fields).not.toHaveProperty('local');
    expect(fields).not.toHaveProperty('correlationId');
  });

  it("carries the request's correlation id", async () => {
    const publish = jest.fn();
    await runWithCorrelationId('corr-7', () =>
      reportDownstreamCall({ announce: publish }, { to: 'a', operation: 'b', transport: 'grpc' }, () =>
        Promise.resolve(),
      ),
    );
    expect(firstFields(publish)).toMatchObject({ correlationId: 'corr-7' });
  });

  it('reports a failure with its code and rethrows it unchanged', async () => {
    const publish = jest.fn();
    const failure = new AppError({ code: 'AUTH_UNAVAILABLE', kind: 'unavailable', message: 'down' });
    await expect(
      reportDownstreamCall(
        { announce: publish },
        { to: 'auth-service', operation: 'VerifyToken', transport: 'jwks', local: true },
        () => Promise.reject(failure),
      ),
    ).rejects.toBe(failure);
    expect(firstFields(publish)).toMatchObject({ ok: false, code: 'AUTH_UNAVAILABLE', local: true });
  });

  it('names an unexpected error INTERNAL, and works without a feed', async () => {
    const publish = jest.fn();
    await expect(
      reportDownstreamCall({ announce: publish }, { to: 'x', operation: 'y', transport: 'rest' }, () =>
        Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    expect(firstFields(publish)).toMatchObject({ ok: false, code: 'INTERNAL' });
    await expect(
      reportDownstreamCall(undefined, { to: 'x', operation: 'y', transport: 'rest' }, () =>
        Promise.resolve(1),
      ),
    ).resolves.toBe(1);
  });
});
