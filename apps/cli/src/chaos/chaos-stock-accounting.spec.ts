import {
  type StockedOrder,
  type StockMove,
  type StockProblems,
  stockProblemsOf,
} from './chaos-stock-accounting';

function moveOf(
  sku: string,
  reserved: [events: number, units: number],
  released: [number, number] = [0, 0],
): StockMove {
  return {
    orderId: 'O',
    sku,
    reservedEvents: reserved[0],
    reservedUnits: reserved[1],
    releasedEvents: released[0],
    releasedUnits: released[1],
  };
}

function problemsOf(
  order: StockedOrder | undefined,
  activeReservations: number,
  moves: readonly StockMove[],
): StockProblems {
  const problems: StockProblems = { lost: [], duplicated: [], leaked: [] };
  stockProblemsOf('O', order, activeReservations, moves, problems);
  return problems;
}

const none = { lost: [], duplicated: [], leaked: [] };
const twoSkus = {
  id: 'O',
  status: 'CONFIRMED' as const,
  items: [
    { sku: 'mug', quantity: 2 },
    { sku: 'tee', quantity: 1 },
  ],
};

describe('stockProblemsOf', () => {
  it('a CONFIRMED order holding exactly what it ordered, SKU by SKU, is in order', () => {
    expect(problemsOf(twoSkus, 1, [moveOf('mug', [1, 2]), moveOf('tee', [1, 1])])).toEqual(none);
  });

  it('a CONFIRMED order short of a SKU has lost stock; holding more than ordered is duplicated', () => {
    expect(
      problemsOf(twoSkus, 1, [moveOf('mug', [1, 1]), moveOf('tee', [1, 1]), moveOf('cap', [1, 1])]),
    ).toEqual({
      ...none,
      lost: [{ orderId: 'O', what: 'CONFIRMED but holds 1 of the 2 units of mug it ordered' }],
      duplicated: [{ orderId: 'O', what: 'CONFIRMED but holds 1 unit of cap for 0 ordered' }],
    });
  });

  it.each(['REJECTED', 'CANCELLED', 'EXPIRED'] as const)(
    'a %s order holding stock leaks it, whether its reservation row says active or not',
    (status) => {
      const order = { id: 'O', status, items: [{ sku: 'mug', quantity: 1 }] };
      const leaked = {
        ...none,
        leaked: [{ orderId: 'O', what: `${status} but its stock is still reserved (1 unit)` }],
      };
      expect(problemsOf(order, 1, [moveOf('mug', [1, 1])])).toEqual(leaked);
      expect(problemsOf(order, 0, [moveOf('mug', [1, 1])])).toEqual(leaked);
      expect(problemsOf(order, 0, [moveOf('mug', [1, 1], [1, 1])])).toEqual(none);
    },
  );

  it('a SKU reserved or released twice is a duplicated effect, reported once per kind', () => {
    const cancelled = { id: 'O', status: 'CANCELLED' as const, items: [{ sku: 'mug', quantity: 1 }] };
    expect(problemsOf(cancelled, 0, [moveOf('mug', [1, 1], [2, 2])])).toEqual({
      ...none,
      duplicated: [{ orderId: 'O', what: 'mug released 2 times (StockReleased events)' }],
    });
    expect(problemsOf(twoSkus, 1, [moveOf('mug', [2, 4]), moveOf('tee', [1, 1])])).toEqual({
      ...none,
      duplicated: [{ orderId: 'O', what: 'mug reserved 2 times (StockReserved events)' }],
    });
  });

  it('stock held under an order id with no order is leaked', () => {
    expect(problemsOf(undefined, 1, [moveOf('mug', [1, 3])])).toEqual({
      ...none,
      leaked: [{ orderId: 'O', what: 'no such order but its stock is still reserved (3 units)' }],
    });
  });
});
