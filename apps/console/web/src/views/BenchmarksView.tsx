import { useMemo, useState } from 'react';

import type { BenchListView, BenchRunView } from '../../../src/common/api';
import { api } from '../api/client';
import { type ChartOption, EChart } from '../components/EChart';
import { Loading, Note, Problem } from '../components/Notice';
import { usePolling } from '../components/use-polling';

const MODES = ['closed', 'open'] as const;

function ms(microseconds: number | undefined): string {
  if (microseconds === undefined) return '—';
  const value = microseconds / 1000;
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function runLabel(run: { startedAt: string; quick: boolean }): string {
  return `${new Date(run.startedAt).toLocaleString()}${run.quick ? ' (--quick)' : ''}`;
}

function RunSelect({
  label,
  runs,
  value,
  onChange,
  optional = false,
}: {
  label: string;
  runs: BenchListView['runs'];
  value: string | undefined;
  onChange: (id: string) => void;
  optional?: boolean;
}) {
  return (
    <label>
      {label}
      <select
        value={value ?? ''}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {optional ? <option value="">none</option> : null}
        {runs.map((run) => (
          <option key={run.id} value={run.id}>
            {runLabel(run)}
          </option>
        ))}
      </select>
    </label>
  );
}

function useRun(id: string | undefined) {
  return usePolling(
    (signal) =>
      id === undefined
        ? Promise.resolve(undefined)
        : api<BenchRunView>(`/api/bench/${encodeURIComponent(id)}`, { signal }),
    null,
    id ?? '',
  );
}

function Compare({ a, b, mode }: { a: BenchRunView; b: BenchRunView | undefined; mode: string }) {
  const rows = useMemo(() => {
    const of = (run: BenchRunView | undefined) =>
      new Map(
        (run?.figures ?? [])
          .filter((figure) => figure.mode === mode)
          .map((figure) => [figure.scenario, figure]),
      );
    const figuresA = of(a);
    const figuresB = of(b);
    return [...figuresA].map(([scenario, figure]) => ({ scenario, a: figure, b: figuresB.get(scenario) }));
  }, [a, b, mode]);

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value: unknown) => `${(Number(value) / 1000).toFixed(2)} ms`,
      },
      legend: { bottom: 0 },
      grid: { left: 170, right: 24, top: 8, bottom: 48 },
      xAxis: { type: 'log', name: 'µs (log)', logBase: 10, min: 1 },
      yAxis: {
        type: 'category',
        data: rows.map((row) => row.scenario),
        inverse: true,
        axisLabel: { fontSize: 10 },
      },
      series: [
        { name: 'A p50', type: 'bar', data: rows.map((row) => Math.max(1, row.a.p50)) },
        ...(b === undefined
          ? []
          : [{ name: 'B p50', type: 'bar', data: rows.map((row) => Math.max(1, row.b?.p50 ?? 1)) }]),
        { name: 'A p99', type: 'bar', data: rows.map((row) => Math.max(1, row.a.p99)) },
      ],
    }),
    [rows, b],
  );

  return (
    <>
      <EChart
        option={option}
        label={`p50 and p99 per scenario (${mode} loop), run A${b === undefined ? '' : ' against run B'}`}
        height={Math.max(260, rows.length * 26 + 70)}
      />
      <div
        className="table-wrap"
        role="region"
        aria-label="latency per scenario, run A against run B"
        tabIndex={0}
      >
        <table className="bench">
          <caption className="visually-hidden">latency per scenario, run A against run B</caption>
          <thead>
            <tr>
              <th scope="col">scenario</th>
              <th scope="col">A p50 ms</th>
              <th scope="col">A p99 ms</th>
              <th scope="col">B p50 ms</th>
              <th scope="col">B p99 ms</th>
              <th scope="col">B / A (p50)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ scenario, a: figureA, b: figureB }) => (
              <tr key={scenario}>
                <td>{scenario}</td>
                <td className="num">{ms(figureA.p50)}</td>
                <td className="num">{ms(figureA.p99)}</td>
                <td className="num">{ms(figureB?.p50)}</td>
                <td className="num">{ms(figureB?.p99)}</td>
                <td className="num">
                  {figureB === undefined || figureA.p50 === 0
                    ? '—'
                    : `${(figureB.p50 / figureA.p50).toFixed(2)}×`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function BenchmarksView() {
  const list = usePolling((signal) => api<BenchListView>('/api/bench', { signal }), null);
  const runs = list.data?.runs ?? [];
  const [chosenA, setA] = useState<string>();
  const [chosenB, setB] = useState<string>();
  const [mode, setMode] = useState<(typeof MODES)[number]>('closed');
  const idA = chosenA ?? runs[0]?.id;
  const idB = chosenB === undefined ? runs[1]?.id : chosenB === '' ? undefined : chosenB;
  const runA = useRun(idA);
  const runB = useRun(idB === idA ? undefined : idB);

  if (list.loading) return <Loading what="the bench runs" />;
  if (list.data === undefined) return <Problem>{list.error ?? 'no answer'}</Problem>;
  return (
    <div className="bench-view">
      {list.data.problems.map((problem) => (
        <Problem key={problem} title="Unreadable run:">
          {problem}
        </Problem>
      ))}
      {runs.length === 0 ? (
        <Note>
          No bench run in {list.data.dir} yet. Run <code>pnpm bench --quick</code> (about a minute) or{' '}
          <code>pnpm bench</code>, then reload.
        </Note>
      ) : (
        <>
          <div className="inline-form">
            <RunSelect label="run A" runs={runs} value={idA} onChange={setA} />
            <RunSelect label="run B" runs={runs} value={idB} onChange={setB} optional />
            <label>
              loop
              <select
                value={mode}
                onChange={(event) => {
                  setMode(event.target.value as (typeof MODES)[number]);
                }}
              >
                {MODES.map((option) => (
                  <option key={option} value={option}>
                    {option === 'closed' ? 'closed (one call in flight)' : 'open (fixed arrival rate)'}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {runA.error === undefined ? null : <Problem>{runA.error}</Problem>}
          {runA.data === undefined ? (
            <Loading what="the run" />
          ) : (
            <>
              <p className="small">
                A: {runA.data.machine}, {runA.data.scenarios} scenarios
                {runB.data === undefined ? '' : ` · B: ${runB.data.machine}`}
              </p>
              <Compare a={runA.data} b={runB.data} mode={mode} />
            </>
          )}
        </>
      )}
    </div>
  );
}
