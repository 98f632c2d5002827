import type { FeedLine } from './feed';

/** Fields too long or too internal for a one-line row. */
const HIDDEN_FIELDS = ['correlationId', 'sentBy', 'notificationId'];

/** inventory's line for a lost stock version race (STOCK_CONTENTION_EVENT in libs/contracts). */
export const STOCK_CONTENTION_LINE = 'stock.contention';

/**
 * `tee-black: expected v12, another writer appended it first — order 3f2a9c1e via grpc, retry 2`: what
 * a `stock.contention` line says, in words (undefined when the line lacks its fields).
 */
function contentionText(line: FeedLine): string | undefined {
  const { sku, expectedVersion, orderId, transport, retry, gaveUp } = line;
  if (typeof sku !== 'string' || typeof expectedVersion !== 'number' || typeof retry !== 'number')
    return undefined;
  const order = typeof orderId === 'string' ? `order ${orderId.slice(0, 8)}` : 'a reservation';
  const outcome =
    gaveUp === true ? `gave up after ${String(retry)} (STOCK_CONTENTION)` : `retry ${String(retry)}`;
  return `${sku}: expected v${String(expectedVersion)}, another writer appended it first — ${order} via ${String(transport)}, ${outcome}`;
}

/** Whether a feed line reports a version conflict (the console marks those rows). */
export function isConflictLine(line: FeedLine): boolean {
  return line.event === STOCK_CONTENTION_LINE;
}

/** A feed line in one short row: time, service, event and its main fields (a conflict: in words). */
export function feedText(line: FeedLine): string {
  const { service, event, at, ...fields } = line;
  const head = `${at.slice(11, 23)}  ${service.replace(/-service$/, '')}  ${event}`;
  const conflict = isConflictLine(line) ? contentionText(line) : undefined;
  if (conflict !== undefined) return `${head}  ${conflict}`;
  const extra = Object.entries(fields)
    .filter(([key]) => !HIDDEN_FIELDS.includes(key))
    .slice(0, 5)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return `${head}  ${extra}`;
}
