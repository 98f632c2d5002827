import { startFastifyRawServer } from '../scenarios/raw/fastify.server';
import { startGrpcRawServer } from '../scenarios/raw/grpc.server';
import { startGrpcWireServer } from '../scenarios/raw/grpc-wire-h2.server';
import { startHttpRawServer } from '../scenarios/raw/http.server';
import { startKafkaConsumer, startKafkaResponder } from '../scenarios/raw/kafka.server';
import { startRabbitMqConsumer, startRabbitMqRpcServer } from '../scenarios/raw/rabbitmq.server';
import { startRedisSubscriber } from '../scenarios/raw/redis.server';
import { startTcpEchoServer } from '../scenarios/raw/tcp-echo.server';
import { startBenchKafkaLite } from './kafka-lite.server';
import { type RawServerKind, type ServerStarter, starterOf } from './server-kinds';

/** Every server a raw server process (raw-server-child.ts) can run, by name: no NestJS loaded. */
const RAW_STARTERS: { [K in RawServerKind]: ServerStarter<K> } = {
  'tcp-echo': () => startTcpEchoServer(),
  'http-raw': () => startHttpRawServer(),
  'http-fastify': () => startFastifyRawServer(),
  'grpc-raw': (params) => startGrpcRawServer(params),
  'grpc-h2': () => startGrpcWireServer(),
  'rabbitmq-rpc-raw': (params) => startRabbitMqRpcServer(params),
  'rabbitmq-consumer-raw': (params, io) => startRabbitMqConsumer(params, io),
  'kafka-rpc-raw': (params, io) => startKafkaResponder(params, io),
  'kafka-consumer-raw': (params, io) => startKafkaConsumer(params, io),
  'redis-subscriber-raw': (params, io) => startRedisSubscriber(params, io),
  'kafka-lite': () => startBenchKafkaLite(),
};

export const startRawServer = starterOf(RAW_STARTERS);
