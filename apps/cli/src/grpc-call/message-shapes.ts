import type { PackageDefinition } from '@grpc/proto-loader';

/** What a JSON value of one field must look like. */
export type FieldKind = 'string' | 'integer' | 'int64' | 'float' | 'bool' | 'bytes' | 'enum' | 'message';

export interface FieldShape {
  /** The name proto-loader uses at runtime (camelCase with commlab's loader options). */
  name: string;
  kind: FieldKind;
  repeated: boolean;
  /** Fully qualified message type of a `message` field, when it resolved. */
  typeName?: string;
}

/** A message type's fields, in .proto order. */
export interface MessageShape {
  fullName: string;
  fields: FieldShape[];
}

/** Every message type of a loaded contract, by fully qualified name. */
export type MessageShapes = ReadonlyMap<string, MessageShape>;

const KINDS: Record<string, FieldKind> = {
  TYPE_STRING: 'string',
  TYPE_BOOL: 'bool',
  TYPE_BYTES: 'bytes',
  TYPE_ENUM: 'enum',
  TYPE_MESSAGE: 'message',
  TYPE_GROUP: 'message',
  TYPE_DOUBLE: 'float',
  TYPE_FLOAT: 'float',
  TYPE_INT32: 'integer',
  TYPE_UINT32: 'integer',
  TYPE_SINT32: 'integer',
  TYPE_FIXED32: 'integer',
  TYPE_SFIXED32: 'integer',
  TYPE_INT64: 'int64',
  TYPE_UINT64: 'int64',
  TYPE_SINT64: 'int64',
  TYPE_FIXED64: 'int64',
  TYPE_SFIXED64: 'int64',
};

interface RawField {
  name: string;
  label: string;
  type: string;
  typeName: string;
}

function rawFields(type: object): RawField[] {
  const field = (type as { field?: unknown }).field;
  if (!Array.isArray(field)) return [];
  return field.filter(
    (f): f is RawField =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as RawField).name === 'string' &&
      typeof (f as RawField).type === 'string',
  );
}

/**
 * Resolves a type name as written in a descriptor (`ReserveStockItem`, `.commlab.x.v1.Item`) the way
 * protoc does: absolute names as they are, relative ones from the innermost enclosing scope outwards.
 */
function resolveTypeName(typeName: string, scope: string, known: ReadonlySet<string>): string | undefined {
  if (typeName.startsWith('.')) return known.has(typeName.slice(1)) ? typeName.slice(1) : undefined;
  const parts = scope.split('.');
  for (let n = parts.length; n >= 0; n--) {
    const candidate = [...parts.slice(0, n), typeName].join('.');
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/** The message types of a proto-loader package definition, with their fields in .proto order. */
export function messageShapes(definition: PackageDefinition): MessageShapes {
  const messages = Object.entries(definition).filter(
    ([, value]) => 'format' in value && value.format === 'Protocol Buffer 3 DescriptorProto',
  );
  const known = new Set(messages.map(([name]) => name));
  const shapes = new Map<string, MessageShape>();
  for (const [fullName, value] of messages) {
    const fields = rawFields((value as { type: object }).type).map((raw): FieldShape => {
      const kind = KINDS[raw.type] ?? 'message';
      const typeName = kind === 'message' ? resolveTypeName(raw.typeName, fullName, known) : undefined;
      return {
        name: raw.name,
        kind,
        repeated: raw.label === 'LABEL_REPEATED',
        ...(typeName === undefined ? {} : { typeName }),
      };
    });
    shapes.set(fullName, { fullName, fields });
  }
  return shapes;
}

/**
 * A message type by the name a descriptor gives (short, relative to `scope`, or absolute); when scoping
 * finds nothing, the one message type whose name ends with it.
 */
export function findMessage(shapes: MessageShapes, name: string, scope: string): string | undefined {
  const scoped = resolveTypeName(name, scope, new Set(shapes.keys()));
  if (scoped !== undefined) return scoped;
  const matches = [...shapes.keys()].filter((key) => key.endsWith(`.${name}`));
  return matches.length === 1 ? matches[0] : undefined;
}

/** `{skus: string[]}`-style one-line summary of a message's fields, for `--help`. */
export function describeFields(shapes: MessageShapes, fullName: string, depth = 0): string {
  const shape = shapes.get(fullName);
  if (shape === undefined) return '{…}';
  const fields = shape.fields.map((field) => {
    const type =
      field.kind === 'message'
        ? depth < 2 && field.typeName !== undefined
          ? describeFields(shapes, field.typeName, depth + 1)
          : '{…}'
        : field.kind;
    return `${field.name}: ${type}${field.repeated ? '[]' : ''}`;
  });
  return `{${fields.join(', ')}}`;
}
