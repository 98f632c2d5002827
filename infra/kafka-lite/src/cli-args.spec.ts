import { parseCliArgs, UsageError } from './cli-args';

describe('parseCliArgs', () => {
  it('has safe defaults', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      host: '127.0.0.1',
      port: 9092,
      dataDir: undefined,
      defaultPartitions: 1,
      logLevel: 'info',
    });
  });

  it('reads every flag', () => {
    expect(
      parseCliArgs([
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--data-dir',
        '/tmp/x',
        '--partitions',
        '3',
        '--log-level',
        'debug',
      ]),
    ).toMatchObject({ host: '0.0.0.0', port: 0, dataDir: '/tmp/x', defaultPartitions: 3, logLevel: 'debug' });
  });

  it.each([
    [['--nope']],
    [['extra']],
    [['--port', '70000']],
    [['--port', '-1']],
    [['--partitions', 'two']],
    [['--log-level', 'chatty']],
  ])('rejects %j with a one-line UsageError', (args) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError);
    try {
      parseCliArgs(args);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
