import { isSweep, parseSweepArgs, SweepUsageError } from './sweep-args';
import { SWEEP_DEFAULTS } from './sweep-settings';

function sweep(argv: string[]) {
  const parsed = parseSweepArgs(['--sweep', ...argv]);
  if (parsed.command !== 'sweep') throw new Error(`expected sweep, got ${parsed.command}`);
  return parsed.settings;
}

function refusal(argv: string[]): string {
  try {
    parseSweepArgs(['--sweep', ...argv]);
  } catch (error) {
    if (error instanceof SweepUsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseSweepArgs', () => {
  it('is chosen by --sweep anywhere on the line', () => {
    expect(isSweep(['--quick'])).toBe(false);
    expect(isSweep(['--p99-limit', '50', '--sweep'])).toBe(true);
  });

  it('defaults: every default pattern, the processes target, the documented limits', () => {
    expect(sweep([])).toEqual({
      target: 'processes',
      scenarios: [],
      outDir: 'bench-results',
      ...SWEEP_DEFAULTS,
    });
  });

  it('reads every option, both --flag value and --flag=value, and repeated --scenario', () => {
    expect(
      sweep([
        '--scenario',
        'e2e.order.sync',
        '--scenario=e2e.order.sync.*',
        '--target=compose',
        '--p99-limit',
        '50.5',
        '--start-rate',
        '2',
        '--rate-factor',
        '2',
        '--max-steps',
        '6',
        '--max-rate',
        '800',
        '--step',
        '0.5',
        '--warmup',
        '0',
        '--max-in-flight',
        '32',
        '--out',
        '/tmp/s',
      ]),
    ).toMatchObject({
      target: 'stack',
      scenarios: ['e2e.order.sync', 'e2e.order.sync.*'],
      p99LimitMs: 50.5,
      startRate: 2,
      rateFactor: 2,
      maxSteps: 6,
      maxRate: 800,
      stepS: 0.5,
      warmupS: 0,
      maxInFlight: 32,
      outDir: '/tmp/s',
    });
  });

  it('--help and --list win over the rest', () => {
    expect(parseSweepArgs(['--sweep', '--p99-limit', '5', '--help'])).toEqual({ command: 'help' });
    expect(parseSweepArgs(['--sweep', '-h'])).toEqual({ command: 'help' });
    expect(parseSweepArgs(['--sweep', '--list'])).toEqual({ command: 'list' });
  });

  it('refuses bad values with the flag named and the value quoted', () => {
    expect(refusal(['--p99-limit', 'abc'])).toBe('--p99-limit takes a number; got "abc"');
    expect(refusal(['--p99-limit', '0'])).toBe('--p99-limit must be > 0 ms; got "0"');
    expect(refusal(['--p99-limit', '-5'])).toMatch(/--p99-limit/);
    expect(refusal(['--start-rate', '1e3'])).toBe('--start-rate takes a number; got "1e3"');
    expect(refusal(['--rate-factor', '1'])).toBe('--rate-factor must be >= 1.05; got "1"');
    expect(refusal(['--rate-factor', '11'])).toBe('--rate-factor is at most 10; got "11"');
    expect(refusal(['--max-steps', '2.5'])).toBe('--max-steps takes a whole number; got "2.5"');
    expect(refusal(['--max-steps', '0'])).toBe('--max-steps must be >= 1; got "0"');
    expect(refusal(['--step', '0'])).toBe('--step must be > 0 s; got "0"');
    expect(refusal(['--warmup', '601'])).toBe('--warmup is at most 600 s; got "601"');
    expect(refusal(['--max-in-flight', '5000'])).toBe('--max-in-flight is at most 4096; got "5000"');
    expect(refusal(['--target', 'cloud'])).toBe('--target must be processes or stack (compose); got "cloud"');
    expect(refusal(['--target', 'local'])).toMatch(
      /^--target local \(in-process\) was removed: .*--target processes/,
    );
    expect(refusal(['--out', ''])).toBe('--out needs a directory; got ""');
    expect(refusal(['--start-rate', '500', '--max-rate', '100'])).toBe(
      '--start-rate must not be above --max-rate',
    );
  });

  it('refuses unknown flags, positionals and flags of the plain bench', () => {
    expect(refusal(['--bogus'])).toMatch(/Unknown option '--bogus'/);
    expect(refusal(['extra'])).toMatch(/positional/i);
    expect(refusal(['--rate', '100'])).toMatch(/Unknown option '--rate'/);
    expect(refusal(['--p99-limit'])).toMatch(/argument missing/);
  });
});
