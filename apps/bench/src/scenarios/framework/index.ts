import type { Scenario } from '../../scenario';
import { grpcNest } from './nest-grpc.scenario';
import { kafkaNest } from './nest-kafka.scenario';
import { rabbitMqNest } from './nest-rabbitmq.scenario';
import { restNest, restNestFetch } from './nest-rest.scenario';

/** NestJS client + NestJS server doing the raw servers' fixed work: the framework's own cost. */
export const FRAMEWORK_SCENARIOS: readonly Scenario[] = [
  restNest,
  restNestFetch,
  grpcNest,
  rabbitMqNest,
  kafkaNest,
];
