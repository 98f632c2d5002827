import { DEFAULTS, resolveOptions } from './broker-options';

describe('resolveOptions', () => {
  it("uses Kafka's defaults for limits, timeouts and delays", () => {
    expect(resolveOptions({})).toMatchObject({
      messageMaxBytes: 1_048_588,
      maxFrameBytes: 100 * 1024 * 1024,
      maxBufferedBytes: DEFAULTS.maxBufferedBytes,
      connectionsMaxIdleMs: 600_000,
      groupInitialRebalanceDelayMs: 3000,
      groupMinSessionTimeoutMs: 6000,
      groupMaxSessionTimeoutMs: 1_800_000,
      fsync: false,
    });
  });

  it.each([
    [{ maxFrameBytes: 200 * 1024 * 1024, maxBufferedBytes: 100 * 1024 * 1024 }, /maxBufferedBytes/],
    [{ groupMinSessionTimeoutMs: 5000, groupMaxSessionTimeoutMs: 4000 }, /groupMaxSessionTimeoutMs/],
    [{ connectionsMaxIdleMs: 0 }, /connectionsMaxIdleMs/],
    [{ fsync: true }, /fsync needs dataDir/],
    [{ topics: [{ name: 't', configs: { 'cleanup.policy': 'compact' } }] }, /topic t: .*compaction/],
    [{ topics: [{ name: 't', configs: { 'segment.ms': '10' } }] }, /Unknown topic config name/],
  ])('refuses %j with INVALID_OPTION', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(message);
    expect(() => resolveOptions(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }) as Error,
    );
  });
});
