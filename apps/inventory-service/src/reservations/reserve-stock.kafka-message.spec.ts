import { parseReserveStockMessage, requestExpired } from './reserve-stock.kafka-message';

describe('ReserveStock Kafka message', () => {
  const message = { reservationId: 'r-1', items: [{ sku: 'mug-red', quantity: 1 }] };

  it('accepts the REST body plus expiresAt, and refuses unknown fields as INVALID_REQUEST', () => {
    expect(parseReserveStockMessage({ ...message, expiresAt: '2030-01-01T00:00:00.000Z' })).toMatchObject(
      message,
    );
    const refusal = (value: unknown) => {
      try {
        parseReserveStockMessage(value);
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
});
