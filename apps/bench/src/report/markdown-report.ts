import { pacedLoopText } from '../bench-settings';
import type { BenchResults } from './bench-results';
import { hopBarsSection } from './hop-bars-report';
import { formatMicros, ROW_HEADERS, resultRows, rowCells } from './result-rows';

function escape(cell: string): string {
  return cell.replace(/\|/g, '\\|');
}

function loopDelays(scenario: BenchResults['scenarios'][number]): string {
  return scenario.runs
    .map((run) =>
      run.eventLoopDelayMs === undefined
        ? '–'
        : `${run.eventLoopDelayMs.p99} / ${run.eventLoopDelayMs.max} ms`,
    )
    .join('; ');
}

/** "order-service 210 µs, inventory-service 80 µs, …": the processes that used any CPU, most first. */
export function cpuBreakdown(byProcessUs: Record<string, number>): string {
  return Object.entries(byProcessUs)
    .filter(([, us]) => us > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([name, us]) => `${name} ${formatMicros(us)}`)
    .join(', ');
}

/** The CPU per operation of every row that has it, per process of the stack. */
function cpuSection(results: BenchResults): string[] {
  const rows = results.scenarios.flatMap((s) =>
    s.runs.flatMap((run) =>
      run.cpuPerOp === undefined
        ? []
        : [
            `| ${s.name} | ${run.mode} | ${formatMicros(run.cpuPerOp.totalUs)} | ${escape(cpuBreakdown(run.cpuPerOp.byProcessUs))} | ${run.cpuPerOp.operations} |`,
          ],
    ),
  );
  if (rows.length === 0) return [];
  return [
    '## CPU per operation',
    '',
    "CPU time (user + system) each process of the stack used per completed call during the measured runs, from each run's start until 250 ms after its end, less each process's idle rate (measured over 2 s with no calls before the stack's first run) times the window; shared servers count all their work.",
    '',
    '| scenario | loop | cpu/op | per process | calls |',
    '|---|---|---:|---|---:|',
    ...rows,
    '',
  ];
}

/** results.md: the same table as the terminal, the settings, the machine and what each scenario is. */
export function markdownReport(results: BenchResults): string {
  const { settings, machine } = results;
  const lines: string[] = [
    `# commlab bench — ${results.startedAt}`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os}, Node ${machine.node}.`,
    `Settings: target ${settings.target}${settings.quick ? ' (quick)' : ''}; ` +
      `${settings.count !== undefined ? `${settings.count} calls` : `${settings.durationS} s`} per run, ` +
      `${settings.warmupS} s warm-up, ${settings.repetitions} repetitions interleaved; ` +
      `closed loop ${settings.concurrency} in flight; open loop ${settings.ratePerSecond}/s (≤${settings.openLoopMaxInFlight} in flight)` +
      `${settings.thinkMs === undefined ? '' : `; paced loop ${pacedLoopText(settings)}`}.`,
    `Harness cost (no-op call, p50): ${Object.entries(results.harnessCost)
      .map(([mode, cost]) => `${mode} ${formatMicros(cost.p50)}`)
      .join(', ')}.`,
    '',
    `| ${ROW_HEADERS.join(' | ')} |`,
    `|${ROW_HEADERS.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`,
    ...resultRows(results).map((row) => `| ${rowCells(row).map(escape).join(' | ')} |`),
    '',
    ...cpuSection(results),
    ...hopBarsSection(results),
    '## Goals',
    '',
    'Targets, not tests: a missed goal is reported here and explained in docs/benchmarks.md.',
    '',
    '| goal | scenario | loop | verdict | measured |',
    '|---|---|---|---|---|',
    ...results.goals.map(
      (g) => `| ${g.goal} | ${g.scenario} | ${g.mode} | ${g.verdict} | ${escape(g.detail)} |`,
    ),
    '',
    '## Scenarios',
    '',
    '| scenario | what | where | payload bytes (request/reply) | TCP_NODELAY | event-loop delay p99 / max (closed; open) |',
    '|---|---|---|---|---|---|',
    ...results.scenarios.map(
      (s) =>
        `| ${s.name} | ${escape(s.description)} | ${escape(s.placement)} | ${s.payloadBytes.request}${
          s.payloadBytes.reply === undefined ? '' : ` / ${s.payloadBytes.reply}`
        } | ${s.noDelay.problems.length === 0 ? `on (${s.noDelay.sockets} connections)` : escape(s.noDelay.problems.join('; '))} | ${loopDelays(s)} |`,
    ),
    '',
    '## Notes',
    '',
    ...results.notes.map((note) => `- ${note}`),
    '',
  ];
  return lines.join('\n');
}
