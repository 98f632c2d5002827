import { EventsWatchUsageError, parseEventsWatchArgs } from './events-watch-args';

describe('pnpm events:watch arguments', () => {
  it('defaults to every event on a transient queue', () => {
    expect(parseEventsWatchArgs([])).toEqual({ patterns: ['#'], help: false });
  });

  it('takes several patterns and a durable queue name', () => {
    expect(
      parseEventsWatchArgs(['--pattern', 'order.*', '--pattern', 'stock.#', '--durable', 'audit']),
    ).toEqual({ patterns: ['order.*', 'stock.#'], queue: 'cli.audit', help: false });
  });

  it('refuses a bad pattern, a bad queue name and unknown flags with a usage error', () => {
    expect(() => parseEventsWatchArgs(['--pattern', 'order..placed'])).toThrow(EventsWatchUsageError);
    expect(() => parseEventsWatchArgs(['--durable', 'Audit Log'])).toThrow('--durable');
    expect(() => parseEventsWatchArgs(['--follow'])).toThrow(EventsWatchUsageError);
  });
});
