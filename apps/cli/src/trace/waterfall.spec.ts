import type { TraceView } from '@commlab/trace-store';

import { parseTraceArgs, TraceUsageError } from './trace-args';
import { formatWaterfall, transportOf } from './waterfall';

function row(
  name: string,
  depth: number,
  offsetMs: number,
  durationMs: number,
  attributes: TraceView['spans'][number]['attributes'],
  extra: Partial<TraceView['spans'][number]> = {},
): TraceView['spans'][number] {
  return {
    traceId: 'a'.repeat(32),
    spanId: String(depth).repeat(16),
    name,
    kind: 'internal',
    service: depth === 0 ? 'order-service' : 'inventory-service',
    scope: 'test',
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    attributes,
    status: { code: 'unset' },
    links: [],
    events: [],
    offsetMs,
    durationMs,
    depth,
    ...extra,
  };
}

describe('pnpm trace', () => {
  it('names the transport from the semantic conventions', () => {
    expect(transportOf(row('x', 0, 0, 0, { 'http.request.method': 'POST' }))).toBe('http');
    expect(transportOf(row('x', 0, 0, 0, { 'rpc.system': 'grpc' }))).toBe('grpc');
    expect(transportOf(row('x', 0, 0, 0, { 'messaging.system': 'kafka' }))).toBe('kafka');
    expect(transportOf(row('x', 0, 0, 0, { 'db.system.name': 'postgresql' }))).toBe('postgresql');
    expect(transportOf(row('x', 0, 0, 0, {}))).toBe('');
  });

  it('prints one row per span: bar, offset, duration, service, transport, nested name, error and link marks', () => {
    const trace: TraceView = {
      traceId: 'a'.repeat(32),
      root: { name: 'POST /orders', service: 'order-service' },
      services: ['order-service', 'inventory-service'],
      startTime: '2026-01-01T00:00:00.000Z',
      durationMs: 100,
      spanCount: 2,
      errorCount: 1,
      droppedSpans: 0,
      orderIds: [],
      correlationIds: [],
      spans: [
        row('POST /orders', 0, 0, 100, { 'http.request.method': 'POST' }),
        row(
          'process inventory.commands',
          1,
          50,
          50,
          { 'messaging.system': 'rabbitmq' },
          {
            status: { code: 'error' },
            links: [{ traceId: 'b'.repeat(32), spanId: 'c'.repeat(16), attributes: {} }],
          },
        ),
      ],
    };
    const lines = formatWaterfall(trace, 10);
    expect(lines[0]).toBe(`trace ${'a'.repeat(32)} · 2 spans · 100.0 ms · order-service, inventory-service`);
    expect(lines[2]).toBe('██████████│     0.0 ms   100.0 ms  order-service      http       POST /orders');
    expect(lines[3]).toBe(
      '     █████│    50.0 ms    50.0 ms  inventory-service  rabbitmq     └ process inventory.commands ✗ ↗ bbbbbbbb',
    );
  });

  it('takes one id and a width, and says what is wrong otherwise', () => {
    expect(parseTraceArgs(['abc-1', '--width', '0'])).toEqual({ id: 'abc-1', width: 0, help: false });
    expect(parseTraceArgs([])).toEqual({ width: 32, help: false });
    expect(() => parseTraceArgs(['a', 'b'])).toThrow(TraceUsageError);
    expect(() => parseTraceArgs(['a b'])).toThrow(/an id is letters/);
    expect(() => parseTraceArgs(['--width', '-1'])).toThrow(/--width/);
  });
});
