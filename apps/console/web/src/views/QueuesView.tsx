import { useMemo } from 'react';

import type { DeadLettersView, QueuesView as Queues, RedriveView } from '../../../src/common/api';
import { api } from '../api/client';
import { type ChartOption, EChart } from '../components/EChart';
import { Loading, Note, Problem } from '../components/Notice';
import { useAction } from '../components/use-action';
import { usePolling } from '../components/use-polling';

function count(value: number | null): string {
  return value === null ? '—' : String(value);
}

function DeadLetters() {
  const letters = usePolling((signal) => api<DeadLettersView>('/api/dead-letters', { signal }), 2_000);
  const action = useAction<RedriveView>(letters.refresh);
  const busy = action.busy !== undefined;
  const redrive = (body: { ids?: string[] }) =>
    action.run('redrive', () =>
      api<RedriveView>('/api/dead-letters/redrive', { method: 'POST', body, timeoutMs: 30_000 }),
    );
  const done = action.result;
  const outcome =
    done === undefined
      ? undefined
      : `${String(done.redriven)} sent back to their queue${done.failed.length === 0 ? '' : `, ${String(done.failed.length)} could not be: ${done.failed.map((f) => f.error).join('; ')}`}.`;
  const failure = action.failure;

  const view = letters.data;
  return (
    <section aria-labelledby="dead-letters">
      <h2 id="dead-letters">Dead letters (notification-service)</h2>
      <p className="legend">
        A job that failed every attempt, or a message nobody can read, ends in its queue's .dlq;
        notification-service stores each one with the reason. Fix the cause first (Faults → heal
        notifications), then send them back.
      </p>
      {letters.loading ? <Loading what="the dead letters" /> : null}
      {letters.error === undefined ? null : <Problem>{letters.error}</Problem>}
      {view !== undefined && !view.ok ? (
        <Problem title="Dead letters unavailable:">{view.detail}</Problem>
      ) : null}
      {view?.ok === true && view.deadLetters.length === 0 ? <Note>No dead letters.</Note> : null}
      {view?.ok === true && view.deadLetters.length > 0 ? (
        <>
          <button type="button" className="primary" disabled={busy} onClick={() => void redrive({})}>
            {busy ? 'Redriving…' : `Redrive all ${String(view.deadLetters.length)}`}
          </button>
          <div className="table-wrap" role="region" aria-label="dead letters, oldest first" tabIndex={0}>
            <table className="dead-letters" data-count={view.deadLetters.length}>
              <caption className="visually-hidden">dead letters, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">queue</th>
                  <th scope="col">type</th>
                  <th scope="col">reason</th>
                  <th scope="col">attempts</th>
                  <th scope="col">when</th>
                  <th scope="col">
                    <span className="visually-hidden">action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.deadLetters.map((letter) => (
                  <tr key={letter.id}>
                    <td>{letter.queue}</td>
                    <td>{letter.type ?? '—'}</td>
                    <td>
                      {letter.reason}
                      {letter.errorCode === null ? '' : ` (${letter.errorCode})`}
                    </td>
                    <td className="num">{letter.attempts}</td>
                    <td>{new Date(letter.deadLetteredAt).toLocaleTimeString()}</td>
                    <td>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => void redrive({ ids: [letter.id] })}
                      >
                        Redrive<span className="visually-hidden"> {letter.id}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {outcome === undefined ? null : <p role="status">{outcome}</p>}
      {failure === undefined ? null : <Problem title="Redrive failed:">{failure}</Problem>}
    </section>
  );
}

export function QueuesView() {
  const queues = usePolling((signal) => api<Queues>('/api/queues', { signal }), 2_000);
  const view = queues.data;
  const option = useMemo<ChartOption | undefined>(() => {
    const busy = view?.queues.filter((queue) => queue.history.some(([, ready]) => ready > 0)) ?? [];
    if (busy.length === 0) return undefined;
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 40, right: 16, top: 30, bottom: 48 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'ready', minInterval: 1 },
      series: busy.map((queue) => ({
        name: queue.name,
        type: 'line',
        step: 'end',
        showSymbol: false,
        data: queue.history,
      })),
    };
  }, [view]);

  return (
    <div className="queues-view">
      {queues.loading ? <Loading what="the queues" /> : null}
      {queues.error === undefined ? null : <Problem>{queues.error}</Problem>}
      {view !== undefined && !view.rabbitmq.ok ? (
        <Problem title="RabbitMQ:">{view.rabbitmq.detail}</Problem>
      ) : null}
      {view === undefined ? null : (
        <section aria-labelledby="queues">
          <h2 id="queues">RabbitMQ queues</h2>
          <div
            className="table-wrap"
            role="region"
            aria-label="commlab's queues: messages ready and consumers"
            tabIndex={0}
          >
            <table className="queues">
              <caption className="visually-hidden">commlab's queues: messages ready and consumers</caption>
              <thead>
                <tr>
                  <th scope="col">queue</th>
                  <th scope="col">role</th>
                  <th scope="col">ready</th>
                  <th scope="col">consumers</th>
                  <th scope="col">net change / s</th>
                </tr>
              </thead>
              <tbody>
                {view.queues.map((queue) => (
                  <tr
                    key={queue.name}
                    className={queue.of === undefined ? 'queue-main' : 'queue-companion'}
                    data-queue={queue.name}
                  >
                    <td>{queue.name}</td>
                    <td>{queue.role}</td>
                    <td className="num">{count(queue.ready)}</td>
                    <td className="num">{count(queue.consumers)}</td>
                    <td className="num">
                      {queue.netPerSecond === null ? '—' : queue.netPerSecond.toFixed(2)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="legend">
            Read with passive declares (like <code>pnpm queues</code>): “ready” waits for a consumer; — = not
            declared yet. The net change is published minus consumed per second over the last ten seconds.
          </p>
          {option === undefined ? (
            <Note>No queue has held a message in the last minutes.</Note>
          ) : (
            <EChart option={option} label="messages ready per queue over the last minutes" height={240} />
          )}
        </section>
      )}
      <DeadLetters />
    </div>
  );
}
