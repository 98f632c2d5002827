/**
 * The servers the raw and framework rows run in a process of their own (`server-child.ts`), by name:
 * what each is started with (`params`, cloned across the IPC channel: data only) and what it answers
 * once ready (`ready`). One-way consumers also report each message their handler received (receipts).
 */
export interface ServerKinds {
  'tcp-echo': { params: Record<string, never>; ready: { port: number } };
  'http-raw': { params: Record<string, never>; ready: { port: number } };
  'http-fastify': { params: Record<string, never>; ready: { port: number } };
  'grpc-raw': {
    params: { channelOptions: Record<string, number>; codec: 'protobuf' | 'bytes' };
    ready: { port: number };
  };
  'grpc-h2': { params: Record<string, never>; ready: { port: number } };
  'rabbitmq-rpc-raw': { params: { url: string; queue: string }; ready: Record<string, never> };
  'rabbitmq-consumer-raw': { params: { url: string; queue: string }; ready: Record<string, never> };
  'kafka-rpc-raw': {
    params: { brokers: string[]; clientId: string; groupId: string; requests: string; replies: string };
    ready: Record<string, never>;
  };
  'kafka-consumer-raw': {
    params: { brokers: string[]; clientId: string; groupId: string; topic: string };
    ready: Record<string, never>;
  };
  'redis-subscriber-raw': { params: { url: string; channel: string }; ready: Record<string, never> };
  'nest-rest': { params: Record<string, never>; ready: { port: number } };
  'nest-grpc': { params: Record<string, never>; ready: { url: string } };
  'nest-rabbitmq': { params: { url: string; queue: string }; ready: Record<string, never> };
  'nest-kafka': {
    params: { brokers: string[]; clientId: string; groupId: string; requestTopic: string };
    ready: Record<string, never>;
  };
  'kafka-lite': { params: Record<string, never>; ready: { bootstrap: string } };
}

export type ServerKind = keyof ServerKinds;

/** What a server in the child can do besides serving: report a one-way receipt, say something. */
export interface ServerIo {
  /** The consumer's handler has the message with this id (stamped with process.hrtime.bigint()). */
  receipt: (id: string) => void;
  log: (line: string) => void;
}

/** A started server, in the child. */
export interface RunningServer<R> {
  ready: R;
  close(): Promise<void>;
}

export type ServerStarter<K extends ServerKind> = (
  params: ServerKinds[K]['params'],
  io: ServerIo,
) => Promise<RunningServer<ServerKinds[K]['ready']>>;

/** The NestJS servers (run by nest-server-child.ts); the others need no NestJS (raw-server-child.ts). */
export type NestServerKind = Extract<ServerKind, `nest-${string}`>;
export type RawServerKind = Exclude<ServerKind, NestServerKind>;

/** Whether a server is one of the NestJS ones. Pure. */
export function isNestServer(kind: ServerKind): kind is NestServerKind {
  return kind.startsWith('nest-');
}

/** A start function over a table of starters; a name the table lacks is refused. */
export function starterOf(
  starters: Partial<{ [K in ServerKind]: ServerStarter<K> }>,
): (kind: ServerKind, params: unknown, io: ServerIo) => Promise<RunningServer<unknown>> {
  return (kind, params, io) => {
    const starter = starters[kind] as ServerStarter<ServerKind> | undefined;
    if (starter === undefined) return Promise.reject(new Error(`no server named ${kind} in this process`));
    return starter(params as never, io);
  };
}
