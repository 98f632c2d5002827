import * as echarts from 'echarts';

/** One `pnpm lag --watch` line: seconds since the first line, and the total lag. */
export interface LagPoint {
  second: number;
  totalLag: number;
}

/** Reads `pnpm lag --watch` output (`HH:MM:SS  total lag N  (…)` lines; others are ignored). */
export function parseLagWatch(text: string): LagPoint[] {
  const points: LagPoint[] = [];
  let first: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^(\d\d):(\d\d):(\d\d)\s+total lag (\d+)/.exec(line);
    if (match === null) continue;
    const [, h, m, s, lag] = match;
    let at = Number(h) * 3600 + Number(m) * 60 + Number(s);
    first ??= at;
    if (at < first) at += 86_400; // past midnight
    points.push({ second: at - first, totalLag: Number(lag) });
  }
  return points;
}

/** The lag-over-time chart of tutorial 5 (docs/images/lag-over-time.svg), drawn by echarts as SVG. */
export function lagChartSvg(
  points: readonly LagPoint[],
  marks: readonly { label: string; second: number }[],
): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 820, height: 360 });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      title: { text: 'reporting consumer group — total lag (pnpm lag --watch 1)', left: 'center', top: 8 },
      grid: { left: 60, right: 30, top: 60, bottom: 50 },
      xAxis: { type: 'value', name: 'seconds', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'records behind', minInterval: 1 },
      series: [
        {
          type: 'line',
          step: 'end',
          showSymbol: false,
          data: points.map((p) => [p.second, p.totalLag]),
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}' },
            data: marks.map((mark) => ({ name: mark.label, xAxis: mark.second })),
          },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
