import { parseQueuesArgs, QueuesUsageError } from './queues-args';

describe('pnpm queues arguments', () => {
  it('prints once by default', () => {
    expect(parseQueuesArgs([])).toEqual({ help: false });
  });

  it('takes --watch SECONDS in both spellings, and --help', () => {
    expect(parseQueuesArgs(['--watch', '2'])).toEqual({ watchSeconds: 2, help: false });
    expect(parseQueuesArgs(['--watch=0.5'])).toEqual({ watchSeconds: 0.5, help: false });
    expect(parseQueuesArgs(['-h'])).toEqual({ help: true });
  });

  it('refuses a bad interval, a missing value, positionals and unknown flags', () => {
    expect(() => parseQueuesArgs(['--watch', 'often'])).toThrow('--watch takes a number of seconds');
    expect(() => parseQueuesArgs(['--watch', '0'])).toThrow(QueuesUsageError);
    expect(() => parseQueuesArgs(['--watch'])).toThrow(QueuesUsageError);
    expect(() => parseQueuesArgs(['notifications.send'])).toThrow(QueuesUsageError);
    expect(() => parseQueuesArgs(['--all'])).toThrow(QueuesUsageError);
  });
});
