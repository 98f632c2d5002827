import { reservationIds } from './reservation-ids';

describe('reservationIds', () => {
  it('are fixed-width and unique per scenario tag and run', () => {
    const grpc = reservationIds('grpc', '123-abcdef');
    expect(grpc(7)).toBe('bench-grpc-123-abcdef-0000000007');
    expect(grpc(9_999_999_999)).toHaveLength(grpc(0).length);
    expect(reservationIds('rest', '123-abcdef')(7)).not.toBe(grpc(7));
    expect(reservationIds('grpc', '456-abcdef')(7)).not.toBe(grpc(7));
  });

  it('fit inventory’s 128-character limit', () => {
    expect(reservationIds('rabbitmq', `${2 ** 22}-ffffff`)(1).length).toBeLessThanOrEqual(128);
  });
});
