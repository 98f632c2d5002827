import type { ScenarioInstance } from '../../scenario';
import { REPLY_MESSAGE, requestId, requestMessage } from '../payload';

/** NestJS's RabbitMQ client ids each request with `randomStringGenerator()`: `uid(21)`, 21 hex chars. */
const SAMPLE_PACKET_ID = '0'.repeat(21);

/**
 * Bytes of the AMQP bodies NestJS's RabbitMQ transport sends for the bench payload: it wraps the request
 * in a packet `{pattern, data, id}` and the handler's return value in `{response, isDisposed}` (one
 * message: the only value and the end of the stream), both JSON. So the same ReserveStock request and
 * reply as `rr.rabbitmq.raw`, plus NestJS's envelope — which is part of what the scenario measures.
 */
export function nestRmqPacketBytes(pattern: string): ScenarioInstance['payloadBytes'] {
  const request = { pattern, data: requestMessage(requestId(0)), id: SAMPLE_PACKET_ID };
  const reply = { response: REPLY_MESSAGE, isDisposed: true };
  return {
    request: Buffer.byteLength(JSON.stringify(request)),
    reply: Buffer.byteLength(JSON.stringify(reply)),
  };
}
