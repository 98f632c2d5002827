import {
  expectedReporting,
  formatChaosReport,
  isSettled,
  reconcile,
  scenarioPassed,
  type SentOrder,
  type TruthSnapshot,
} from './chaos-accounting';

/** One sync order A (CONFIRMED) and one async order B (REJECTED), every effect in place exactly once. */
function healthy(): TruthSnapshot {
  return {
    orders: [
      { id: 'A', status: 'CONFIRMED', mode: 'sync' },
      { id: 'B', status: 'REJECTED', mode: 'async' },
    ],
    notifications: [
      { orderId: 'A', template: 'order-update', status: 'placed' },
      { orderId: 'A', template: 'order-placed', status: null },
      { orderId: 'B', template: 'order-update', status: 'rejected' },
      { orderId: 'B', template: 'order-rejected', status: null },
    ],
    reservations: [{ orderId: 'A', status: 'active' }],
    reporting: { placed: 2, confirmed: 1, rejected: 1 },
    deadLetters: 0,
    queued: 0,
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
      states: { CONFIRMED: 1, REJECTED: 1, PENDING: 0, MISSING: 0 },
      lost: [],
      duplicated: [],
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
    truth.orders.push({ id: 'C', status: 'PENDING', mode: 'async' });
    truth.reporting.placed = 3;
    const account = reconcile([...sent, { mode: 'async', httpStatus: 202, id: 'C' }], truth, everything);
    expect(account.lost).toEqual([{ orderId: 'C', what: 'still PENDING: no final state' }]);
    expect(isSettled(account)).toBe(false);
    expect(scenarioPassed({ scenario: 's', fault: 'f', account, inFlight: '', recoveredMs: undefined })).toBe(
      false,
    );
  });

  it('a notification stored twice, stock reserved twice or held for a rejected order are duplicated effects', () => {
    const truth = healthy();
    truth.notifications.push({ orderId: 'A', template: 'order-placed', status: null });
    truth.reservations.push(
      { orderId: 'A', status: 'active' },
      { orderId: 'B', status: 'active' },
      { orderId: 'Z', status: 'active' },
    );
    const account = reconcile(sent, truth, everything);
    expect(account.duplicated.map((p) => `${p.orderId}: ${p.what}`)).toEqual([
      'A: order-placed notification stored 2 times',
      'A: stock reserved 2 times',
      'B: REJECTED but its stock is still reserved',
      'Z: stock reserved (1) for an order that does not exist',
    ]);
    expect(account.lost).toEqual([]);
  });

  it('a missing notification or reservation is lost; a released reservation does not count', () => {
    const truth = healthy();
    truth.notifications = truth.notifications.filter((n) => n.template !== 'order-rejected');
    truth.reservations = [{ orderId: 'A', status: 'released' }];
    expect(reconcile(sent, truth, everything).lost.map((p) => p.what)).toEqual([
      'CONFIRMED without an active reservation',
      'no order-rejected notification',
    ]);
  });

  it('reporting counting too few is lost, too many is duplicated', () => {
    const truth = healthy();
    truth.reporting = { placed: 1, confirmed: 2, rejected: 1 };
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

  it('stock held for an order that does not exist keeps the scenario unsettled (its release may be under way)', () => {
    const truth = healthy();
    truth.reservations.push({ orderId: 'Z', status: 'active' });
    expect(isSettled(reconcile(sent, truth, everything))).toBe(false);
  });

  it('messages still queued keep the scenario unsettled', () => {
    expect(isSettled(reconcile(sent, { ...healthy(), queued: 3 }, everything))).toBe(false);
  });
});

describe('expectedReporting', () => {
  it('counts every order placed, then its outcome', () => {
    expect(
      expectedReporting([
        { id: '1', status: 'PENDING', mode: 'async' },
        { id: '2', status: 'CONFIRMED', mode: 'sync' },
        { id: '3', status: 'REJECTED', mode: 'async' },
      ]),
    ).toEqual({ placed: 3, confirmed: 1, rejected: 1 });
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
      /^scenario +sent +refused +CONFIRMED +REJECTED +PENDING +missing +lost +dup +DLQ/,
    );
    expect(lines[1]).toMatch(/^kill-notification +3 +1 +1 +1 +0 +0 +0 +0 +0 +1200 msgs queued +4\.2 s +ok$/);
    expect(lines[2]).toMatch(/^redis-stop .* +0 +1 +0 +0 +never +FAIL$/);
    expect(lines).toContain('  kill-notification: kill -9');
    expect(lines).toContain('  dup  A  order-placed notification stored 2 times');
  });
});
