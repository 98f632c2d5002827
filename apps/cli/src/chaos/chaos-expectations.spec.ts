import { expectedNotifications, expectedReporting } from './chaos-expectations';

const update = (status: string) => ({ template: 'order-update', status });
const email = (template: string) => ({ template, status: null });

describe('expectedNotifications', () => {
  it.each([
    [
      'a sync order',
      { mode: 'sync', status: 'CONFIRMED', cancelledFrom: null },
      [update('placed'), email('order-placed')],
    ],
    [
      'a cancelled sync order',
      { mode: 'sync', status: 'CANCELLED', cancelledFrom: 'CONFIRMED' },
      [update('placed'), email('order-placed'), update('cancelled')],
    ],
    ['a PENDING async order', { mode: 'async', status: 'PENDING', cancelledFrom: null }, []],
    [
      'a confirmed async order',
      { mode: 'async', status: 'CONFIRMED', cancelledFrom: null },
      [update('confirmed'), email('order-confirmed')],
    ],
    [
      'a rejected async order',
      { mode: 'async', status: 'REJECTED', cancelledFrom: null },
      [update('rejected'), email('order-rejected')],
    ],
    [
      'an async order cancelled once confirmed',
      { mode: 'async', status: 'CANCELLED', cancelledFrom: 'CONFIRMED' },
      [update('confirmed'), email('order-confirmed'), update('cancelled')],
    ],
    [
      'an async order cancelled while PENDING',
      { mode: 'async', status: 'CANCELLED', cancelledFrom: 'PENDING' },
      [update('cancelled')],
    ],
    [
      'an expired async order',
      { mode: 'async', status: 'EXPIRED', cancelledFrom: null },
      [update('cancelled')],
    ],
  ] as const)('%s', (_, order, expected) => {
    expect(expectedNotifications(order)).toEqual(expected);
  });
});

describe('expectedReporting', () => {
  it('counts an order placed with its outcome, and cancelled once for a cancellation or an expiry', () => {
    expect(
      expectedReporting([
        { status: 'PENDING', mode: 'async', cancelledFrom: null },
        { status: 'CONFIRMED', mode: 'sync', cancelledFrom: null },
        { status: 'REJECTED', mode: 'async', cancelledFrom: null },
        { status: 'CANCELLED', mode: 'sync', cancelledFrom: 'CONFIRMED' },
        { status: 'CANCELLED', mode: 'async', cancelledFrom: 'CONFIRMED' },
        { status: 'CANCELLED', mode: 'async', cancelledFrom: 'PENDING' },
        { status: 'EXPIRED', mode: 'async', cancelledFrom: null },
      ]),
    ).toEqual({ placed: 4, confirmed: 3, rejected: 1, cancelled: 4 });
  });
});
