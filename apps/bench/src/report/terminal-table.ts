import Table from 'cli-table3';

import type { BenchResults } from './bench-results';
import { ROW_HEADERS, resultRows, rowCells } from './result-rows';

/** The results as a terminal table (cli-table3), plus the lines a reader needs to interpret it. */
export function terminalTable(results: BenchResults): string {
  const table = new Table({
    head: [...ROW_HEADERS],
    style: { head: [], border: [] },
    colAligns: [
      'left',
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ],
  });
  for (const row of resultRows(results)) table.push(rowCells(row));
  return table.toString();
}
