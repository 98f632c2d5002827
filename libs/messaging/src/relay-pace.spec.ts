import { nextRelayPace, type RelayPaceSettings } from './relay-pace';

const settings: RelayPaceSettings = {
  batchSize: 100,
  pollIntervalMs: 1_000,
  backoff: { baseDelayMs: 200, maxDelayMs: 5_000, jitter: 0.5 },
};
const noJitter = () => 0;

describe('nextRelayPace', () => {
  it('goes on at once after a full clean batch, and waits the poll interval after a partial one', () => {
    expect(nextRelayPace(0, { claimed: 100, failed: 0 }, settings)).toEqual({
      refusedBatches: 0,
      delayMs: 0,
      backingOff: false,
    });
    expect(nextRelayPace(0, { claimed: 3, failed: 0 }, settings)).toEqual({
      refusedBatches: 0,
      delayMs: 1_000,
      backingOff: false,
    });
  });

  it('backs off when the broker refused a row, doubling with each refused batch in a row up to the cap', () => {
    const delays: number[] = [];
    let refused = 0;
    for (let batch = 0; batch < 8; batch += 1) {
      const pace = nextRelayPace(refused, { claimed: 100, failed: 1 }, settings, noJitter);
      expect(pace.backingOff).toBe(true);
      refused = pace.refusedBatches;
      delays.push(pace.delayMs);
    }
    expect(delays).toEqual([200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
    expect(refused).toBe(8);
  });

  it('backs off even when part of the batch got through (the queue had room for a few)', () => {
    expect(nextRelayPace(2, { claimed: 100, failed: 95 }, settings, noJitter)).toEqual({
      refusedBatches: 3,
      delayMs: 800,
      backingOff: true,
    });
  });

  it('forgets the refusals after one clean batch', () => {
    const pace = nextRelayPace(6, { claimed: 100, failed: 0 }, settings, noJitter);
    expect(pace).toEqual({ refusedBatches: 0, delayMs: 0, backingOff: false });
    expect(nextRelayPace(pace.refusedBatches, { claimed: 1, failed: 1 }, settings, noJitter).delayMs).toBe(
      200,
    );
  });

  it('shortens the wait by up to the jitter share, never lengthens it', () => {
    const lowest = nextRelayPace(3, { claimed: 10, failed: 10 }, settings, () => 0.999_999);
    const highest = nextRelayPace(3, { claimed: 10, failed: 10 }, settings, noJitter);
    expect(highest.delayMs).toBe(1_600);
    expect(lowest.delayMs).toBe(800);
  });
});
