import { isFromServer, ReceiptBatcher } from './server-messages';

describe('server process messages', () => {
  it('knows the messages a server process sends and nothing else', () => {
    expect(isFromServer({ type: 'ready', ready: { port: 1 } })).toBe(true);
    expect(isFromServer({ type: 'receipts', ids: [], at: [] })).toBe(true);
    expect(isFromServer({ type: 'start' })).toBe(false);
    expect(isFromServer('ready')).toBe(false);
    expect(isFromServer(null)).toBe(false);
  });
});

describe('ReceiptBatcher', () => {
  it('sends the receipts of one turn in one batch, each with the time it was added', () => {
    const sent: { ids: string[]; at: bigint[] }[] = [];
    const scheduled: (() => void)[] = [];
    let clock = 100n;
    const batcher = new ReceiptBatcher(
      (batch) => sent.push(batch),
      (flush) => scheduled.push(flush),
      () => (clock += 10n),
    );
    batcher.add('a');
    batcher.add('b');
    expect(sent).toEqual([]);
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    expect(sent).toEqual([{ ids: ['a', 'b'], at: [110n, 120n] }]);
    batcher.add('c');
    expect(scheduled).toHaveLength(2);
    batcher.flush();
    scheduled[1]!();
    expect(sent).toEqual([
      { ids: ['a', 'b'], at: [110n, 120n] },
      { ids: ['c'], at: [130n] },
    ]);
  });
});
