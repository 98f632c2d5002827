import { useState } from 'react';

import {
  type PlaceOrderRequest,
  SLOW_DELAYS_MS,
  type StackActionName,
  type StackServiceView,
  type StackView,
} from '../../../src/common/api';
import { api, messageOf } from '../api/client';
import { shortName } from '../components/health';
import { Loading, Note, Problem } from '../components/Notice';
import { useAction } from '../components/use-action';
import { usePolling } from '../components/use-polling';
import { DEFAULT_ORDER, placeOrder } from '../orders/placement-store';
import { PlacementTimeline } from './OrderView';

/** Which actions a state allows (what the stack itself accepts). */
const ALLOWED: Record<StackServiceView['state'], StackActionName[]> = {
  running: ['stop', 'pause'],
  paused: ['resume', 'stop'],
  stopped: ['start'],
  starting: [],
  stopping: [],
  // Crashed, waiting out its backoff: start it now, or stop it to keep pnpm start from restarting it.
  restarting: ['start', 'stop'],
};

/** Watch the patterns react: one sync and one async order, side by side. */
function TryOrders() {
  const [ids, setIds] = useState<{ sync?: string; async?: string }>({});
  const [failure, setFailure] = useState<string>();
  const place = async (mode: PlaceOrderRequest['mode']) => {
    setFailure(undefined);
    try {
      const placed = await placeOrder({ ...DEFAULT_ORDER, mode });
      setIds((previous) => ({ ...previous, [mode]: placed.id }));
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  return (
    <section aria-labelledby="try">
      <h2 id="try">Watch the patterns react</h2>
      <p className="legend">
        With inventory stopped, a sync order fails at once (503) while an async one is accepted (202) and
        waits in the durable queue — start inventory again and it completes by itself.
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void place('sync')}>
          Place a sync order
        </button>
        <button type="button" onClick={() => void place('async')}>
          Place an async order
        </button>
      </div>
      {failure === undefined ? null : <Problem>{failure}</Problem>}
      <div className="timelines">
        {ids.sync === undefined ? null : (
          <div className="timeline-slot">
            <PlacementTimeline key={ids.sync} id={ids.sync} caption="Sync order" />
          </div>
        )}
        {ids.async === undefined ? null : (
          <div className="timeline-slot">
            <PlacementTimeline key={ids.async} id={ids.async} caption="Async order" />
          </div>
        )}
      </div>
    </section>
  );
}

export function FaultsView() {
  const stack = usePolling((signal) => api<StackView>('/api/stack', { signal }), 2_000);
  const control = useAction<StackView>(stack.refresh);
  const { busy, failure } = control;
  const [slowService, setSlowService] = useState('inventory-service');
  const [slowDelay, setSlowDelay] = useState<number>(SLOW_DELAYS_MS[1]);
  const act = (what: string, path: string, body: unknown) =>
    control.run(what, () => api<StackView>(path, { method: 'POST', body, timeoutMs: 170_000 }));

  const view = stack.data;
  if (stack.loading) return <Loading what="the stack" />;
  if (view === undefined) return <Problem>{stack.error ?? 'no answer'}</Problem>;
  return (
    <div className="faults-view">
      {stack.error === undefined ? null : <Problem>{stack.error}</Problem>}
      {!view.available ? (
        <Problem title="No stack to control:">{view.detail}</Problem>
      ) : (
        <>
          <section aria-labelledby="services">
            <h2 id="services">Services</h2>
            <p className="legend">
              The same control as <code>pnpm stack</code>: stop (SIGTERM, graceful), start (waits until
              healthy), pause (SIGSTOP: ports open, nothing answers — a hung service) and resume.
            </p>
            <div
              className="table-wrap"
              role="region"
              aria-label="the services of pnpm start and their state"
              tabIndex={0}
            >
              <table className="stack">
                <caption className="visually-hidden">the services of pnpm start and their state</caption>
                <thead>
                  <tr>
                    <th scope="col">service</th>
                    <th scope="col">state</th>
                    <th scope="col">pid</th>
                    <th scope="col">actions</th>
                  </tr>
                </thead>
                <tbody>
                  {view.services.map((service) => (
                    <tr key={service.name} data-service={service.name} data-state={service.state}>
                      <td>{service.name}</td>
                      <td>{service.state}</td>
                      <td className="num">{service.pid ?? '—'}</td>
                      <td>
                        <div className="button-row">
                          {(['stop', 'start', 'pause', 'resume'] as const).map((action) => (
                            <button
                              key={action}
                              type="button"
                              disabled={busy !== undefined || !ALLOWED[service.state].includes(action)}
                              onClick={() =>
                                void act(
                                  `${action} ${service.name}`,
                                  `/api/stack/${shortName(service.name)}/${action}`,
                                  {},
                                )
                              }
                            >
                              {action}
                              <span className="visually-hidden"> {service.name}</span>
                            </button>
                          ))}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {busy === undefined ? null : (
              <p role="status" aria-busy="true">
                {busy}… (a start waits until the service is healthy)
              </p>
            )}
            {failure === undefined ? null : <Problem title="Refused:">{failure}</Problem>}
          </section>
          <section aria-labelledby="notifications">
            <h2 id="notifications">Make notifications fail</h2>
            <p className="legend">
              Restarts notification-service with <code>NOTIFICATION_FAIL_RECIPIENTS</code> set to the demo
              users: every job for them fails, is retried with backoff (the .retry queue) and ends in the .dlq
              — see Queues & dead letters. Heal it, then redrive.
            </p>
            <button
              type="button"
              disabled={busy !== undefined}
              onClick={() =>
                void act(
                  view.failingNotifications ? 'healing notifications' : 'making notifications fail',
                  '/api/faults/notifications',
                  { fail: !view.failingNotifications },
                )
              }
            >
              {view.failingNotifications ? 'Heal notifications' : 'Make notifications fail'}
            </button>
            <span className="small"> {view.failingNotifications ? 'notifications are failing now' : ''}</span>
          </section>
          <section aria-labelledby="slow">
            <h2 id="slow">Slow a dependency down</h2>
            <p className="legend">
              The console freezes the service (SIGSTOP) for the delay, lets it run 100 ms, and again: every
              call waits up to the delay. Past order-service's 2 s deadline a sync order fails with 503; async
              ones just finish later.
            </p>
            {view.slow === null ? (
              <div className="inline-form">
                <label>
                  service
                  <select
                    value={slowService}
                    onChange={(event) => {
                      setSlowService(event.target.value);
                    }}
                  >
                    {view.services.map((service) => (
                      <option key={service.name} value={service.name}>
                        {service.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  up to
                  <select
                    value={slowDelay}
                    onChange={(event) => {
                      setSlowDelay(Number(event.target.value));
                    }}
                  >
                    {SLOW_DELAYS_MS.map((delay) => (
                      <option key={delay} value={delay}>
                        {delay} ms
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  disabled={busy !== undefined}
                  onClick={() =>
                    void act(`slowing ${slowService} down`, '/api/faults/slow', {
                      service: slowService,
                      delayMs: slowDelay,
                    })
                  }
                >
                  Slow it down
                </button>
              </div>
            ) : (
              <p>
                {view.slow.service} answers up to {view.slow.delayMs} ms late.{' '}
                <button
                  type="button"
                  disabled={busy !== undefined}
                  onClick={() =>
                    void act('back to normal', '/api/faults/slow', {
                      service: view.slow?.service ?? '',
                      delayMs: 0,
                    })
                  }
                >
                  Back to normal speed
                </button>
              </p>
            )}
          </section>
        </>
      )}
      {view.available ? null : <Note>The orders below still work against whatever runs.</Note>}
      <TryOrders />
    </div>
  );
}
