import { type SyntheticEvent, useEffect, useMemo, useState } from 'react';

import type { StockAsOfView, StockEventView, StockView } from '../../../src/common/api';
import { api, messageOf } from '../api/client';
import { type ChartOption, EChart } from '../components/EChart';
import { Loading, Note, Problem } from '../components/Notice';
import { usePolling } from '../components/use-polling';

/** What an event does to the units available (the chart's line; the number shown is inventory's own replay). */
function delta(event: StockEventView): number {
  if (event.type === 'StockReserved' || event.type === 'StockRemoved') return -event.quantity;
  if (event.type === 'StockAdded' || event.type === 'StockReleased') return event.quantity;
  // A count (quantity: the level counted) and a revert change available by their difference.
  if (event.type === 'StockCounted' || event.type === 'EventReverted') return event.difference ?? 0;
  return 0;
}

/** The quantity column: the signed change, and for a count also the level counted. */
function change(event: StockEventView): string {
  const units = delta(event);
  const signed = units > 0 ? `+${String(units)}` : units < 0 ? `−${String(-units)}` : '±0';
  if (event.type === 'StockCounted') return `=${String(event.quantity)} (${signed})`;
  if (event.type === 'ReservationRejected') return String(event.quantity);
  return signed;
}

function AsOf({ sku, events, version }: { sku: string; events: StockEventView[]; version: number }) {
  const [answer, setAnswer] = useState<{ at: string; view: StockAsOfView }>();
  const [failure, setFailure] = useState<string>();
  const at = version === 0 ? undefined : events[version - 1]?.occurredAt;

  useEffect(() => {
    if (at === undefined) return;
    const controller = new AbortController();
    api<StockAsOfView>(`/api/stock/${encodeURIComponent(sku)}/as-of?at=${encodeURIComponent(at)}`, {
      signal: controller.signal,
    }).then(
      (view) => {
        setAnswer({ at, view });
        setFailure(undefined);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure(messageOf(error));
      },
    );
    return () => {
      controller.abort();
    };
  }, [sku, at]);

  if (at === undefined) return <p role="status">Before the first event: nothing in stock (version 0).</p>;
  if (failure !== undefined) return <Problem>{failure}</Problem>;
  if (answer?.at !== at) return <p role="status">Replaying…</p>;
  const { asOf, available, version: replayed } = answer.view;
  return (
    <p role="status" className="as-of">
      As of {new Date(asOf).toLocaleString()}: <strong>{available} available</strong> (version {replayed},
      replayed by inventory-service from the events up to then)
    </p>
  );
}

function Stream({ sku }: { sku: string }) {
  const stock = usePolling(
    (signal) => api<StockView>(`/api/stock/${encodeURIComponent(sku)}`, { signal }),
    3_000,
  );
  const events = useMemo(() => stock.data?.events ?? [], [stock.data]);
  const [version, setVersion] = useState<number | null>(null);
  const shown = version ?? events.length;

  const option = useMemo<ChartOption>(() => {
    const points = events.reduce<[string, number][]>(
      (line, event) => [...line, [event.occurredAt, (line.at(-1)?.[1] ?? 0) + delta(event)]],
      [],
    );
    const marked = shown === 0 ? undefined : events[shown - 1]?.occurredAt;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 40, top: 30, bottom: 32 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'available', minInterval: 1, scale: true },
      series: [
        {
          type: 'line',
          step: 'end',
          name: 'available',
          data: points,
          showSymbol: events.length < 60,
          markLine:
            marked === undefined
              ? undefined
              : { symbol: 'none', data: [{ xAxis: marked }], label: { formatter: 'as of' } },
        },
      ],
    };
  }, [events, shown]);

  if (stock.loading) return <Loading what={`the events of ${sku}`} />;
  if (stock.data === undefined) return <Problem>{stock.error ?? 'no answer'}</Problem>;
  return (
    <>
      {stock.error === undefined ? null : <Problem>{stock.error}</Problem>}
      <p>
        {sku}: <strong>{stock.data.available}</strong> available now,{' '}
        {(stock.data.unitPriceCents / 100).toFixed(2)} {stock.data.currency}, {events.length} events in its
        stream.
      </p>
      <label className="slider">
        As of event {shown} of {events.length}
        <input
          type="range"
          min={0}
          max={events.length}
          value={shown}
          onChange={(event) => {
            const value = Number(event.target.value);
            setVersion(value === events.length ? null : value);
          }}
        />
      </label>
      <AsOf sku={sku} events={events} version={shown} />
      <EChart option={option} label={`units of ${sku} available over time, from its events`} height={240} />
      <div
        className="table-wrap"
        role="region"
        aria-label={`the stream of ${sku}, oldest first`}
        tabIndex={0}
      >
        <table className="events">
          <caption className="visually-hidden">the stream of {sku}, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">version</th>
              <th scope="col">event</th>
              <th scope="col">quantity</th>
              <th scope="col">reservation / reason</th>
              <th scope="col">occurred</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr
                key={event.version}
                className={event.version > shown ? 'future' : event.version === shown ? 'current' : ''}
              >
                <td className="num">{event.version}</td>
                <td>{event.type}</td>
                <td className="num">{change(event)}</td>
                <td>
                  {event.reservationId === null ? (
                    (event.reason ?? '—')
                  ) : (
                    <code>{event.reservationId.slice(0, 8)}</code>
                  )}
                </td>
                <td>{new Date(event.occurredAt).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function EventSourcingView() {
  const [draft, setDraft] = useState('mug-red');
  const [sku, setSku] = useState('mug-red');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSku(draft.trim());
  };
  return (
    <div className="es-view">
      <p className="legend">
        inventory-service keeps no stock column: each SKU is a stream of events (added, reserved, released),
        and the stock is what replaying them gives. Replay up to any event and you get the stock as it was
        then.
      </p>
      <form className="inline-form" onSubmit={submit}>
        <label>
          SKU
          <input
            list="es-skus"
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
            }}
          />
        </label>
        <datalist id="es-skus">
          {['mug-red', 'tee-black', 'sticker-kafka', 'poster-async'].map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
        <button type="submit">Show its stream</button>
      </form>
      {sku === '' ? <Note>Name a SKU.</Note> : <Stream key={sku} sku={sku} />}
    </div>
  );
}
