import type { Scenario } from '../scenario';
import { FRAMEWORK_SCENARIOS } from './framework';
import { harnessNoop } from './harness-noop.scenario';
import { grpcRaw, grpcRawLean } from './raw/grpc.scenario';
import { grpcWireOnHttp2Raw } from './raw/grpc-wire-h2.scenario';
import { fastifyRaw, httpRaw } from './raw/http.scenario';
import { kafkaPublishRaw } from './raw/kafka-publish.scenario';
import { kafkaRpcRaw } from './raw/kafka-rpc.scenario';
import { rabbitMqPublishConfirmRaw, rabbitMqPublishPlainRaw } from './raw/rabbitmq-publish.scenario';
import { rabbitMqRpcRaw } from './raw/rabbitmq-rpc.scenario';
import { redisPublishRaw } from './raw/redis-publish.scenario';
import { tcpEchoFloor } from './raw/tcp-echo.scenario';
import { ScenarioRegistry } from './scenario-registry';
import { SERVICE_SCENARIOS } from './service';

/** The harness's self-measurement; always run, whatever `--scenario` selects. */
export const HARNESS_SCENARIO: Scenario = harnessNoop;

/** Raw-client baselines and the floor, per group. */
export const RAW_SCENARIOS: readonly Scenario[] = [
  tcpEchoFloor,
  httpRaw,
  fastifyRaw,
  grpcRaw,
  grpcRawLean,
  grpcWireOnHttp2Raw,
  rabbitMqRpcRaw,
  kafkaRpcRaw,
  rabbitMqPublishConfirmRaw,
  rabbitMqPublishPlainRaw,
  kafkaPublishRaw,
  redisPublishRaw,
];

/** Every scenario `pnpm bench` can run, in report order. */
export function builtinRegistry(): ScenarioRegistry {
  return new ScenarioRegistry([
    HARNESS_SCENARIO,
    ...RAW_SCENARIOS,
    ...FRAMEWORK_SCENARIOS,
    ...SERVICE_SCENARIOS,
  ]);
}
