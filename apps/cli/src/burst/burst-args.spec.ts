import { BURST_DEFAULTS, BurstUsageError, parseBurstArgs } from './burst-args';

describe('pnpm burst arguments', () => {
  it('has defaults for everything', () => {
    expect(parseBurstArgs([])).toEqual({ ...BURST_DEFAULTS, help: false });
  });

  it('takes every option in both spellings, and --help', () => {
    expect(
      parseBurstArgs([
        '--orders',
        '500',
        '--max-length=20',
        '--work-ms',
        '5',
        '--prefetch=1',
        '--redis-buffer-kb',
        '64',
        '--only',
        'redis',
      ]),
    ).toEqual({
      orders: 500,
      maxLength: 20,
      workMs: 5,
      prefetch: 1,
      redisBufferKb: 64,
      only: 'redis',
      help: false,
    });
    expect(parseBurstArgs(['-h']).help).toBe(true);
  });

  it('refuses bad numbers, a queue bound that the burst never reaches, unknown sides, flags and positionals', () => {
    expect(() => parseBurstArgs(['--orders', 'many'])).toThrow('--orders takes an integer from 1');
    expect(() => parseBurstArgs(['--orders', '0'])).toThrow(BurstUsageError);
    expect(() => parseBurstArgs(['--orders', '1.5'])).toThrow(BurstUsageError);
    expect(() => parseBurstArgs(['--work-ms', '-1'])).toThrow(BurstUsageError);
    expect(() => parseBurstArgs(['--orders', '50', '--max-length', '50'])).toThrow('must be below --orders');
    expect(parseBurstArgs(['--orders', '50', '--max-length', '50', '--only', 'redis']).orders).toBe(50);
    expect(() => parseBurstArgs(['--only', 'kafka'])).toThrow('--only takes rabbitmq or redis');
    expect(() => parseBurstArgs(['--orders'])).toThrow(BurstUsageError);
    expect(() => parseBurstArgs(['--fast'])).toThrow(BurstUsageError);
    expect(() => parseBurstArgs(['2000'])).toThrow(BurstUsageError);
  });
});
