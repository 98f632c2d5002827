import type { FieldShape, MessageShapes } from './message-shapes';

/** The request JSON does not fit the message type; the message is meant for the user. */
export class RequestShapeError extends Error {}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

const INT32_MIN = -(2 ** 31);
const UINT32_MAX = 2 ** 32 - 1;

function scalarProblem(field: FieldShape, value: unknown): string | undefined {
  switch (field.kind) {
    case 'string':
    case 'bytes':
      return typeof value === 'string' ? undefined : `a string (${field.kind})`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'float':
      return typeof value === 'number' ? undefined : 'a number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= UINT32_MAX
        ? undefined
        : 'a whole number (32-bit)';
    case 'int64':
      return (typeof value === 'number' && Number.isSafeInteger(value)) ||
        (typeof value === 'string' && /^-?\d+$/.test(value))
        ? undefined
        : 'a whole number (or a string of digits)';
    case 'enum':
      return typeof value === 'number' || typeof value === 'string' ? undefined : 'an enum name or number';
    case 'message':
      return undefined;
  }
}

function normalizeValue(shapes: MessageShapes, field: FieldShape, value: unknown, path: string): unknown {
  if (field.kind === 'message') {
    if (field.typeName === undefined) return value;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new RequestShapeError(`${path} must be an object; got ${typeOf(value)}`);
    return normalizeRequest(shapes, field.typeName, value as Record<string, unknown>, path);
  }
  const expected = scalarProblem(field, value);
  if (expected !== undefined)
    throw new RequestShapeError(`${path} must be ${expected}; got ${typeOf(value)}`);
  return value;
}

/**
 * Checks a request object against its message type and returns it with the field names proto-loader
 * wants (camelCase; `reservation_id` is accepted as the .proto spells it, like the proto3 JSON mapping).
 * protobufjs would silently drop an unknown field and coerce a wrong type to its zero value, so the
 * server would answer a question the user did not ask: refuse those here instead.
 */
export function normalizeRequest(
  shapes: MessageShapes,
  typeName: string,
  value: Record<string, unknown>,
  path = 'request',
): Record<string, unknown> {
  const shape = shapes.get(typeName);
  if (shape === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = shape.fields.find((f) => f.name === key || f.name === camelCase(key));
    if (field === undefined) {
      const names = shape.fields.map((f) => f.name).join(', ') || '(none)';
      throw new RequestShapeError(
        `${path} has no field ${JSON.stringify(key)}: ${shape.fullName} has ${names}`,
      );
    }
    if (Object.hasOwn(out, field.name))
      throw new RequestShapeError(`${path}.${field.name} is given twice (${JSON.stringify(key)})`);
    const fieldPath = `${path}.${field.name}`;
    if (fieldValue === null) continue;
    if (field.repeated) {
      if (!Array.isArray(fieldValue))
        throw new RequestShapeError(`${fieldPath} must be an array; got ${typeOf(fieldValue)}`);
      out[field.name] = fieldValue.map((item: unknown, i) =>
        normalizeValue(shapes, field, item, `${fieldPath}[${i}]`),
      );
    } else {
      out[field.name] = normalizeValue(shapes, field, fieldValue, fieldPath);
    }
  }
  return out;
}

/** bytes print as base64, as in the proto3 JSON mapping (protobufjs gives Buffers). */
function base64(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return Array.isArray(value) ? value.map(base64) : value;
}

/**
 * A decoded message with its keys in .proto field order, nested messages too (protobufjs puts repeated
 * fields first). Keys the shape does not know (oneof names) follow at the end.
 */
export function orderFields(shapes: MessageShapes, typeName: string, value: unknown): unknown {
  const shape = shapes.get(typeName);
  if (shape === undefined || typeof value !== 'object' || value === null || Array.isArray(value))
    return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of shape.fields) {
    if (!Object.hasOwn(source, field.name)) continue;
    const fieldValue = source[field.name];
    const nested = field.kind === 'message' ? field.typeName : undefined;
    out[field.name] =
      field.kind === 'bytes'
        ? base64(fieldValue)
        : nested === undefined
          ? fieldValue
          : Array.isArray(fieldValue)
            ? fieldValue.map((item: unknown) => orderFields(shapes, nested, item))
            : orderFields(shapes, nested, fieldValue);
  }
  for (const [key, fieldValue] of Object.entries(source)) {
    if (!Object.hasOwn(out, key)) out[key] = fieldValue;
  }
  return out;
}
