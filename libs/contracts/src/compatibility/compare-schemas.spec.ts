import { z } from 'zod';

import { type JsonObject, jsonSchemaOf } from '../asyncapi/json-schema';
import { orderPlacedV1Schema } from '../events/order-placed/order-placed.v1';
import { compareSchemas } from './compare-schemas';

/** A strict event like the real ones: a required id, an optional note, lines of priced items. */
function eventSchema(): JsonObject {
  return {
    type: 'object',
    description: 'An order was placed.',
    properties: {
      orderId: { type: 'string', minLength: 1, maxLength: 128 },
      note: { type: 'string', maxLength: 200 },
      status: { type: 'string', enum: ['open', 'closed'] },
      mode: { type: 'string', const: 'sync' },
      placedAt: { type: 'string', format: 'date-time' },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: {
          type: 'object',
          properties: {
            sku: { type: 'string' },
            quantity: { type: 'integer', minimum: 1, maximum: 10000 },
          },
          required: ['sku', 'quantity'],
          additionalProperties: false,
        },
      },
      params: {
        type: 'object',
        propertyNames: { type: 'string', maxLength: 64 },
        additionalProperties: { anyOf: [{ type: 'string', maxLength: 1024 }, { type: 'number' }] },
      },
    },
    required: ['orderId', 'status', 'mode', 'placedAt', 'currency', 'items', 'params'],
    additionalProperties: false,
  };
}

/** The event schema after `edit`, applied to a fresh copy. */
function changed(edit: (schema: JsonObject) => void): JsonObject {
  const schema = eventSchema();
  edit(schema);
  return schema;
}

/** The subschema at `keys` (fixtures only: the keys exist and lead to objects). */
function at(schema: JsonObject, ...keys: string[]): JsonObject {
  return keys.reduce((node, key) => node[key] as JsonObject, schema);
}

const lineOf = (schema: JsonObject): JsonObject => at(schema, 'properties', 'items', 'items');

/** What compareSchemas finds from the event schema to the one `edit` makes of it. */
const problemsAfter = (edit: (schema: JsonObject) => void) => compareSchemas(eventSchema(), changed(edit));

describe('compareSchemas', () => {
  it('finds nothing between a schema and itself', () => {
    expect(compareSchemas(eventSchema(), eventSchema())).toEqual([]);
  });

  describe('compatible within a version', () => {
    it('a description added, changed or removed, at any level', () => {
      const current = changed((schema) => {
        schema.description = 'Another text.';
        at(schema, 'properties', 'orderId').description = 'The id.';
        lineOf(schema).title = 'A line';
      });
      expect(compareSchemas(eventSchema(), current)).toEqual([]);
      expect(compareSchemas(current, eventSchema())).toEqual([]);
    });

    it('an optional field added at the top level', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties').couponCode = { type: 'string' };
      });
      expect(problems).toEqual([]);
    });

    it('an optional field added to an object inside an array', () => {
      const problems = problemsAfter((schema) => {
        at(lineOf(schema), 'properties').giftWrap = { type: 'boolean' };
      });
      expect(problems).toEqual([]);
    });

    it('enum values listed in another order', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'status').enum = ['closed', 'open'];
      });
      expect(problems).toEqual([]);
    });
  });

  describe('breaking within a version', () => {
    it('a required field added', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties').couponCode = { type: 'string' };
        (schema.required as string[]).push('couponCode');
      });
      expect(problems).toEqual([
        { path: '$.couponCode', change: 'required field added (old messages do not have it)' },
      ]);
    });

    it('an optional field added to an object that allowed unknown fields', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'params').properties = { locale: { type: 'string' } };
      });
      expect(problems).toEqual([
        {
          path: '$.params.locale',
          change: expect.stringContaining(
            'optional field added to an object that allowed unknown fields',
          ) as string,
        },
      ]);
    });

    it('a field removed, required or optional', () => {
      const problems = problemsAfter((schema) => {
        const { orderId: _orderId, note: _note, ...rest } = at(schema, 'properties');
        schema.properties = rest;
        schema.required = (schema.required as string[]).filter((name) => name !== 'orderId');
      });
      expect(problems).toEqual([
        { path: '$.orderId', change: 'required field removed' },
        { path: '$.note', change: 'optional field removed' },
      ]);
    });

    it('a field made required, or made optional', () => {
      const problems = problemsAfter((schema) => {
        schema.required = [...(schema.required as string[]).filter((name) => name !== 'orderId'), 'note'];
      });
      expect(problems).toEqual([
        { path: '$.orderId', change: 'field changed from required to optional' },
        { path: '$.note', change: 'field changed from optional to required' },
      ]);
    });

    it('a type changed', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'orderId').type = 'integer';
      });
      expect(problems).toEqual([{ path: '$.orderId', change: 'type changed from "string" to "integer"' }]);
    });

    it('a format or a pattern changed, added or removed', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'placedAt').format = 'date';
        at(schema, 'properties', 'currency').pattern = '^[A-Z]{3,4}$';
        at(schema, 'properties', 'note').format = 'email';
        delete at(schema, 'properties', 'orderId').maxLength;
      });
      expect(problems).toEqual([
        { path: '$.orderId', change: 'maxLength removed (was 128)' },
        { path: '$.note', change: 'format "email" added' },
        { path: '$.placedAt', change: 'format changed from "date-time" to "date"' },
        { path: '$.currency', change: 'pattern changed from "^[A-Z]{3}$" to "^[A-Z]{3,4}$"' },
      ]);
    });

    it('an enum value added or removed', () => {
      const added = changed((schema) => {
        at(schema, 'properties', 'status').enum = ['open', 'closed', 'archived'];
      });
      const removed = changed((schema) => {
        at(schema, 'properties', 'status').enum = ['open'];
      });
      expect(compareSchemas(eventSchema(), added)).toEqual([
        { path: '$.status', change: 'enum value "archived" added' },
      ]);
      expect(compareSchemas(eventSchema(), removed)).toEqual([
        { path: '$.status', change: 'enum value "closed" removed' },
      ]);
    });

    it('a const changed', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'mode').const = 'async';
      });
      expect(problems).toEqual([{ path: '$.mode', change: 'const changed from "sync" to "async"' }]);
    });

    it('a length, number or array bound changed, tightened or loosened', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'orderId').minLength = 0;
        at(schema, 'properties', 'items').maxItems = 50;
        at(lineOf(schema), 'properties', 'quantity').maximum = 100_000;
      });
      expect(problems).toEqual([
        { path: '$.orderId', change: 'minLength changed from 1 to 0' },
        { path: '$.items', change: 'maxItems changed from 100 to 50' },
        { path: '$.items[*].quantity', change: 'maximum changed from 10000 to 100000' },
      ]);
    });

    it('an array item schema changed, in a nested object', () => {
      const problems = problemsAfter((schema) => {
        at(lineOf(schema), 'properties', 'sku').type = 'integer';
        at(lineOf(schema), 'properties').batch = { type: 'string' };
        lineOf(schema).required = ['sku', 'batch'];
      });
      expect(problems).toEqual([
        { path: '$.items[*].sku', change: 'type changed from "string" to "integer"' },
        { path: '$.items[*].quantity', change: 'field changed from required to optional' },
        { path: '$.items[*].batch', change: 'required field added (old messages do not have it)' },
      ]);
    });

    it('an array item schema replaced by another kind of schema', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'items').items = { type: 'string' };
      });
      expect(problems).toContainEqual({
        path: '$.items[*]',
        change: 'type changed from "object" to "string"',
      });
      expect(problems).toContainEqual({ path: '$.items[*].sku', change: 'required field removed' });
    });

    it('a record: its value alternatives and its key schema', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'params', 'additionalProperties').anyOf = [
          { type: 'string', maxLength: 64 },
          { type: 'number' },
        ];
        at(schema, 'properties', 'params', 'propertyNames').maxLength = 32;
      });
      expect(problems).toEqual([
        { path: '$.params/propertyNames', change: 'maxLength changed from 64 to 32' },
        { path: '$.params.*/anyOf[0]', change: 'maxLength changed from 1024 to 64' },
      ]);
      const fewer = changed((schema) => {
        at(schema, 'properties', 'params', 'additionalProperties').anyOf = [{ type: 'number' }];
      });
      expect(compareSchemas(eventSchema(), fewer)).toEqual([
        { path: '$.params.*', change: 'anyOf changed from 2 to 1 schemas' },
      ]);
    });

    it('unknown fields allowed where they were not', () => {
      const problems = problemsAfter((schema) => {
        lineOf(schema).additionalProperties = true;
      });
      expect(problems).toEqual([
        { path: '$.items[*]', change: 'additionalProperties changed from false to true' },
      ]);
    });

    it('a default changed (readers fill old messages differently)', () => {
      const problems = problemsAfter((schema) => {
        at(schema, 'properties', 'note').default = 'none';
      });
      expect(problems).toEqual([{ path: '$.note', change: 'default "none" added' }]);
    });

    it('lists every problem, whatever the description changes around them', () => {
      const problems = problemsAfter((schema) => {
        schema.description = 'Changed too.';
        at(schema, 'properties', 'orderId').maxLength = 64;
        at(schema, 'properties', 'status').enum = ['open'];
      });
      expect(problems).toHaveLength(2);
    });
  });

  describe('on the JSON Schema zod generates (the snapshots are made this way)', () => {
    const placed = jsonSchemaOf(orderPlacedV1Schema);

    it('an optional field, top level or in the lines, is compatible', () => {
      const extended = orderPlacedV1Schema.extend({
        couponCode: z.string().optional().describe('Given at checkout.'),
        items: z
          .array(orderPlacedV1Schema.shape.items.element.extend({ giftWrap: z.boolean().optional() }))
          .min(1)
          .max(100),
      });
      expect(compareSchemas(placed, jsonSchemaOf(extended))).toEqual([]);
    });

    it('a required field or a tighter bound is breaking', () => {
      const changedSchema = orderPlacedV1Schema.extend({
        couponCode: z.string(),
        items: z.array(orderPlacedV1Schema.shape.items.element).min(1).max(50),
      });
      expect(compareSchemas(placed, jsonSchemaOf(changedSchema))).toEqual([
        { path: '$.items', change: 'maxItems changed from 100 to 50' },
        { path: '$.couponCode', change: 'required field added (old messages do not have it)' },
      ]);
    });
  });
});
