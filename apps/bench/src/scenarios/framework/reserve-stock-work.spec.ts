import { REPLY_MESSAGE, requestId, requestMessage } from '../payload';
import { checkReply, requestIdOf, withinMs } from './reserve-stock-work';

describe('framework scenarios: the handlers’ and clients’ fixed work', () => {
  it('takes the id of a decoded request and refuses one without an id', () => {
    expect(requestIdOf(requestMessage(requestId(3)))).toBe('bench-0000000003');
    expect(() => requestIdOf({ orderId: 'x' })).toThrow('reservationId');
    expect(() => requestIdOf(undefined)).toThrow('reservationId');
    expect(() => requestIdOf('{"reservationId":"x"}')).toThrow('reservationId');
  });

  it('accepts the reservation and refuses anything else', () => {
    expect(() => {
      checkReply(REPLY_MESSAGE);
    }).not.toThrow();
    expect(() => {
      checkReply({ ...REPLY_MESSAGE, totalCents: 1 });
    }).toThrow('unexpected reply');
    expect(() => {
      checkReply(null);
    }).toThrow('unexpected reply');
  });

  it('gives up on a call that does not settle in time', async () => {
    await expect(withinMs(Promise.resolve(7), 1000, 'fast')).resolves.toBe(7);
    await expect(withinMs(new Promise(() => undefined), 10, 'first call')).rejects.toThrow(
      'first call: no answer within 10 ms',
    );
  });
});
