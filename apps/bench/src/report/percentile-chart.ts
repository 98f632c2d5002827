import * as echarts from 'echarts';

import { type LoopMode, pacedLoopText } from '../bench-settings';
import type { BenchResults } from './bench-results';

const PERCENTILES = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
] as const;

const WIDTH = 1200;
const PANEL_HEIGHT = 380;

/** The title of a loop mode's panel. */
function panelTitle(settings: BenchResults['settings'], mode: LoopMode): string {
  if (mode === 'closed') return `closed loop (${String(settings.concurrency)} in flight)`;
  if (mode === 'paced') return `paced loop (${pacedLoopText(settings)})`;
  return `open loop (${String(settings.ratePerSecond)}/s, or ½ of a slower scenario’s capacity; corrected)`;
}

/**
 * chart.svg: for each loop mode a panel of grouped bars — p50, p90, p99, p99.9 per scenario, on a log
 * scale in microseconds — rendered server-side by echarts (SVG renderer, no DOM).
 */
export function percentileChart(results: BenchResults): string {
  const modes = results.settings.modes;
  const measured = results.scenarios.filter((s) => s.runs.length > 0);
  const names = measured.map((s) => s.name);
  const height = 70 + modes.length * PANEL_HEIGHT;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    const panelTop = (i: number) => 64 + i * PANEL_HEIGHT;
    const valueFor = (mode: LoopMode, key: (typeof PERCENTILES)[number][0]) =>
      measured.map((s) => s.runs.find((r) => r.mode === mode)?.latency[key] ?? null);
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      title: [
        { text: 'commlab bench — latency percentiles (µs, log scale)', left: 'center', top: 8 },
        ...modes.map((mode, i) => ({
          text: panelTitle(results.settings, mode),
          left: 'center',
          top: panelTop(i),
          textStyle: { fontSize: 13 },
        })),
      ],
      legend: { top: 36, data: PERCENTILES.map(([, label]) => label) },
      grid: modes.map((_, i) => ({ left: 70, right: 30, top: panelTop(i) + 45, height: PANEL_HEIGHT - 150 })),
      xAxis: modes.map((_, i) => ({
        type: 'category',
        gridIndex: i,
        data: names,
        axisLabel: { rotate: 30, fontSize: 10, interval: 0 },
      })),
      yAxis: modes.map((_, i) => ({ type: 'log', gridIndex: i, name: 'µs', min: 1 })),
      series: modes.flatMap((mode, i) =>
        PERCENTILES.map(([key, label]) => ({
          name: label,
          type: 'bar',
          // A 1 µs value (the harness's no-op) sits on the axis floor; keep it visible.
          barMinHeight: 2,
          xAxisIndex: i,
          yAxisIndex: i,
          data: valueFor(mode, key),
        })),
      ),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
