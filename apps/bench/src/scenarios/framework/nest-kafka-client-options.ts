import { noDelaySocketFactory } from '@commlab/messaging-kafka';
import type { KafkaOptions } from '@nestjs/microservices';

export type KafkaTransportOptions = Required<KafkaOptions>['options'];

/** kafkajs's ERROR level (its `logLevel.ERROR`): anything less severe is not reported. */
const KAFKAJS_ERROR = 1;

/** The kafkajs client options of `rr.kafka.nest`'s NestJS client: TCP_NODELAY, errors logged. */
export function nestKafkaClientOptions(
  brokers: string[],
  clientId: string,
  log: (line: string) => void,
): KafkaTransportOptions['client'] {
  return {
    clientId,
    brokers,
    socketFactory: noDelaySocketFactory,
    logCreator: () => (entry) => {
      if ((entry.level as number) <= KAFKAJS_ERROR) log(`kafkajs ${entry.namespace}: ${entry.log.message}`);
    },
  };
}
