import type { ReserveStockCommand } from './reservation.types';
import {
  answerReserveStockRpc,
  parseReserveStockRpcRequest,
  requestExpired,
} from './reserve-stock.rpc-request';

describe('ReserveStock broker request (Kafka, RabbitMQ)', () => {
  const message = { reservationId: 'r-1', items: [{ sku: 'mug-red', quantity: 1 }] };

  it('accepts the REST body plus expiresAt, and refuses unknown fields as INVALID_REQUEST', () => {
    expect(parseReserveStockRpcRequest({ ...message, expiresAt: '2030-01-01T00:00:00.000Z' })).toMatchObject(
      message,
    );
    const refusal = (value: unknown) => {
      try {
        parseReserveStockRpcRequest(value);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusal({ ...message, coupon: 'FREE' })).toMatchObject({
      code: 'INVALID_REQUEST',
      kind: 'invalid_argument',
    });
    expect(refusal('not json')).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses a request read after its expiry, and never expires one without expiresAt', () => {
    const now = new Date('2030-01-01T00:00:01.000Z');
    const expired = requestExpired({ ...message, expiresAt: '2030-01-01T00:00:00.000Z' }, now);
    expect(expired).toMatchObject({ code: 'REQUEST_EXPIRED', kind: 'deadline_exceeded' });
    expect(requestExpired({ ...message, expiresAt: '2030-01-01T00:00:02.000Z' }, now)).toBeUndefined();
    expect(requestExpired(message, now)).toBeUndefined();
  });

  it('answers with the reservation minus the order id, and reserves nothing for an expired request', async () => {
    const commands: ReserveStockCommand[] = [];
    const transports: string[] = [];
    const reserveStock = {
      execute: (command: ReserveStockCommand, _cause: unknown, transport: string) => {
        commands.push(command);
        transports.push(transport);
        return Promise.resolve({
          ...command,
          lines: [{ sku: 'mug-red', quantity: 1, unitPriceCents: 1250, lineTotalCents: 1250 }],
          totalCents: 1250,
          currency: 'EUR',
        });
      },
    };
    const now = new Date('2030-01-01T00:00:01.000Z');
    await expect(answerReserveStockRpc(reserveStock, message, 'kafka', now)).resolves.toEqual({
      reservationId: 'r-1',
      lines: [{ sku: 'mug-red', quantity: 1, unitPriceCents: 1250, lineTotalCents: 1250 }],
      totalCents: 1250,
      currency: 'EUR',
    });
    expect(commands).toEqual([{ reservationId: 'r-1', orderId: 'r-1', items: message.items }]);
    expect(transports).toEqual(['kafka']);
    await expect(
      answerReserveStockRpc(reserveStock, { ...message, expiresAt: '2030-01-01T00:00:00.000Z' }, 'rmq', now),
    ).rejects.toMatchObject({ code: 'REQUEST_EXPIRED' });
    expect(commands).toHaveLength(1);
  });
});
