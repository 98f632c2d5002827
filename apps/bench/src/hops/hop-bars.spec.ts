import type { HopSpan } from './hop-breakdown';
import { compactHopBar, formatHopBars, hopBar, hopBarOf } from './hop-bars';

const trace = (callMs: number, handlerMs: number): HopSpan[] => [
  {
    spanId: 'r',
    name: 'POST',
    service: 'order-service',
    kind: 'server',
    offsetMs: 0,
    durationMs: callMs + handlerMs,
    attributes: {},
  },
  {
    spanId: 'c',
    parentSpanId: 'r',
    name: 'Reserve',
    service: 'order-service',
    kind: 'client',
    offsetMs: handlerMs,
    durationMs: callMs,
    attributes: { 'rpc.system': 'grpc' },
  },
];

describe('hopBar', () => {
  it('takes each hop’s median over the traces, largest first, a missing hop counting 0', () => {
    const bar = hopBar('sync order over grpc', [trace(1, 4), trace(3, 2), trace(5, 6), [trace(2, 2)[0]!]]);
    expect(bar.traces).toBe(4);
    expect(bar.hops).toEqual([
      { name: 'order-service own work', medianMs: 4 },
      { name: 'order-service → Reserve (grpc)', medianMs: 2 },
    ]);
    expect(bar.totalMs).toBe(5);
  });

  it('draws one stacked bar per pattern scaled to the longest, with a legend of ms and shares', () => {
    const lines = formatHopBars([hopBar('fast', [trace(1, 1)]), hopBar('slow', [trace(0.001, 4)])], 8);
    expect(lines).toEqual([
      'fast: median 2.00 ms inside the first service, over 1 traces',
      '  ██▓▓',
      '  █    1.00 ms  50%  order-service own work',
      '  ▓    1.00 ms  50%  order-service → Reserve (grpc)',
      'slow: median 4.00 ms inside the first service, over 1 traces',
      '  ████████',
      '  █    4.00 ms 100%  order-service own work',
      '  and 1 more under 0.01 ms each',
    ]);
  });

  it('prints a compact bar: heading, bar at the width, a wrapped legend, hops under 2% drawn together', () => {
    const bar = hopBarOf(
      'e2e.x',
      [
        new Map([
          ['a own work', 6],
          ['a → b (kafka)', 3.9],
          ['b database', 0.1],
          ['c database', 0],
        ]),
      ],
      'from A to B',
    );
    expect(compactHopBar(bar, 10, 50)).toEqual([
      'e2e.x: median 10.00 ms from A to B, over 1 traces',
      '  ██████▓▓▓▓',
      '  █ a own work 6.00 ms 60%',
      '  ▓ a → b (kafka) 3.90 ms 39% · . 1 more 0.10 ms 1%',
    ]);
  });
});
