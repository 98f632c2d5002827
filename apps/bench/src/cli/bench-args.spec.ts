import { BenchUsageError, parseBenchArgs } from './bench-args';

function run(argv: string[]) {
  const parsed = parseBenchArgs(argv);
  if (parsed.command !== 'run') throw new Error(`expected run, got ${parsed.command}`);
  return parsed.settings;
}

describe('parseBenchArgs', () => {
  it('defaults, and --quick shortens the runs', () => {
    expect(run([])).toMatchObject({
      target: 'processes',
      quick: false,
      durationS: 3,
      repetitions: 5,
      scenarios: [],
    });
    expect(run(['--quick'])).toMatchObject({ quick: true, durationS: 0.5, warmupS: 0.3, repetitions: 2 });
  });

  it('reads every option, both --flag value and --flag=value, and repeated --scenario', () => {
    expect(
      run([
        '--scenario',
        'rr.grpc.raw',
        '--scenario=ow.*',
        '--target',
        'compose',
        '--duration=2.5',
        '--concurrency',
        '8',
        '--rate',
        '500',
        '--repetitions',
        '4',
        '--out',
        '/tmp/b',
        '--warmup',
        '0',
      ]),
    ).toMatchObject({
      scenarios: ['rr.grpc.raw', 'ow.*'],
      target: 'stack',
      durationS: 2.5,
      concurrency: 8,
      ratePerSecond: 500,
      repetitions: 4,
      outDir: '/tmp/b',
      warmupS: 0,
    });
    expect(run(['--count', '1000']).count).toBe(1000);
  });

  it('--think-ms adds the paced loop to the closed and open ones; without it there is none', () => {
    expect(run([])).toMatchObject({ modes: ['closed', 'open'] });
    expect(run([]).thinkMs).toBeUndefined();
    expect(run(['--think-ms', '20'])).toMatchObject({ modes: ['closed', 'open', 'paced'], thinkMs: 20 });
  });

  it('reads every --target and its alias', () => {
    const target = (value: string) => run(['--target', value]).target;
    expect(['processes', 'stack', 'compose'].map(target)).toEqual(['processes', 'stack', 'stack']);
  });

  it('--help and --list', () => {
    expect(parseBenchArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseBenchArgs(['-h'])).toEqual({ command: 'help' });
    expect(parseBenchArgs(['--list'])).toEqual({ command: 'list' });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /positional/i],
    [['--target', 'cloud'], /--target must be processes or stack \(compose\); got "cloud"/],
    [['--target', 'in-process'], /--target in-process was removed: .* use --target processes/],
    [['--target', 'local'], /--target local \(in-process\) was removed/],
    [['--duration', '0'], /--duration must be > 0/],
    [['--duration', 'abc'], /--duration takes a number/],
    [['--concurrency', '1.5'], /--concurrency takes a whole number/],
    [['--rate=-3'], /--rate takes a number/],
    [['--duration', '1', '--count', '5'], /not both/],
    [['--scenario'], /argument missing/],
    [['--think-ms', '0'], /--think-ms must be >= 1/],
    [['--think-ms', '5000'], /--think-ms is at most 1000/],
    [['--think-ms', 'soon'], /--think-ms takes a number/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
