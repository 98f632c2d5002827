import { CHAOS_SCENARIOS, ChaosUsageError, DEFAULT_CHAOS_ORDERS, parseChaosArgs } from './chaos-args';

describe('parseChaosArgs', () => {
  it('runs every scenario with the default order count', () => {
    expect(parseChaosArgs([])).toEqual({
      kind: 'run',
      scenarios: [...CHAOS_SCENARIOS],
      orders: DEFAULT_CHAOS_ORDERS,
      saga: 'mixed',
    });
  });

  it('runs the scenarios asked for, once each, in the documented order', () => {
    expect(
      parseChaosArgs([
        '--scenario',
        'redis-stop',
        '--scenario',
        'kill-notification',
        '--scenario',
        'redis-stop',
        '--orders',
        '50',
      ]),
    ).toEqual({ kind: 'run', scenarios: ['kill-notification', 'redis-stop'], orders: 50, saga: 'mixed' });
  });

  it.each(['orchestration', 'choreography', 'mixed'])('places the async orders with --saga %s', (saga) => {
    expect(parseChaosArgs(['--saga', saga, '--scenario', 'saga-kafka-down'])).toEqual({
      kind: 'run',
      scenarios: ['saga-kafka-down'],
      orders: DEFAULT_CHAOS_ORDERS,
      saga,
    });
  });

  it('answers --help', () => {
    expect(parseChaosArgs(['--orders', '20', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--scenario'], '--scenario needs a name'],
    [['--scenario', 'kill-everything'], 'unknown scenario "kill-everything"'],
    [['--orders', 'many'], '--orders needs a whole number'],
    [['--orders', '5'], '--orders must be 10 to 20000, got 5'],
    [['--orders', '20001'], '--orders must be 10 to 20000'],
    [['--target', 'http://127.0.0.1:1'], 'unexpected argument "--target"'],
    [['--saga'], '--saga must be one of mixed, orchestration, choreography'],
    [['--saga', 'choreographed'], '--saga must be one of mixed, orchestration, choreography'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseChaosArgs(argv)).toThrow(ChaosUsageError);
    expect(() => parseChaosArgs(argv)).toThrow(message);
  });
});
