import { reviewSnapshots } from './review-snapshots';

const text = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const placed = {
  type: 'object',
  properties: { orderId: { type: 'string' }, totalCents: { type: 'integer', maximum: 100 } },
  required: ['orderId', 'totalCents'],
  additionalProperties: false,
};

describe('reviewSnapshots', () => {
  it('finds a type unchanged when its text is the same', () => {
    const files = new Map([['a.v1', text(placed)]]);
    expect(reviewSnapshots(files, files)).toEqual([{ type: 'a.v1', kind: 'unchanged' }]);
  });

  it('finds a registered type without a snapshot new', () => {
    expect(reviewSnapshots(new Map(), new Map([['a.v1', text(placed)]]))).toEqual([
      { type: 'a.v1', kind: 'new' },
    ]);
  });

  it('finds an added optional field, or only another layout of the same schema, compatible', () => {
    const extended = { ...placed, properties: { ...placed.properties, note: { type: 'string' } } };
    const committed = new Map([
      ['a.v1', text(placed)],
      ['b.v1', JSON.stringify(placed)],
    ]);
    const current = new Map([
      ['a.v1', text(extended)],
      ['b.v1', text(placed)],
    ]);
    expect(reviewSnapshots(committed, current)).toEqual([
      { type: 'a.v1', kind: 'compatible' },
      { type: 'b.v1', kind: 'compatible' },
    ]);
  });

  it('finds a breaking change with its problems', () => {
    const tighter = {
      ...placed,
      properties: { ...placed.properties, totalCents: { type: 'integer', maximum: 50 } },
    };
    expect(reviewSnapshots(new Map([['a.v1', text(placed)]]), new Map([['a.v1', text(tighter)]]))).toEqual([
      {
        type: 'a.v1',
        kind: 'breaking',
        problems: [{ path: '$.totalCents', change: 'maximum changed from 100 to 50' }],
      },
    ]);
  });

  it('finds snapshotted types the registry lost removed, after the registered ones', () => {
    const committed = new Map([
      ['z.v1', text(placed)],
      ['a.v1', text(placed)],
      ['y.v1', text(placed)],
    ]);
    expect(reviewSnapshots(committed, new Map([['a.v1', text(placed)]]))).toEqual([
      { type: 'a.v1', kind: 'unchanged' },
      { type: 'y.v1', kind: 'removed' },
      { type: 'z.v1', kind: 'removed' },
    ]);
  });

  it('finds a snapshot that is not JSON unreadable', () => {
    const [finding] = reviewSnapshots(new Map([['a.v1', '{ "type": ']]), new Map([['a.v1', text(placed)]]));
    expect(finding).toEqual({ type: 'a.v1', kind: 'unreadable', reason: expect.any(String) as string });
  });
});
