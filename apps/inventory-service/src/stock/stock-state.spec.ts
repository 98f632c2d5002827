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
      (['StockAdded', 'StockReserved', 'StockReleased', 'ReservationRejected', 'StockRemoved'] as const).map(
        (type) => stockDelta({ type, quantity: 2 }),
      ),
    ).toEqual([2, -2, 2, 0, -2]);
    expect(stockDelta({ type: 'StockCounted', quantity: 7, difference: -3 })).toBe(-3);
    expect(stockDelta({ type: 'EventReverted', quantity: 4, difference: 4 })).toBe(4);
  });
});

describe('corrections in the fold', () => {
  const ten = { available: 10, version: 1 };

  it('removes damaged units, sets the counted level, and applies a revert by its difference', () => {
    let state = applyStockEvent(ten, { version: 2, type: 'StockRemoved', quantity: 3 });
    expect(state).toEqual({ available: 7, version: 2 });
    state = applyStockEvent(state, { version: 3, type: 'StockCounted', quantity: 5, difference: -2 });
    expect(state).toEqual({ available: 5, version: 3 });
    state = applyStockEvent(state, { version: 4, type: 'EventReverted', quantity: 3, difference: 3 });
    expect(state).toEqual({ available: 8, version: 4 });
  });

  it('keeps a count that matched the stream (difference 0) and a count of zero', () => {
    expect(applyStockEvent(ten, { version: 2, type: 'StockCounted', quantity: 10, difference: 0 })).toEqual({
      available: 10,
      version: 2,
    });
    expect(applyStockEvent(ten, { version: 2, type: 'StockCounted', quantity: 0, difference: -10 })).toEqual({
      available: 0,
      version: 2,
    });
  });

  it('refuses a count whose level does not match its difference, and a revert without one', () => {
    expect(() =>
      applyStockEvent(ten, { version: 2, type: 'StockCounted', quantity: 4, difference: -2 }),
    ).toThrow('stock event version 2 (StockCounted) has quantity 4, expected 8');
    expect(() => applyStockEvent(ten, { version: 2, type: 'EventReverted', quantity: 1 })).toThrow(
      /has difference undefined/,
    );
    expect(() =>
      applyStockEvent(ten, { version: 2, type: 'EventReverted', quantity: 2, difference: -3 }),
    ).toThrow(/expected 3/);
    expect(() =>
      applyStockEvent(ten, { version: 2, type: 'StockAdded', quantity: 2, difference: 2 }),
    ).toThrow(/has a difference/);
  });

  it('refuses a removal or a revert that takes stock below zero', () => {
    expect(() => applyStockEvent(ten, { version: 2, type: 'StockRemoved', quantity: 11 })).toThrow(
      /below zero/,
    );
    expect(() =>
      applyStockEvent(ten, { version: 2, type: 'EventReverted', quantity: 11, difference: -11 }),
    ).toThrow(/below zero/);
  });
});
