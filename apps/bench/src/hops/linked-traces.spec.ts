import type { HopSpan } from './hop-breakdown';
import { withLinkedTraces } from './linked-traces';

const at = (ms: number) => String(BigInt(1_000_000_000_000) * 1_000_000n + BigInt(ms * 1_000_000));

const span = (
  spanId: string,
  parentSpanId: string | undefined,
  startMs: number,
  offsetMs: number,
  links: HopSpan['links'] = [],
): HopSpan => ({
  spanId,
  ...(parentSpanId === undefined ? {} : { parentSpanId }),
  name: spanId,
  service: 's',
  kind: 'internal',
  offsetMs,
  durationMs: 1,
  attributes: {},
  startTimeUnixNano: at(startMs),
  links,
});

describe('withLinkedTraces', () => {
  const own = { traceId: 'a', spans: [span('root', undefined, 100, 0), span('delivery', 'root', 104, 4)] };
  const link = (spanId: string, kind: string) => ({
    traceId: 'a',
    spanId,
    attributes: { 'commlab.link': kind },
  });

  it('hangs a linked trace’s root under the delivery span it links to, on the own trace’s clock', () => {
    const linked = {
      traceId: 'b',
      spans: [
        span('sub', undefined, 105, 0, [link('root', 'message creation'), link('delivery', 'delivery')]),
        span('work', 'sub', 106, 1),
      ],
    };
    const merged = withLinkedTraces(own, [linked]);
    expect(merged.map((s) => [s.spanId, s.parentSpanId, s.offsetMs])).toEqual([
      ['root', undefined, 0],
      ['delivery', 'root', 4],
      ['sub', 'delivery', 5],
      ['work', 'sub', 6],
    ]);
  });

  it('follows links of links, and leaves out traces that link to nothing of the order', () => {
    const first = { traceId: 'b', spans: [span('sub', undefined, 105, 0, [link('delivery', 'delivery')])] };
    const second = {
      traceId: 'c',
      spans: [span('subsub', undefined, 107, 0, [{ traceId: 'b', spanId: 'sub', attributes: {} }])],
    };
    const stranger = { traceId: 'd', spans: [span('x', undefined, 108, 0, [link('elsewhere', 'delivery')])] };
    const merged = withLinkedTraces(own, [second, stranger, first]);
    expect(merged.map((s) => s.spanId)).toEqual(['root', 'delivery', 'sub', 'subsub']);
    expect(merged.find((s) => s.spanId === 'subsub')).toMatchObject({ parentSpanId: 'sub', offsetMs: 7 });
  });
});
