import { feedText, isConflictLine } from '../../../src/common/feed-text';
import { useLive } from '../live/live-context';
import { Note, Problem } from '../components/Notice';
import { TopologyGraph } from '../topology/TopologyGraph';

function via(broker: string | undefined): string {
  return broker === undefined ? '' : ` via ${broker}`;
}

export function TopologyView() {
  const { hops, recent, status, connection } = useLive();
  return (
    <div className="topology-view">
      {status !== null && !status.liveFeed.connected ? (
        <Problem title="No live feed:">
          {status.liveFeed.detail ?? 'the console is not subscribed to Redis'} — the graph cannot light up
          until Redis is back (services keep working: the feed is fire-and-forget).
        </Problem>
      ) : null}
      <TopologyGraph hops={hops} />
      <p className="legend">
        Each edge lights up when a message or call crosses it (from the Redis live feed every service
        publishes to). Labels: messages per minute · median latency (p50). Sync calls show their own duration;
        async hops the time from the producer's line to the consumer's — outbox, broker and consumer included.
      </p>
      <h2>Last minute, per hop</h2>
      {hops.length === 0 ? (
        <Note>
          {connection === 'open'
            ? 'Nothing has moved in the last minute. Place an order (Place an order view) and watch the edges light up.'
            : 'Waiting for the live connection…'}
        </Note>
      ) : (
        <div
          className="table-wrap"
          role="region"
          aria-label="messages and calls per route in the last minute"
          tabIndex={0}
        >
          <table className="hops">
            <caption className="visually-hidden">messages and calls per route in the last minute</caption>
            <thead>
              <tr>
                <th scope="col">from → to</th>
                <th scope="col">transport</th>
                <th scope="col">per minute</th>
                <th scope="col">p50</th>
                <th scope="col">failed</th>
              </tr>
            </thead>
            <tbody>
              {hops.map((hop) => (
                <tr key={hop.key}>
                  <td>
                    {hop.from} → {hop.to}
                    {via(hop.via)}
                  </td>
                  <td>{hop.transport}</td>
                  <td className="num">{hop.perMinute}</td>
                  <td className="num">{hop.p50Ms === null ? '—' : `${String(hop.p50Ms)} ms`}</td>
                  <td className="num">{hop.failures}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Live feed</h2>
      {recent.length === 0 ? (
        <Note>No line on commlab.live yet.</Note>
      ) : (
        // The feed scrolls, so its region takes keyboard focus (WCAG 2.1.1: a scrollable region
        // must be reachable without a mouse).
        <div className="feed" role="region" aria-label="live feed" tabIndex={0}>
          <ol aria-label="latest lines of the live feed, newest first">
            {recent
              .slice(-15)
              .reverse()
              .map((item, index) => (
                <li
                  key={`${item.line.at}-${String(index)}`}
                  className={isConflictLine(item.line) ? 'feed-conflict' : undefined}
                >
                  <code>{feedText(item.line)}</code>
                </li>
              ))}
          </ol>
        </div>
      )}
    </div>
  );
}
