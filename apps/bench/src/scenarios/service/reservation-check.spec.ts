import { REPLY_MESSAGE } from '../payload';
import { checkReservation } from './reservation-check';

describe('checkReservation', () => {
  it('accepts the bench request’s reservation', () => {
    expect(() => {
      checkReservation({ ...REPLY_MESSAGE, reservationId: 'bench-x' });
    }).not.toThrow();
  });

  it('refuses anything else', () => {
    expect(() => {
      checkReservation({ code: 'OUT_OF_STOCK', message: 'short' });
    }).toThrow('not a reservation');
    expect(() => {
      checkReservation(undefined);
    }).toThrow('not a reservation');
    expect(() => {
      checkReservation({ ...REPLY_MESSAGE, totalCents: 1 });
    }).toThrow('unexpected reservation total 1');
  });
});
