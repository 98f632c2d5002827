import { sweepChartOption, sweepChartSvg } from './sweep-chart';
import { fixtureStep, fixtureSweep, fixtureSyncPattern } from './sweep-fixture';

const results = fixtureSweep([
  fixtureSyncPattern(),
  {
    name: 'e2e.order.async-callback',
    description: 'async',
    placement: 'here',
    steps: [fixtureStep(10, 9.8, 300, 500, 'p99 over limit')],
    stoppedBy: 'p99 over limit',
  },
  {
    name: 'e2e.order.sync.rest',
    description: 'rest',
    placement: '(not set up)',
    setupError: 'boom',
    steps: [],
  },
]);

describe('sweepChartOption', () => {
  const option = sweepChartOption(results);

  it('draws a p99 and a p50 line per swept pattern, in its colour, x = achieved/s, y = ms', () => {
    expect(option.series.map((s) => s.name)).toEqual([
      'e2e.order.sync p99 (knee 20/s)',
      'e2e.order.sync p50',
      'e2e.order.async-callback p99 (no knee)',
      'e2e.order.async-callback p50',
    ]);
    expect(option.series[0]?.data).toEqual([
      [10.1, 40],
      [19.9, 60],
      [31, 900],
    ]);
    expect(option.series[1]?.data).toEqual([
      [10.1, 20],
      [19.9, 22],
      [31, 300],
    ]);
    expect(option.series[0]?.color).toBe(option.series[1]?.color);
    expect(option.series[0]?.color).not.toBe(option.series[2]?.color);
    expect(option.series[1]?.lineStyle.type).toBe('dashed');
    expect(option.yAxis.type).toBe('log');
    expect(option.xAxis.name).toMatch(/achieved throughput/);
  });

  it('marks the knee where there is one, and the p99 limit once', () => {
    expect(option.series[0]?.markPoint?.data).toEqual([{ name: 'knee', coord: [19.9, 60] }]);
    expect(option.series[2]?.markPoint).toBeUndefined();
    expect(option.series[0]?.markLine?.data).toEqual([{ yAxis: 200 }]);
    expect(option.series.filter((s) => s.markLine !== undefined)).toHaveLength(1);
  });

  it('leaves out a step that completed nothing (a log axis has no 0)', () => {
    const empty = { ...fixtureStep(80, 0, 0, 0, 'errors') };
    empty.latency = { ...empty.latency, count: 0 };
    const withEmpty = fixtureSweep([{ ...results.patterns[0]!, steps: [fixtureStep(10, 10, 5, 9), empty] }]);
    expect(sweepChartOption(withEmpty).series[0]?.data).toEqual([[10, 9], null]);
  });

  it('renders as a standalone SVG naming every swept pattern', () => {
    const svg = sweepChartSvg(results);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('e2e.order.sync p99 (knee 20/s)');
    expect(svg).toContain('e2e.order.async-callback p50');
    expect(svg).toContain('p99 limit 200 ms');
    expect(svg).not.toContain('e2e.order.sync.rest');
  });
});
