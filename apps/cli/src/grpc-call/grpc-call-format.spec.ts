import { Metadata, status } from '@grpc/grpc-js';

import { formatElapsed, formatFailure, formatSuccess, statusName } from './grpc-call-format';

const base = {
  fullMethod: 'commlab.inventory.v1.InventoryService/ReserveStock',
  address: '127.0.0.1:50052',
  processName: 'inventory-service',
  deadlineMs: 2000,
};

describe('pnpm grpc output', () => {
  it('prints milliseconds with a decimal below 100 ms and whole above', () => {
    expect(formatElapsed(3.24)).toBe('3.2 ms');
    expect(formatElapsed(2001.4)).toBe('2001 ms');
    expect(statusName(4)).toBe('DEADLINE_EXCEEDED');
    expect(statusName(99)).toBe('UNKNOWN_STATUS');
  });

  it('prints the OK line and the response as 2-space JSON', () => {
    expect(formatSuccess('commlab.inventory.v1.InventoryService/CheckStock', 3.2, { levels: [] })).toEqual([
      'commlab.inventory.v1.InventoryService/CheckStock OK in 3.2 ms',
      '{\n  "levels": []\n}',
    ]);
  });

  it("prints the status name and number, then commlab's error code and details from the metadata", () => {
    const metadata = new Metadata();
    metadata.set('commlab-error-code', 'OUT_OF_STOCK');
    metadata.set('commlab-error-details', '{"skus":["mug-red"]}');
    expect(
      formatFailure({
        ...base,
        elapsedMs: 4.56,
        code: status.FAILED_PRECONDITION,
        details: 'not enough stock for mug-red',
        metadata,
      }),
    ).toEqual([
      'commlab.inventory.v1.InventoryService/ReserveStock failed in 4.6 ms: FAILED_PRECONDITION (9): not enough stock for mug-red',
      'code: OUT_OF_STOCK',
      'details: {"skus":["mug-red"]}',
    ]);
  });

  it('hints at a stopped service for UNAVAILABLE and at the deadline for DEADLINE_EXCEEDED', () => {
    const unavailable = formatFailure({
      ...base,
      elapsedMs: 12,
      code: status.UNAVAILABLE,
      details:
        'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:50052. Resolution note: ',
    });
    expect(unavailable).toEqual([
      'commlab.inventory.v1.InventoryService/ReserveStock failed in 12.0 ms: UNAVAILABLE (14): No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:50052',
      'is inventory-service running on 127.0.0.1:50052? (pnpm start)',
    ]);
    const late = formatFailure({
      ...base,
      elapsedMs: 2001,
      code: status.DEADLINE_EXCEEDED,
      details: 'Deadline exceeded',
    });
    expect(late[0]).toBe(
      'commlab.inventory.v1.InventoryService/ReserveStock failed in 2001 ms: DEADLINE_EXCEEDED (4): Deadline exceeded',
    );
    expect(late[1]).toContain('no answer within --deadline 2000 ms');
  });
});
