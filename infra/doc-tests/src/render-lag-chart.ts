import { readFileSync, writeFileSync } from 'node:fs';

import { lagChartSvg, parseLagWatch } from './lag-chart';

/**
 * `pnpm --filter @commlab/doc-tests chart:lag <watch.log> <out.svg> <stopped-second> <started-second>`:
 * redraws docs/images/lag-over-time.svg from a recorded `pnpm lag --watch 1`.
 */
const [input, output, stopped, started] = process.argv.slice(2);
if (input === undefined || output === undefined || stopped === undefined || started === undefined) {
  process.stderr.write('usage: chart:lag <watch.log> <out.svg> <stopped-second> <started-second>\n');
  process.exit(2);
}
const points = parseLagWatch(readFileSync(input, 'utf8'));
writeFileSync(
  output,
  lagChartSvg(points, [
    { label: 'reporting stopped', second: Number(stopped) },
    { label: 'reporting started', second: Number(started) },
  ]),
);
process.stdout.write(`${String(points.length)} points → ${output}\n`);
