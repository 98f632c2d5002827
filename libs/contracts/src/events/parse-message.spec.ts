import { MESSAGE_DATA_SCHEMAS, MESSAGE_TYPES } from './message-registry';
import { parseMessage, parseMessageOfType } from './parse-message';
import { ORDER_PLACED_V1 } from './order-placed/order-placed.v1';
import { STOCK_RESERVED_V1 } from './stock-reserved/stock-reserved.v1';
import { sampleMessages } from './testing/sample-messages';

const samples = sampleMessages();
const clone = <T>(value: T): T => structuredClone(value);

/** The first required field of a message's data, and a value of the wrong type for it. */
function firstRequiredField(type: keyof typeof MESSAGE_DATA_SCHEMAS): string {
  const [field] = Object.keys(MESSAGE_DATA_SCHEMAS[type].shape);
  if (field === undefined) throw new Error(`${type} has no fields`);
  return field;
}

describe('parseMessage', () => {
  it('knows every message type the issue lists, each with a versioned name', () => {
    expect(MESSAGE_TYPES.sort()).toEqual([
      'commlab.inventory.reserve-stock.v1',
      'commlab.notification.requested.v1',
      'commlab.order.accepted.v1',
      'commlab.order.cancelled.v1',
      'commlab.order.confirmed.v1',
      'commlab.order.placed.v1',
      'commlab.order.placed.v2',
      'commlab.order.rejected.v1',
      'commlab.stock.rejected.v1',
      'commlab.stock.released.v1',
      'commlab.stock.reserved.v1',
    ]);
  });

  describe.each(MESSAGE_TYPES)('%s', (type) => {
    const valid = samples[type];

    it('accepts a valid sample, as an object, a JSON string and bytes', () => {
      for (const raw of [valid, JSON.stringify(valid), Buffer.from(JSON.stringify(valid))]) {
        const result = parseMessage(raw);
        expect(result).toEqual({ ok: true, message: valid, ignoredFields: [] });
      }
    });

    it('rejects a missing data field, naming it', () => {
      const field = firstRequiredField(type);
      const message = clone(valid) as { data: Record<string, unknown> };
      const { [field]: _removed, ...data } = message.data;
      const result = parseMessage({ ...message, data });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('MESSAGE_INVALID_DATA');
      expect(result.error.type).toBe(type);
      expect(result.error.id).toBe(valid.id);
      expect(result.error.issues).toEqual([
        { path: `data.${field}`, problem: expect.stringMatching(/^missing/) as unknown },
      ]);
    });

    it('as a tolerant reader (the default) ignores an extra data field, naming it, and keeps the rest', () => {
      const message = clone(valid) as { data: Record<string, unknown> };
      message.data.discountCode = 'FREE';
      expect(parseMessage(message)).toEqual({
        ok: true,
        message: valid,
        ignoredFields: ['data.discountCode'],
      });
      // The caller's input is not changed.
      expect(message.data.discountCode).toBe('FREE');
    });

    it('strictly (as producers check what they send) rejects an extra data field, naming it', () => {
      const message = clone(valid) as { data: Record<string, unknown> };
      message.data.discountCode = 'FREE';
      const result = parseMessage(message, { unknownFields: 'reject' });
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'MESSAGE_INVALID_DATA',
          issues: [{ path: 'data.discountCode', problem: 'unknown field' }],
        }) as unknown,
      });
    });

    it('rejects a mistyped data field, naming it and what it got', () => {
      const field = firstRequiredField(type);
      const message = clone(valid) as { data: Record<string, unknown> };
      message.data[field] = { nested: true };
      const result = parseMessage(message);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.issues).toHaveLength(1);
      expect(result.error.issues[0]).toEqual({
        path: `data.${field}`,
        problem: expect.stringContaining('got an object') as unknown,
      });
    });
  });

  it('names nested fields with their index', () => {
    const message = clone(samples[ORDER_PLACED_V1]) as unknown as {
      data: { items: { quantity: unknown }[] };
    };
    message.data.items[1]!.quantity = 0;
    const result = parseMessage(message);
    expect(result.ok || result.error.issues).toEqual([
      { path: 'data.items[1].quantity', problem: expect.stringContaining('got number 0') as unknown },
    ]);
  });

  it('rejects envelope problems: missing id, bad time, bad traceparent (and, strictly, an unknown attribute)', () => {
    const { id: _id, ...noId } = clone(samples[STOCK_RESERVED_V1]);
    const broken = { ...noId, time: 'yesterday', traceparent: 'abc', priority: 'high' };
    const paths = (result: ReturnType<typeof parseMessage>) =>
      result.ok ? [] : result.error.issues.map((issue) => issue.path).sort();
    const tolerant = parseMessage(broken);
    expect(tolerant.ok || tolerant.error.code).toBe('MESSAGE_INVALID_ENVELOPE');
    expect(paths(tolerant)).toEqual(['id', 'time', 'traceparent']);
    expect(paths(parseMessage(broken, { unknownFields: 'reject' }))).toEqual([
      'id',
      'priority',
      'time',
      'traceparent',
    ]);
  });

  it('ignores a CloudEvents extension attribute it does not know, and nested unknown fields', () => {
    const message = clone(samples[ORDER_PLACED_V1]) as unknown as {
      data: { items: [Record<string, unknown>] };
    } & Record<string, unknown>;
    message.tenant = 'acme';
    message.data.items[0].giftWrap = true;
    const result = parseMessage(message);
    expect(result).toEqual({
      ok: true,
      message: samples[ORDER_PLACED_V1],
      ignoredFields: ['tenant', 'data.items[0].giftWrap'],
    });
  });

  it('refuses a control character even in a field it ignores', () => {
    const message = clone(samples[ORDER_PLACED_V1]) as unknown as { data: Record<string, unknown> };
    message.data.note = 'a\u0000b';
    const result = parseMessage(message);
    expect(result.ok || result.error.issues).toEqual([
      { path: 'data.note', problem: expect.any(String) as unknown },
    ]);
  });

  it('rejects an unknown or unversioned type', () => {
    const unknown = parseMessage({ ...samples[ORDER_PLACED_V1], type: 'commlab.order.shipped.v1' });
    expect(unknown.ok || unknown.error.code).toBe('MESSAGE_UNKNOWN_TYPE');
    const unversioned = parseMessage({ ...samples[ORDER_PLACED_V1], type: 'OrderPlaced' });
    expect(unversioned.ok || unversioned.error.code).toBe('MESSAGE_INVALID_ENVELOPE');
    expect(unversioned.ok || unversioned.error.issues[0]?.path).toBe('type');
  });

  it('never throws on malformed input', () => {
    const inputs: unknown[] = [
      '{"id":',
      Buffer.from([0xff, 0xfe]),
      42,
      null,
      undefined,
      [],
      'null',
      '[1,2]',
      {},
    ];
    for (const raw of inputs) {
      const result = parseMessage(raw);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(['MESSAGE_NOT_JSON', 'MESSAGE_NOT_OBJECT', 'MESSAGE_INVALID_ENVELOPE']).toContain(
        result.error.code,
      );
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });

  it('parseMessageOfType refuses a valid message of another type', () => {
    const result = parseMessageOfType(samples[STOCK_RESERVED_V1], ORDER_PLACED_V1);
    expect(result.ok || result.error.code).toBe('MESSAGE_WRONG_TYPE');
    const ok = parseMessageOfType(samples[ORDER_PLACED_V1], ORDER_PLACED_V1);
    expect(ok.ok && ok.message.data.totalCents).toBe(4500);
  });
});
