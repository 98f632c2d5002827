import { rebuildStart } from './rebuild-start';

const complete = new Map([['orders', [{ partition: 0, low: '0', high: '8' }]]]);
const truncated = new Map([['orders', [{ partition: 0, low: '5', high: '8' }]]]);
const at = (id: string, offset: string) => ({ id, offsets: [{ topic: 'orders', partition: 0, offset }] });

describe('rebuildStart', () => {
  it('replays a complete log from its start, even with snapshots', () => {
    expect(rebuildStart(complete, [at('1', '6')], undefined)).toEqual({
      from: 'log-start',
      replay: [{ topic: 'orders', partition: 0, from: '0', to: '8' }],
    });
  });

  it('starts from the newest covering snapshot once retention deleted the head', () => {
    const start = rebuildStart(truncated, [at('3', '9'), at('2', '6'), at('1', '4')], undefined);
    expect(start).toMatchObject({
      from: 'snapshot',
      snapshot: { id: '2' },
      replay: [{ topic: 'orders', partition: 0, from: '6', to: '8' }],
    });
  });

  it('starts from a snapshot of a complete log when asked to', () => {
    expect(rebuildStart(complete, [at('1', '6')], 'snapshot')).toMatchObject({
      from: 'snapshot',
      replay: [{ from: '6', to: '8' }],
    });
  });

  it('refuses a truncated log no snapshot covers, naming the newest snapshot and its gap', () => {
    expect(rebuildStart(truncated, [at('2', '4'), at('1', '2')], undefined)).toEqual({
      refused: 'history-truncated',
      truncated: [{ topic: 'orders', partition: 0, logStartOffset: '5' }],
      newest: {
        id: '2',
        uncovered: [
          { topic: 'orders', partition: 0, snapshotOffset: '4', logStartOffset: '5', highWatermark: '8' },
        ],
      },
    });
    expect(rebuildStart(truncated, [], undefined)).toMatchObject({
      refused: 'history-truncated',
      newest: null,
    });
  });

  it('refuses ?from=snapshot without any snapshot', () => {
    expect(rebuildStart(complete, [], 'snapshot')).toEqual({ refused: 'no-covering-snapshot', newest: null });
  });

  it('never restores a snapshot when the log start is asked for', () => {
    expect(rebuildStart(truncated, [at('1', '6')], 'log-start')).toMatchObject({
      refused: 'history-truncated',
    });
  });
});
