import { lagChartSvg, parseLagWatch } from './lag-chart';

describe('the lag-over-time chart', () => {
  const watch = [
    'commlab lag: consumer group reporting on orders, inventory (127.0.0.1:9092) every 1 s; Ctrl-C to stop',
    '23:59:58  total lag 0  (orders 0:0, inventory 0:0)  1 member (Stable)',
    '23:59:59  total lag 4  (orders 0:2, inventory 0:2)  no members (Empty)',
    '00:00:01  total lag 0  (orders 0:0, inventory 0:0)  1 member (Stable)',
  ].join('\n');

  it('reads the total lag per second from pnpm lag --watch, across midnight', () => {
    expect(parseLagWatch(watch)).toEqual([
      { second: 0, totalLag: 0 },
      { second: 1, totalLag: 4 },
      { second: 3, totalLag: 0 },
    ]);
  });

  it('draws an SVG with the marks', () => {
    const svg = lagChartSvg(parseLagWatch(watch), [{ label: 'reporting stopped', second: 1 }]);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('reporting stopped');
    expect(svg).toContain('records behind');
  });
});
