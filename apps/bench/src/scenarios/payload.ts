import { ReserveStockRequest, ReserveStockResponse } from '@commlab/contracts';

/**
 * The one payload every request-reply and one-way scenario sends: a ReserveStock request (two lines),
 * answered by a fixed two-line reservation. Each call gets its own id of fixed width (it correlates
 * replies and one-way receipts), so every request has exactly the same size on a given encoding.
 * JSON on REST, RabbitMQ, Kafka and Redis; protobuf (the real inventory.proto) on gRPC.
 */

const ID_DIGITS = 10;
const ITEMS = [
  { sku: 'mug-red', quantity: 2 },
  { sku: 'tee-black', quantity: 1 },
];

export function requestId(seq: number): string {
  return `bench-${String(seq % 10 ** ID_DIGITS).padStart(ID_DIGITS, '0')}`;
}

export function requestMessage(id: string): ReserveStockRequest {
  return { reservationId: id, orderId: id, items: ITEMS };
}

const SAMPLE_ID = requestId(0);
const [JSON_HEAD, JSON_MIDDLE, JSON_TAIL] = JSON.stringify(requestMessage(SAMPLE_ID)).split(SAMPLE_ID) as [
  string,
  string,
  string,
];

/** The request as JSON bytes, built from a template (no JSON.stringify per call). */
export function requestJson(id: string): Buffer {
  return Buffer.from(`${JSON_HEAD}${id}${JSON_MIDDLE}${id}${JSON_TAIL}`);
}

/** What a handler does with a received request: parse it and take its id. */
export function parseRequestId(body: Buffer | string): string {
  const parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as {
    reservationId?: unknown;
  };
  if (typeof parsed.reservationId !== 'string') throw new Error('request without reservationId');
  return parsed.reservationId;
}

/** The fixed reply of every raw request-reply server. */
export const REPLY_MESSAGE: ReserveStockResponse = {
  reservationId: SAMPLE_ID,
  lines: [
    { sku: 'mug-red', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 },
    { sku: 'tee-black', quantity: 1, unitPriceCents: 2000, lineTotalCents: 2000 },
  ],
  totalCents: 4500,
  currency: 'USD',
};

export const REPLY_JSON: Buffer = Buffer.from(JSON.stringify(REPLY_MESSAGE));

/** Sizes for the reports. */
export const PAYLOAD_BYTES = {
  requestJson: requestJson(SAMPLE_ID).length,
  replyJson: REPLY_JSON.length,
  requestProtobuf: ReserveStockRequest.encode(requestMessage(SAMPLE_ID)).finish().length,
  replyProtobuf: ReserveStockResponse.encode(REPLY_MESSAGE).finish().length,
  /** The raw TCP echo floor sends this many bytes each way. */
  tcpEcho: 100,
} as const;

/** What a client does with a reply: parse it and check it is the reservation. */
export function parseReply(body: Buffer): void {
  const parsed = JSON.parse(body.toString('utf8')) as { totalCents?: unknown };
  if (parsed.totalCents !== REPLY_MESSAGE.totalCents) throw new Error('unexpected reply');
}
