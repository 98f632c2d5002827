import { z } from 'zod';

import { jsonSchemaOf } from '../asyncapi/json-schema';
import { MESSAGE_DATA_SCHEMAS, MESSAGE_TYPES } from '../events/message-registry';
import { ORDER_PLACED_V1, orderPlacedV1Schema } from '../events/order-placed/order-placed.v1';
import { eventSchemaSnapshots, snapshotFileName, typeOfSnapshotFile } from './event-schema-snapshots';

describe('eventSchemaSnapshots', () => {
  it('has every registered type, in registry order', () => {
    expect([...eventSchemaSnapshots().keys()]).toEqual(MESSAGE_TYPES);
  });

  it('is the JSON Schema of the AsyncAPI document, as a standalone draft-07 schema', () => {
    expect(eventSchemaSnapshots().get(ORDER_PLACED_V1)).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...jsonSchemaOf(orderPlacedV1Schema),
    });
  });

  it('takes another registry', () => {
    const snapshots = eventSchemaSnapshots({ 'test.thing.v1': z.strictObject({ id: z.string() }) });
    expect([...snapshots.keys()]).toEqual(['test.thing.v1']);
    expect(snapshots.get('test.thing.v1')?.required).toEqual(['id']);
  });

  it('is deterministic', () => {
    expect(JSON.stringify([...eventSchemaSnapshots(MESSAGE_DATA_SCHEMAS)])).toBe(
      JSON.stringify([...eventSchemaSnapshots(MESSAGE_DATA_SCHEMAS)]),
    );
  });
});

describe('snapshot file names', () => {
  it('are the type name with .json, both ways', () => {
    expect(snapshotFileName(ORDER_PLACED_V1)).toBe('commlab.order.placed.v1.json');
    expect(typeOfSnapshotFile('commlab.order.placed.v1.json')).toBe(ORDER_PLACED_V1);
    expect(typeOfSnapshotFile('README.md')).toBeUndefined();
  });
});
