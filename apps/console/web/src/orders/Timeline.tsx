import { Link } from 'react-router';

import type { PlacementView, TimelineEntry } from '../../../src/common/api';
import { orderTraceHref } from '../views/routes';

const STATUS_SYMBOL: Record<TimelineEntry['status'], string> = {
  ok: '✓',
  failed: '✗',
  waiting: '…',
  info: '•',
};
const STATUS_WORD: Record<TimelineEntry['status'], string> = {
  ok: 'done',
  failed: 'failed',
  waiting: 'waiting',
  info: 'note',
};

function OrderId({ id }: { id: string }) {
  const href = orderTraceHref(id);
  return href === undefined ? (
    <code className="order-id">{id}</code>
  ) : (
    <Link to={href} className="order-id">
      trace of {id}
    </Link>
  );
}

/** A step's place on the time axis: where it ends, and (for a call with a duration) where it began. */
function barStyle(entry: TimelineEntry, span: number): { left: string; width: string } {
  const end = entry.offsetMs / span;
  const start = entry.ms === undefined ? end : Math.max(0, (entry.offsetMs - entry.ms) / span);
  return { left: `${(start * 100).toFixed(2)}%`, width: `max(3px, ${((end - start) * 100).toFixed(2)}%)` };
}

/**
 * One order's life, step by step: who did what, over which transport, when (since the console sent it)
 * and how long it took, with a small time axis per step.
 */
export function Timeline({ view, caption }: { view: PlacementView; caption: string }) {
  const { request } = view;
  const span = Math.max(1, ...view.entries.map((entry) => entry.offsetMs));
  return (
    <section
      className={`timeline outcome-${view.outcome}`}
      aria-label={caption}
      data-complete={String(view.complete)}
      data-outcome={view.outcome}
      data-http-status={view.httpStatus ?? ''}
    >
      <header>
        <h2>{caption}</h2>
        <p className="chips">
          <span className="chip">{request.mode}</span>
          {request.mode === 'async' ? (
            <span className="chip">saga: {request.saga}</span>
          ) : (
            <span className="chip">inventory: {request.transport}</span>
          )}
          <span className="chip">token: {request.auth}</span>
          {request.mode === 'async' && request.callback ? <span className="chip">webhook</span> : null}
        </p>
        <p className="summary" aria-live="polite">
          <strong>{view.summary}</strong>
          {view.complete ? null : <span className="in-flight"> — following it…</span>}
        </p>
        {view.orderId === null ? null : (
          <p className="small">
            order <OrderId id={view.orderId} />
          </p>
        )}
      </header>
      <ol className="steps">
        {view.entries.map((entry, index) => (
          <li key={`${String(index)}-${entry.at}`} className={`step status-${entry.status}`}>
            <span className="offset">+{entry.offsetMs} ms</span>
            <span className="symbol" aria-label={STATUS_WORD[entry.status]}>
              {STATUS_SYMBOL[entry.status]}
            </span>
            <span className="what">
              <span className="actor">{entry.actor}</span> {entry.title}
              {entry.transport === undefined ? null : <span className="chip">{entry.transport}</span>}
              {entry.ms === undefined ? null : <span className="duration">{entry.ms} ms</span>}
              {entry.detail === undefined ? null : <span className="detail">{entry.detail}</span>}
            </span>
            <span className="axis" aria-hidden="true">
              <span className="bar" style={barStyle(entry, span)} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
