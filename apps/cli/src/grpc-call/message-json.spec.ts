import { INVENTORY_GRPC_SERVICE_FULL_NAME, INVENTORY_PROTO_PATH } from '@commlab/contracts';

import { loadService, messageTypeName } from './grpc-caller';
import { normalizeRequest, orderFields, RequestShapeError } from './message-json';
import { describeFields } from './message-shapes';

const inventory = loadService(INVENTORY_PROTO_PATH, INVENTORY_GRPC_SERVICE_FULL_NAME);
const { shapes } = inventory;
const RESERVE = 'commlab.inventory.v1.ReserveStockRequest';

describe('request and response JSON against the inventory contract', () => {
  it('finds the fully qualified request and response types of a method', () => {
    const reserve = inventory.methods.get('ReserveStock');
    expect(reserve).toBeDefined();
    expect(messageTypeName(inventory, reserve!.requestType)).toBe(RESERVE);
    expect(messageTypeName(inventory, reserve!.responseType)).toBe(
      'commlab.inventory.v1.ReserveStockResponse',
    );
    expect(describeFields(shapes, RESERVE)).toBe(
      '{reservationId: string, orderId: string, items: {sku: string, quantity: integer}[]}',
    );
  });

  it('accepts camelCase and the .proto snake_case names, nested ones too', () => {
    expect(
      normalizeRequest(shapes, RESERVE, {
        reservation_id: 'r-1',
        orderId: 'o-1',
        items: [{ sku: 'mug-red', quantity: 2 }],
      }),
    ).toEqual({ reservationId: 'r-1', orderId: 'o-1', items: [{ sku: 'mug-red', quantity: 2 }] });
  });

  it('refuses unknown fields, naming the fields the message has', () => {
    expect(() => normalizeRequest(shapes, 'commlab.inventory.v1.CheckStockRequest', { sku: 'x' })).toThrow(
      new RequestShapeError('request has no field "sku": commlab.inventory.v1.CheckStockRequest has skus'),
    );
    expect(() => normalizeRequest(shapes, RESERVE, { items: [{ sku: 'mug-red', qty: 1 }] })).toThrow(
      'request.items[0] has no field "qty"',
    );
  });

  it('refuses values of the wrong type instead of sending zero values', () => {
    expect(() =>
      normalizeRequest(shapes, 'commlab.inventory.v1.CheckStockRequest', { skus: 'mug-red' }),
    ).toThrow('request.skus must be an array; got string "mug-red"');
    expect(() => normalizeRequest(shapes, RESERVE, { items: [{ sku: 'mug-red', quantity: 1.5 }] })).toThrow(
      'request.items[0].quantity must be a whole number (32-bit); got number 1.5',
    );
    expect(() => normalizeRequest(shapes, RESERVE, { items: ['mug-red'] })).toThrow(
      'request.items[0] must be an object',
    );
    expect(() => normalizeRequest(shapes, RESERVE, { reservationId: 7 })).toThrow(
      'request.reservationId must be a string',
    );
    expect(() => normalizeRequest(shapes, RESERVE, { reservationId: 'a', reservation_id: 'b' })).toThrow(
      'given twice',
    );
  });

  it('puts response keys in .proto field order, nested messages too', () => {
    const decoded = {
      lines: [{ lineTotalCents: 2500, sku: 'mug-red', quantity: 2, unitPriceCents: 1250 }],
      reservationId: 'r-1',
      totalCents: 2500,
      currency: 'USD',
    };
    const ordered = orderFields(shapes, 'commlab.inventory.v1.ReserveStockResponse', decoded);
    expect(JSON.stringify(ordered)).toBe(
      '{"reservationId":"r-1","lines":[{"sku":"mug-red","quantity":2,"unitPriceCents":1250,"lineTotalCents":2500}],' +
        '"totalCents":2500,"currency":"USD"}',
    );
  });
});
