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
        '--fsync',
        '--partitions',
        '3',
        '--log-level',
        'debug',
        '--retention-ms=-1',
        '--retention-bytes',
        '1048576',
        '--message-max-bytes',
        '2000000',
        '--max-frame-bytes',
        '4194304',
        '--max-buffered-bytes',
        '67108864',
        '--connections-max-idle-ms',
        '60000',
        '--group-initial-rebalance-delay-ms',
        '0',
        '--group-min-session-timeout-ms',
        '1000',
        '--group-max-session-timeout-ms',
        '60000',
      ]),
    ).toEqual({
      help: false,
      host: '0.0.0.0',
      port: 0,
      dataDir: '/tmp/x',
      fsync: true,
      defaultPartitions: 3,
      logLevel: 'debug',
      retentionMs: -1,
      retentionBytes: 1_048_576,
      messageMaxBytes: 2_000_000,
      maxFrameBytes: 4_194_304,
      maxBufferedBytes: 67_108_864,
      connectionsMaxIdleMs: 60_000,
      groupInitialRebalanceDelayMs: 0,
      groupMinSessionTimeoutMs: 1000,
      groupMaxSessionTimeoutMs: 60_000,
    });
  });

  it.each([
    [['--nope']],
    [['extra']],
    [['--port', '70000']],
    [['--port', '-1']],
    [['--partitions', 'two']],
    [['--log-level', 'chatty']],
    [['--retention-ms=-2']],
    [['--group-initial-rebalance-delay-ms', '1.5']],
    [['--connections-max-idle-ms', '0']],
  ])('rejects %j with a one-line UsageError', (args) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError);
    try {
      parseCliArgs(args);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
