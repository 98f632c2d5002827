import {
  formatChaosReport,
  isSettled,
  reconcile,
  scenarioPassed,
  type SentOrder,
  type StockMove,
  type TruthSnapshot,
} from './chaos-accounting';

const mug = [{ sku: 'mug-red', quantity: 1 }];

/** One sync order A (CONFIRMED) and one async order B (REJECTED), every effect in place exactly once. */
function healthy(): TruthSnapshot {
  return {
    orders: [
      { id: 'A', status: 'CONFIRMED', mode: 'sync', cancelledFrom: null, items: mug },
      { id: 'B', status: 'REJECTED', mode: 'async', cancelledFrom: null, items: mug },
    ],
    notifications: [
      { orderId: 'A', template: 'order-update', status: 'placed' },
      { orderId: 'A', template: 'order-placed', status: null },
      { orderId: 'B', template: 'order-update', status: 'rejected' },
      { orderId: 'B', template: 'order-rejected', status: null },
    ],
    reservations: [{ orderId: 'A', status: 'active' }],
    stockMoves: [move('A', 1, 0)],
    reporting: { placed: 2, confirmed: 1, rejected: 1, cancelled: 0 },
    deadLetters: 0,
    queued: 0,
  };
}
/** What inventory's event store holds for `orderId`'s mug-red: `reserved` and `released` events of 1 unit. */
function move(orderId: string, reserved: number, released: number): StockMove {
  return {
    orderId,
    sku: 'mug-red',
    reservedEvents: reserved,
    reservedUnits: reserved,
    releasedEvents: released,
    releasedUnits: released,
  };
}

const sent: SentOrder[] = [
  { mode: 'sync', httpStatus: 201, id: 'A' },
  { mode: 'async', httpStatus: 202, id: 'B' },
  { mode: 'sync', httpStatus: 503 },
];
const everything = () => true;

describe('reconcile', () => {
  it('counts the final states, the refused requests, and nothing lost or doubled when every effect is there once', () => {
    const account = reconcile(sent, healthy(), everything);
    expect(account).toMatchObject({
      sent: 3,
      accepted: 2,
      refused: 1,
      states: { CONFIRMED: 1, REJECTED: 1, CANCELLED: 0, EXPIRED: 0, PENDING: 0, MISSING: 0 },
      lost: [],
      duplicated: [],
      leaked: [],
    });
    expect(isSettled(account)).toBe(true);
  });

  it('an accepted order missing from the orders table is lost', () => {
    const account = reconcile([...sent, { mode: 'async', httpStatus: 202, id: 'C' }], healthy(), everything);
    expect(account.states.MISSING).toBe(1);
    expect(account.outstanding).toBe(1);
    expect(account.lost).toEqual([{ orderId: 'C', what: 'accepted (202) but not in the orders table' }]);
  });

  it('a PENDING order is not settled, and fails the scenario if it stays so', () => {
    const truth = healthy();
    truth.orders.push({ id: 'C', status: 'PENDING', mode: 'async', cancelledFrom: null, items: mug });
    truth.reporting.placed = 3;
    const account = reconcile([...sent, { mode: 'async', httpStatus: 202, id: 'C' }], truth, everything);
    expect(account.lost).toEqual([{ orderId: 'C', what: 'still PENDING: no final state' }]);
    expect(isSettled(account)).toBe(false);
    expect(scenarioPassed({ scenario: 's', fault: 'f', account, inFlight: '', recoveredMs: undefined })).toBe(
      false,
    );
  });

  it('a notification stored twice or stock reserved twice is a duplicated effect', () => {
    const truth = healthy();
    truth.notifications.push({ orderId: 'A', template: 'order-placed', status: null });
    truth.reservations.push({ orderId: 'A', status: 'active' });
    truth.stockMoves = [move('A', 2, 0)];
    const account = reconcile(sent, truth, everything);
    expect(account.duplicated.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'A: order-placed notification stored 2 times',
      'A: mug-red reserved 2 times (StockReserved events)',
      'A: stock reserved 2 times',
    ]);
    expect({ lost: account.lost, leaked: account.leaked }).toEqual({ lost: [], leaked: [] });
  });

  it('stock still held for a REJECTED order or for no order at all is leaked, and keeps the scenario unsettled', () => {
    const truth = healthy();
    truth.reservations.push({ orderId: 'B', status: 'active' }, { orderId: 'Z', status: 'active' });
    truth.stockMoves.push(move('B', 1, 0), move('Z', 1, 0));
    const account = reconcile(sent, truth, everything);
    expect(account.leaked.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'B: REJECTED but its stock is still reserved (1 unit)',
      'Z: no such order but its stock is still reserved (1 unit)',
    ]);
    expect({ lost: account.lost, duplicated: account.duplicated }).toEqual({ lost: [], duplicated: [] });
    expect(isSettled(account)).toBe(false);
  });

  it('a missing notification or reservation is lost; a released reservation does not count', () => {
    const truth = healthy();
    truth.notifications = truth.notifications.filter((n) => n.template !== 'order-rejected');
    truth.reservations = [{ orderId: 'A', status: 'released' }];
    truth.stockMoves = [move('A', 1, 1)];
    expect(reconcile(sent, truth, everything).lost.map((p) => p.what)).toEqual([
      'CONFIRMED without an active reservation',
      'no order-rejected notification',
    ]);
  });

  it('a CONFIRMED order whose reservation holds fewer units than it ordered has lost stock', () => {
    const truth = healthy();
    truth.stockMoves = [];
    expect(reconcile(sent, truth, everything).lost.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'A: CONFIRMED but holds 0 of the 1 unit of mug-red it ordered',
    ]);
  });

  it('reporting counting too few is lost, too many is duplicated', () => {
    const truth = healthy();
    truth.reporting = { placed: 1, confirmed: 2, rejected: 1, cancelled: 0 };
    const account = reconcile(sent, truth, everything);
    expect(account.lost.map((p) => p.what)).toEqual(['reporting counts 1 placed order(s) too few']);
    expect(account.outstanding).toBe(1);
    expect(account.duplicated.map((p) => p.what)).toEqual(['reporting counts 1 confirmed order(s) too many']);
  });

  it("checks only the scenario's own orders (an earlier scenario's are out of scope)", () => {
    const truth = healthy();
    truth.notifications = [];
    const account = reconcile([], truth, (id) => id !== 'A' && id !== 'B');
    expect(account.lost).toEqual([]);
  });

  it('messages still queued keep the scenario unsettled', () => {
    expect(isSettled(reconcile(sent, { ...healthy(), queued: 3 }, everything))).toBe(false);
  });
});

describe('reconcile: cancelled and expired orders', () => {
  /** Async C, CONFIRMED then CANCELLED (stock released once); async D, EXPIRED (never reserved). */
  function compensated(): TruthSnapshot {
    const truth = healthy();
    truth.orders.push(
      { id: 'C', status: 'CANCELLED', mode: 'async', cancelledFrom: 'CONFIRMED', items: mug },
      { id: 'D', status: 'EXPIRED', mode: 'async', cancelledFrom: null, items: mug },
    );
    truth.notifications.push(
      { orderId: 'C', template: 'order-update', status: 'confirmed' },
      { orderId: 'C', template: 'order-confirmed', status: null },
      { orderId: 'C', template: 'order-update', status: 'cancelled' },
      { orderId: 'D', template: 'order-update', status: 'cancelled' },
    );
    truth.reservations.push({ orderId: 'C', status: 'released' });
    truth.stockMoves.push(move('C', 1, 1));
    truth.reporting = { placed: 3, confirmed: 2, rejected: 1, cancelled: 2 };
    return truth;
  }
  const withCD: SentOrder[] = [
    ...sent,
    { mode: 'async', saga: 'choreography', httpStatus: 202, id: 'C', cancelStatus: 200 },
    { mode: 'async', saga: 'orchestration', httpStatus: 202, id: 'D', cancelStatus: 409 },
  ];

  it('a cancellation that released the stock once, and an expiry, are in order', () => {
    const account = reconcile(withCD, compensated(), everything);
    expect(account).toMatchObject({
      states: { CONFIRMED: 1, REJECTED: 1, CANCELLED: 1, EXPIRED: 1, PENDING: 0, MISSING: 0 },
      lost: [],
      duplicated: [],
      leaked: [],
    });
    expect(isSettled(account)).toBe(true);
  });

  it('a leaked reservation — stock still held for a CANCELLED or EXPIRED order — fails the scenario', () => {
    const truth = compensated();
    truth.reservations = truth.reservations.map((r) => (r.orderId === 'C' ? { ...r, status: 'active' } : r));
    truth.stockMoves = truth.stockMoves.map((m) => (m.orderId === 'C' ? move('C', 1, 0) : m));
    truth.reservations.push({ orderId: 'D', status: 'active' });
    truth.stockMoves.push(move('D', 1, 0));
    const account = reconcile(withCD, truth, everything);
    expect(account.leaked.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'C: CANCELLED but its stock is still reserved (1 unit)',
      'D: EXPIRED but its stock is still reserved (1 unit)',
    ]);
    expect(account.outstanding).toBe(2);
    expect(isSettled(account)).toBe(false);
    expect(scenarioPassed({ scenario: 's', fault: 'f', account, inFlight: '', recoveredMs: 1 })).toBe(false);
  });

  it('a double release is a duplicated effect and fails the scenario', () => {
    const truth = compensated();
    truth.stockMoves = truth.stockMoves.map((m) => (m.orderId === 'C' ? move('C', 1, 2) : m));
    const account = reconcile(withCD, truth, everything);
    expect(account.duplicated.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'C: mug-red released 2 times (StockReleased events)',
    ]);
    expect(scenarioPassed({ scenario: 's', fault: 'f', account, inFlight: '', recoveredMs: 1 })).toBe(false);
  });

  it('the notifications and counts of a cancellation are expected: missing is lost, twice is duplicated', () => {
    const truth = compensated();
    truth.notifications = truth.notifications.filter(
      (n) => !(n.orderId === 'D' && n.template === 'order-update'),
    );
    truth.notifications.push({ orderId: 'C', template: 'order-update', status: 'cancelled' });
    truth.reporting.cancelled = 1;
    const account = reconcile(withCD, truth, everything);
    expect(account.lost.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'D: no order-update (cancelled) notification',
      '-: reporting counts 1 cancelled order(s) too few',
    ]);
    expect(account.duplicated.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'C: order-update (cancelled) notification stored 2 times',
    ]);
  });

  it("a cancellation's answer must match the order: 200 is CANCELLED, 409 is REJECTED or EXPIRED", () => {
    const answers: SentOrder[] = [
      { mode: 'sync', httpStatus: 201, id: 'A', cancelStatus: 200 },
      { mode: 'async', httpStatus: 202, id: 'C', cancelStatus: 409 },
      { mode: 'async', httpStatus: 202, id: 'D', cancelStatus: 409 },
      { mode: 'async', httpStatus: 202, id: 'B', cancelStatus: 503 },
    ];
    expect(reconcile(answers, compensated(), everything).lost.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'A: cancellation answered 200 but the order is CONFIRMED',
      'C: cancellation refused (409) but the order is CANCELLED',
    ]);
  });
});

describe('formatChaosReport', () => {
  it('prints one row per scenario with its result, the faults, and the problems of a failing one', () => {
    const ok = {
      scenario: 'kill-notification',
      fault: 'kill -9',
      account: reconcile(sent, healthy(), everything),
      inFlight: '1200 msgs queued',
      recoveredMs: 4200,
    };
    const truth = healthy();
    truth.notifications.push({ orderId: 'A', template: 'order-placed', status: null });
    const bad = {
      scenario: 'redis-stop',
      fault: 'redis down',
      account: reconcile(sent, truth, everything),
      inFlight: '0',
      recoveredMs: undefined,
    };
    const lines = formatChaosReport([ok, bad]);
    expect(lines[0]).toMatch(
      /^scenario +sent +refused +CONFIRMED +REJECTED +CANCELLED +EXPIRED +PENDING +missing +lost +dup +leaked +DLQ/,
    );
    expect(lines[1]).toMatch(
      /^kill-notification +3 +1 +1 +1 +0 +0 +0 +0 +0 +0 +0 +0 +1200 msgs queued +4\.2 s +ok$/,
    );
    expect(lines[2]).toMatch(/^redis-stop .* +0 +1 +0 +0 +0 +never +FAIL$/);
    expect(lines).toContain('  kill-notification: kill -9');
    expect(lines).toContain('  dup  A  order-placed notification stored 2 times');
  });
});
