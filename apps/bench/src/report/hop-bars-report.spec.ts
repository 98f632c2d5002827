import type { BenchResults, RowHopBar } from './bench-results';
import { hopBarsSection, terminalHopBars } from './hop-bars-report';

const bar: RowHopBar = {
  scenario: 'e2e.order.sync',
  spans: 'in the first service',
  traces: 3,
  incomplete: 1,
  medianMs: 10,
  hops: [
    { name: 'order-service database', medianMs: 6, share: 0.6 },
    { name: 'order-service own work', medianMs: 4, share: 0.4 },
  ],
};
const none: RowHopBar = { ...bar, scenario: 'e2e.order.async', none: 'no trace store', traces: 0, hops: [] };
const results = (hopBars?: RowHopBar[]) => ({ hopBars }) as unknown as BenchResults;

describe('hop bars in the reports', () => {
  it('prints each row’s bar after the table, or why it has none', () => {
    const lines = terminalHopBars(results([bar, none]));
    expect(lines[1]).toMatch(/^Where each pattern's time goes/);
    expect(lines).toContain('e2e.order.sync: median 10.00 ms in the first service, over 3 traces');
    expect(lines.some((line) => line.includes('1 sampled orders left out'))).toBe(true);
    expect(lines).toContain('e2e.order.async: no bar — no trace store');
  });

  it('writes a section with the full legend per row, and nothing for results without bars', () => {
    const section = hopBarsSection(results([bar, none]));
    expect(section[0]).toBe("## Where each pattern's time goes");
    expect(section).toContain('  █    6.00 ms  60%  order-service database');
    expect(section).toContain('- **e2e.order.async**: no bar — no trace store');
    expect(hopBarsSection(results())).toEqual([]);
    expect(terminalHopBars(results([]))).toEqual([]);
  });
});
