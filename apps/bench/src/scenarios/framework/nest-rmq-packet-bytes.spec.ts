import { PAYLOAD_BYTES } from '../payload';
import { nestRmqPacketBytes } from './nest-rmq-packet-bytes';

describe('nestRmqPacketBytes', () => {
  it('is the bench payload plus the NestJS packet around it, as seen on the wire', () => {
    // Sizes observed on RabbitMQ for rr.rabbitmq.nest (NestJS 11).
    expect(nestRmqPacketBytes('bench.reserve-stock')).toEqual({ request: 209, reply: 264 });
    const { request, reply } = nestRmqPacketBytes('p');
    expect(request).toBeGreaterThan(PAYLOAD_BYTES.requestJson);
    expect(reply).toBe(PAYLOAD_BYTES.replyJson + '{"response":,"isDisposed":true}'.length);
  });
});
