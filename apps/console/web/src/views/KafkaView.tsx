import { useMemo } from 'react';

import type { KafkaView as Kafka, RebuildView } from '../../../src/common/api';
import { api } from '../api/client';
import { type ChartOption, EChart } from '../components/EChart';
import { Loading, Note, Problem } from '../components/Notice';
import { useAction } from '../components/use-action';
import { usePolling } from '../components/use-polling';

function Rebuild() {
  const action = useAction<RebuildView>();
  const busy = action.busy !== undefined;
  const { result, failure } = action;
  const run = () =>
    action.run('rebuild', () =>
      api<RebuildView>('/api/kafka/rebuild', { method: 'POST', timeoutMs: 100_000 }),
    );
  const body = (result?.result ?? {}) as {
    status?: string;
    hashBefore?: string;
    hashAfter?: string | null;
    eventsApplied?: number;
    tookMs?: number;
    message?: string;
  };
  return (
    <section aria-labelledby="rebuild">
      <h2 id="rebuild">Rebuild reporting by replay</h2>
      <p className="legend">
        reporting-service wipes its projections and reads both topics again from offset 0: watch the group's
        lag jump and drain in the chart above. The content hash before and after must match.
      </p>
      <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Replaying…' : 'Rebuild reporting'}
      </button>
      {result === undefined ? null : (
        <p role="status">
          reporting answered {result.httpStatus}
          {body.status === undefined ? '' : ` (${body.status})`}
          {body.hashBefore === undefined
            ? ''
            : `: ${String(body.eventsApplied ?? 0)} events replayed in ${String(body.tookMs ?? 0)} ms, content hash ${body.hashBefore.slice(0, 12)} → ${body.hashAfter?.slice(0, 12) ?? 'still replaying'}`}
          {body.message === undefined ? '' : `: ${body.message}`}
        </p>
      )}
      {failure === undefined ? null : <Problem title="Rebuild failed:">{failure}</Problem>}
    </section>
  );
}

export function KafkaView() {
  const kafka = usePolling((signal) => api<Kafka>('/api/kafka', { signal }), 3_000);
  const view = kafka.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (view === undefined || view.lagHistory.length === 0) return undefined;
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 30, bottom: 48 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'lag', minInterval: 1 },
      series: view.lagHistory.map(({ group, points }) => ({
        name: group,
        type: 'line',
        showSymbol: false,
        data: points,
      })),
    };
  }, [view]);

  return (
    <div className="kafka-view">
      {kafka.loading ? <Loading what="Kafka" /> : null}
      {kafka.error === undefined ? null : <Problem>{kafka.error}</Problem>}
      {view !== undefined && !view.ok ? <Problem title="Kafka:">{view.detail}</Problem> : null}
      {view === undefined ? null : (
        <>
          <section aria-labelledby="lag">
            <h2 id="lag">Consumer lag over time</h2>
            {option === undefined ? (
              <Note>No consumer group seen yet.</Note>
            ) : (
              <EChart
                option={option}
                label="total lag per consumer group over the last minutes"
                height={240}
              />
            )}
          </section>
          <section aria-labelledby="groups">
            <h2 id="groups">Consumer groups</h2>
            <p className="legend">
              Read from the broker like <code>pnpm lag</code>: the committed offset is where the group
              resumes, the high watermark where the next record goes; lag = the records between them. It stays
              readable while a consumer is down — that is the point.
            </p>
            <div className="cards">
              {view.groups.map((group) => (
                <article key={group.group} className="card" data-group={group.group}>
                  <h3>
                    {group.group}{' '}
                    <span className="small">
                      {group.state}, {group.members} member{group.members === 1 ? '' : 's'}, lag{' '}
                      {group.totalLag}
                    </span>
                  </h3>
                  <div
                    className="table-wrap"
                    role="region"
                    aria-label={`${group.group}: offsets and lag per partition`}
                    tabIndex={0}
                  >
                    <table>
                      <caption className="visually-hidden">
                        {group.group}: offsets and lag per partition
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">topic</th>
                          <th scope="col">partition</th>
                          <th scope="col">committed</th>
                          <th scope="col">high watermark</th>
                          <th scope="col">lag</th>
                        </tr>
                      </thead>
                      <tbody>
                        {group.topics.flatMap((topic) =>
                          topic.partitions.map((partition) => (
                            <tr key={`${topic.topic}-${String(partition.partition)}`}>
                              <td>{topic.topic}</td>
                              <td className="num">{partition.partition}</td>
                              <td className="num">{partition.committed ?? '—'}</td>
                              <td className="num">{partition.highWatermark}</td>
                              <td className="num">{partition.lag}</td>
                            </tr>
                          )),
                        )}
                      </tbody>
                    </table>
                  </div>
                </article>
              ))}
            </div>
          </section>
          <section aria-labelledby="topics">
            <h2 id="topics">Topics</h2>
            <div
              className="table-wrap"
              role="region"
              aria-label="topics, partitions and offsets"
              tabIndex={0}
            >
              <table>
                <caption className="visually-hidden">topics, partitions and offsets</caption>
                <thead>
                  <tr>
                    <th scope="col">topic</th>
                    <th scope="col">partitions (first–next offset)</th>
                    <th scope="col">records</th>
                  </tr>
                </thead>
                <tbody>
                  {view.topics.map((topic) => (
                    <tr key={topic.name}>
                      <td>{topic.name}</td>
                      <td>
                        {topic.partitions
                          .map(
                            (partition) =>
                              `${String(partition.partition)}: ${partition.low}–${partition.high}`,
                          )
                          .join(', ')}
                      </td>
                      <td className="num">{topic.records}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <Rebuild />
        </>
      )}
    </div>
  );
}
