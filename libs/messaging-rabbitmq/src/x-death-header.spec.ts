import { hasMalformedXDeath, withoutMalformedXDeath } from './x-death-header';

const brokerWritten = [
  { count: 1, reason: 'rejected', queue: 'notifications.send', exchange: '', 'routing-keys': ['x'] },
];

describe('x-death header', () => {
  it.each<[string, Record<string, unknown> | undefined, boolean]>([
    ['no headers', undefined, false],
    ['no x-death', { other: 1 }, false],
    ['as the broker writes it', { 'x-death': brokerWritten }, false],
    ['an empty array', { 'x-death': [] }, false],
    ['an array of integers (what crashed the queue)', { 'x-death': [1, 2] }, true],
    ['a string', { 'x-death': 'died' }, true],
    ['a table, not an array', { 'x-death': brokerWritten[0] }, true],
    ['an entry without count', { 'x-death': [{ reason: 'rejected', queue: 'q' }] }, true],
    ['a count that is a string', { 'x-death': [{ count: '1', reason: 'rejected', queue: 'q' }] }, true],
    ['null', { 'x-death': null }, true],
  ])('%s → malformed: %s', (_name, headers, malformed) => {
    expect(hasMalformedXDeath(headers)).toBe(malformed);
  });

  it('drops only a malformed x-death, keeping every other header', () => {
    expect(withoutMalformedXDeath({ 'x-death': [1], keep: 'me' })).toEqual({ keep: 'me' });
    const wellFormed = { 'x-death': brokerWritten, keep: 'me' };
    expect(withoutMalformedXDeath(wellFormed)).toBe(wellFormed);
    expect(withoutMalformedXDeath(undefined)).toBeUndefined();
  });
});
