import { stockContentionLines } from './stock-contention-lines';

describe('stockContentionLines', () => {
  const attempt = {
    reservationId: 'r-1',
    orderId: 'o-1',
    transport: 'kafka' as const,
    retry: 3,
    gaveUp: false,
  };

  it('names the SKU, the version the losing attempt expected, the command, its retry and transport', () => {
    expect(stockContentionLines({ ...attempt, read: [{ sku: 'tee-black', version: 12 }] })).toEqual([
      {
        sku: 'tee-black',
        expectedVersion: 12,
        reservationId: 'r-1',
        orderId: 'o-1',
        retry: 3,
        gaveUp: false,
        transport: 'kafka',
      },
    ]);
  });

  it('posts one line per stream of a command over several SKUs, all with the same retry', () => {
    const lines = stockContentionLines({
      ...attempt,
      gaveUp: true,
      read: [
        { sku: 'mug-red', version: 4 },
        { sku: 'tee-black', version: 9 },
      ],
    });
    expect(lines.map((line) => [line.sku, line.expectedVersion, line.retry, line.gaveUp])).toEqual([
      ['mug-red', 4, 3, true],
      ['tee-black', 9, 3, true],
    ]);
  });

  it('posts nothing for an attempt that read no stream', () => {
    expect(stockContentionLines({ ...attempt, read: [] })).toEqual([]);
  });
});
