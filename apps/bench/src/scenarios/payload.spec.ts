import { PAYLOAD_BYTES, parseRequestId, requestId, requestJson, requestMessage } from './payload';

describe('bench payload', () => {
  it('the JSON template equals JSON.stringify of the ReserveStock message, for any id', () => {
    for (const seq of [0, 7, 123_456_789]) {
      const id = requestId(seq);
      expect(requestJson(id).toString()).toBe(JSON.stringify(requestMessage(id)));
      expect(parseRequestId(requestJson(id))).toBe(id);
    }
  });

  it('every request has the same size', () => {
    expect(requestJson(requestId(1)).length).toBe(PAYLOAD_BYTES.requestJson);
    expect(requestJson(requestId(9_999_999_999)).length).toBe(PAYLOAD_BYTES.requestJson);
    expect(requestId(12)).toBe('bench-0000000012');
  });

  it('refuses a body without an id', () => {
    expect(() => parseRequestId('{"orderId":"x"}')).toThrow('reservationId');
  });
});
