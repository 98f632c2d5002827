import { LagUsageError, parseLagArgs } from './lag-args';

describe('pnpm lag arguments', () => {
  it("defaults to reporting's group on orders and inventory, printed once", () => {
    expect(parseLagArgs([])).toEqual({ group: 'reporting', topics: ['orders', 'inventory'], help: false });
  });

  it("defaults a commlab group to the topics it reads, any other group to reporting's", () => {
    expect(parseLagArgs(['--group', 'inventory-order-events'])).toMatchObject({ topics: ['orders'] });
    expect(parseLagArgs(['--group', 'order'])).toMatchObject({ topics: ['inventory'] });
    expect(parseLagArgs(['--group', 'my-own'])).toMatchObject({ topics: ['orders', 'inventory'] });
  });

  it('takes a group, topics (repeatable, deduplicated), --watch and --help', () => {
    expect(
      parseLagArgs(['--group', 'order', '--topic', 'inventory', '--topic=inventory', '--watch', '0.5']),
    ).toEqual({ group: 'order', topics: ['inventory'], watchSeconds: 0.5, help: false });
    expect(parseLagArgs(['--help'])).toMatchObject({ help: true });
  });

  it('refuses bad names, a bad interval, positionals and unknown flags', () => {
    expect(() => parseLagArgs(['--group', 'my group'])).toThrow('--group must be');
    expect(() => parseLagArgs(['--topic', 'orders/0'])).toThrow('--topic must be');
    expect(() => parseLagArgs(['--topic', '..'])).toThrow(LagUsageError);
    expect(() => parseLagArgs(['--watch', '-2'])).toThrow(LagUsageError);
    expect(() => parseLagArgs(['--watch', 'soon'])).toThrow('--watch takes a number of seconds');
    expect(() => parseLagArgs(['reporting'])).toThrow(LagUsageError);
    expect(() => parseLagArgs(['--follow'])).toThrow(LagUsageError);
  });
});
