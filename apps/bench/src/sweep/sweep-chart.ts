import * as echarts from 'echarts';

import type { SweepResults } from './sweep-results';

/** One colour per pattern; its p99 line solid, its p50 line dashed. */
const PALETTE = ['#5470c6', '#ee6666', '#3ba272', '#fc8452', '#9a60b4', '#73c0de', '#fac858', '#ea7ccc'];

const WIDTH = 1100;
const HEIGHT = 620;

type Point = [number, number] | null;

/** A step's point: [achieved calls/s, latency ms]; none for a step that completed nothing. */
function point(achieved: number, micros: number, count: number): Point {
  return count > 0 && achieved > 0 ? [achieved, micros / 1000] : null;
}

/**
 * The echarts option of sweep.svg: x = achieved throughput (calls/s), y = latency (ms, log scale);
 * per pattern a p99 line (solid, its knee marked) and a p50 line (dashed) through its steps in order;
 * a horizontal line at the p99 limit.
 */
export function sweepChartOption(results: SweepResults) {
  const limitMs = results.settings.p99LimitMs;
  const swept = results.patterns.filter((p) => p.steps.length > 0);
  const series = swept.flatMap((pattern, i) => {
    const color = PALETTE[i % PALETTE.length];
    const p99: Point[] = pattern.steps.map((s) => point(s.achievedPerSecond, s.latency.p99, s.latency.count));
    const p50: Point[] = pattern.steps.map((s) => point(s.achievedPerSecond, s.latency.p50, s.latency.count));
    const { knee } = pattern;
    const kneeNote =
      knee === undefined ? 'no knee' : `knee ${knee.reached ? '' : '≥ '}${knee.offeredPerSecond}/s`;
    return [
      {
        name: `${pattern.name} p99 (${kneeNote})`,
        type: 'line',
        color,
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 2, type: 'solid' },
        data: p99,
        ...(knee === undefined
          ? {}
          : {
              markPoint: {
                symbol: 'pin',
                symbolSize: 38,
                itemStyle: { color },
                label: { fontSize: 9, formatter: knee.reached ? 'knee' : '≥' },
                data: [{ name: 'knee', coord: [knee.achievedPerSecond, knee.p99 / 1000] }],
              },
            }),
        ...(i === 0
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#999999', type: 'dotted', width: 1 },
                label: { formatter: `p99 limit ${limitMs} ms`, position: 'insideEndTop' },
                data: [{ yAxis: limitMs }],
              },
            }
          : {}),
      },
      {
        name: `${pattern.name} p50`,
        type: 'line',
        color,
        symbol: 'emptyCircle',
        symbolSize: 5,
        lineStyle: { width: 1.5, type: 'dashed' },
        data: p50,
      },
    ];
  });
  return {
    animation: false,
    backgroundColor: '#ffffff',
    title: {
      text: 'commlab bench --sweep — latency under load (p99 solid, p50 dashed; corrected open loop)',
      subtext: `steps of ${results.settings.stepS} s from ${results.settings.startRate}/s, ×${results.settings.rateFactor} per step; knee = highest step with p99 ≤ ${limitMs} ms, no errors, keeping up`,
      left: 'center',
      top: 8,
    },
    legend: { top: 62, type: 'plain', data: series.map((s) => s.name), textStyle: { fontSize: 11 } },
    grid: { left: 70, right: 40, top: 150, bottom: 60 },
    xAxis: {
      type: 'value',
      name: 'achieved throughput (calls/s)',
      nameLocation: 'middle',
      nameGap: 32,
      min: 0,
    },
    yAxis: { type: 'log', name: 'latency (ms)', logBase: 10 },
    series,
  };
}

/** sweep.svg, rendered server-side by echarts (SVG renderer, no DOM). */
export function sweepChartSvg(results: SweepResults): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption(sweepChartOption(results));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
