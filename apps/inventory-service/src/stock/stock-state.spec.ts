import { applyStockEvent, EMPTY_STOCK_STATE, replayStock, stockDelta } from './stock-state';

describe('applyStockEvent', () => {
  it('adds, reserves, releases, and leaves stock alone on a rejection', () => {
    let state = applyStockEvent(EMPTY_STOCK_STATE, { version: 1, type: 'StockAdded', quantity: 10 });
    expect(state).toEqual({ available: 10, version: 1 });
    state = applyStockEvent(state, { version: 2, type: 'StockReserved', quantity: 4 });
    expect(state).toEqual({ available: 6, version: 2 });
    state = applyStockEvent(state, { version: 3, type: 'ReservationRejected', quantity: 50 });
    expect(state).toEqual({ available: 6, version: 3 });
    state = applyStockEvent(state, { version: 4, type: 'StockReleased', quantity: 4 });
    expect(state).toEqual({ available: 10, version: 4 });
  });

  it('does not change the state it is given', () => {
    const state = { available: 3, version: 7 };
    applyStockEvent(state, { version: 8, type: 'StockReserved', quantity: 3 });
    expect(state).toEqual({ available: 3, version: 7 });
  });

  it('refuses a version that is not the next one (gap or repeat)', () => {
    const state = { available: 5, version: 2 };
    expect(() => applyStockEvent(state, { version: 4, type: 'StockAdded', quantity: 1 })).toThrow(
      'stock event version 4 does not follow version 2',
    );
    expect(() => applyStockEvent(state, { version: 2, type: 'StockAdded', quantity: 1 })).toThrow(
      /does not follow/,
    );
  });

  it('refuses an event that would take stock below zero, and non-positive quantities', () => {
    expect(() =>
      applyStockEvent({ available: 1, version: 1 }, { version: 2, type: 'StockReserved', quantity: 2 }),
    ).toThrow(/below zero/);
    expect(() =>
      applyStockEvent({ available: 1, version: 1 }, { version: 2, type: 'StockAdded', quantity: 0 }),
    ).toThrow(/quantity 0/);
  });
});

describe('replayStock', () => {
  const stream = [
    { version: 1, type: 'StockAdded', quantity: 10 },
    { version: 2, type: 'StockReserved', quantity: 3 },
    { version: 3, type: 'StockReserved', quantity: 7 },
    { version: 4, type: 'ReservationRejected', quantity: 1 },
    { version: 5, type: 'StockReleased', quantity: 3 },
  ] as const;

  it('folds a whole stream from the empty state; no events → available 0, version 0', () => {
    expect(replayStock(stream)).toEqual({ available: 3, version: 5 });
    expect(replayStock([])).toEqual({ available: 0, version: 0 });
  });

  it('gives the same state from a snapshot plus the later events as from the whole stream', () => {
    const snapshot = replayStock(stream.slice(0, 2));
    expect(replayStock(stream.slice(2), snapshot)).toEqual(replayStock(stream));
  });

  it('knows the effect of each event type', () => {
    expect(
      (['StockAdded', 'StockReserved', 'StockReleased', 'ReservationRejected'] as const).map((type) =>
        stockDelta(type, 2),
      ),
    ).toEqual([2, -2, 2, 0]);
  });
});
