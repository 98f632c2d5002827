import { startNestGrpcServer } from '../scenarios/framework/nest-grpc.server';
import { startNestKafkaServer } from '../scenarios/framework/nest-kafka.server';
import { startNestRmqServer } from '../scenarios/framework/nest-rabbitmq.server';
import { startNestRestServer } from '../scenarios/framework/nest-rest.server';
import { type NestServerKind, type ServerStarter, starterOf } from './server-kinds';

/** Every server a NestJS server process (nest-server-child.ts) can run, by name. */
const NEST_STARTERS: { [K in NestServerKind]: ServerStarter<K> } = {
  'nest-rest': () => startNestRestServer(),
  'nest-grpc': () => startNestGrpcServer(),
  'nest-rabbitmq': (params) => startNestRmqServer(params),
  'nest-kafka': (params) => startNestKafkaServer(params),
};

export const startNestServer = starterOf(NEST_STARTERS);
