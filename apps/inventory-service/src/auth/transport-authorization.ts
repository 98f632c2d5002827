import type { ExecutionContext } from '@nestjs/common';

/** A header value as the transports carry it: a string, a Buffer (Kafka), a list (gRPC, HTTP). */
function text(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (Buffer.isBuffer(first)) return first.toString('utf8');
  return undefined;
}

interface GrpcMetadataLike {
  get(key: string): unknown[];
}
interface RmqContextLike {
  getMessage(): { properties?: { headers?: Record<string, unknown> } };
}
interface KafkaContextLike {
  getMessage(): { headers?: Record<string, unknown> };
}

const hasFunction = (value: unknown, name: string): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>)[name] === 'function';

/**
 * Where each transport carries the caller's `authorization`: the HTTP header, the gRPC metadata key, the
 * AMQP message header, the Kafka record header. Undefined when absent (→ MISSING_TOKEN).
 */
export function authorizationOf(context: ExecutionContext): string | undefined {
  if (context.getType() === 'http') {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    return text(headers.authorization);
  }
  const rpc: unknown = context.switchToRpc().getContext();
  if (hasFunction(rpc, 'getMap')) return text((rpc as GrpcMetadataLike).get('authorization'));
  if (hasFunction(rpc, 'getChannelRef')) {
    return text((rpc as RmqContextLike).getMessage().properties?.headers?.authorization);
  }
  if (hasFunction(rpc, 'getMessage'))
    return text((rpc as KafkaContextLike).getMessage().headers?.authorization);
  return undefined;
}

/** The `authorization` header of a RabbitMQ message (for handlers that check access themselves). */
export function authorizationOfRmq(context: RmqContextLike): string | undefined {
  return text(context.getMessage().properties?.headers?.authorization);
}

/** The `authorization` header of a Kafka record (for handlers that check access themselves). */
export function authorizationOfKafka(context: KafkaContextLike): string | undefined {
  return text(context.getMessage().headers?.authorization);
}
