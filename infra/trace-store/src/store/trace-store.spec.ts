import type { SpanRecord } from '../otlp/span-record';
import { TraceStore } from './trace-store';
import { traceView } from './trace-views';

const MS = 1_000_000n;

function span(
  traceNo: number,
  spanNo: number,
  parentNo: number | undefined,
  startMs: number,
  endMs: number,
  attributes: SpanRecord['attributes'] = {},
): SpanRecord {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return {
    traceId: hex(traceNo, 32),
    spanId: hex(spanNo, 16),
    ...(parentNo === undefined ? {} : { parentSpanId: hex(parentNo, 16) }),
    name: `span ${String(spanNo)}`,
    kind: 'internal',
    service: 'order-service',
    scope: 'test',
    startTimeUnixNano: (BigInt(startMs) * MS + 1_700_000_000_000n * MS).toString(),
    endTimeUnixNano: (BigInt(endMs) * MS + 1_700_000_000_000n * MS).toString(),
    attributes,
    status: { code: 'unset' },
    links: [],
    events: [],
  };
}

describe('TraceStore', () => {
  it('keeps the most recently updated traces and forgets their ids with them', () => {
    const store = new TraceStore({ maxTraces: 2 });
    store.add([span(1, 1, undefined, 0, 5, { 'commlab.order.id': 'order-1' })], 1);
    store.add([span(2, 2, undefined, 0, 5)], 2);
    store.add([span(1, 3, 1, 1, 2)], 3); // trace 1 is now the most recent
    store.add([span(3, 4, undefined, 0, 5)], 4); // evicts trace 2
    expect(store.recent(10).map((trace) => trace.traceId.slice(-1))).toEqual(['3', '1']);
    expect(store.find('orderId', 'order-1').map((trace) => trace.spans.length)).toEqual([2]);
    store.add([span(4, 5, undefined, 0, 5)], 5); // evicts trace 1
    expect(store.find('orderId', 'order-1')).toEqual([]);
    expect(store.stats()).toMatchObject({ traces: 2, evictedTraces: 2, receivedSpans: 5 });
  });

  it('bounds the spans of one trace and ignores a span sent twice', () => {
    const store = new TraceStore({ maxSpansPerTrace: 2 });
    store.add([
      span(1, 1, undefined, 0, 5),
      span(1, 1, undefined, 0, 5),
      span(1, 2, 1, 1, 2),
      span(1, 3, 1, 2, 3),
    ]);
    expect(store.get(span(1, 1, undefined, 0, 0).traceId)).toMatchObject({ droppedSpans: 1 });
    expect(store.get(span(1, 1, undefined, 0, 0).traceId)?.spans).toHaveLength(2);
  });

  it('serves a trace as waterfall rows: depth first, children by start, offsets from the first span', () => {
    const store = new TraceStore();
    store.add([
      span(1, 3, 1, 4, 6),
      span(1, 1, undefined, 0, 10, { 'messaging.message.conversation_id': 'corr-1' }),
      span(1, 2, 1, 1, 3),
      span(1, 4, 2, 2, 3),
      span(1, 5, 99, 12, 13), // its parent never arrived: a root of its own
    ]);
    const view = traceView(
      store.get(span(1, 1, undefined, 0, 0).traceId) ?? {
        traceId: '',
        spans: [],
        droppedSpans: 0,
        updatedAt: 0,
      },
    );
    expect(view.spans.map((row) => [row.name, row.depth, row.offsetMs, row.durationMs])).toEqual([
      ['span 1', 0, 0, 10],
      ['span 2', 1, 1, 2],
      ['span 4', 2, 2, 1],
      ['span 3', 1, 4, 2],
      ['span 5', 0, 12, 1],
    ]);
    expect(view).toMatchObject({
      durationMs: 13,
      spanCount: 5,
      correlationIds: ['corr-1'],
      root: { name: 'span 1' },
    });
    expect(store.find('correlationId', 'corr-1')).toHaveLength(1);
  });
});
