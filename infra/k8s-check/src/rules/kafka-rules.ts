import { compareTopics, parseTopicList } from '@commlab/compose-check';

import { type CheckContext, specOf } from '../check-context';
import { resolveEnvironment } from '../environment';
import { objectsOfKind } from '../manifests';

/** The variable of the local topic Job that lists "<topic>:<partitions>" (as compose's kafka-init). */
export const TOPIC_LIST_VARIABLE = 'COMMLAB_TOPICS';

function label(object: { metadata: { labels?: Record<string, string> } }, key: string): string | undefined {
  return object.metadata.labels?.[key];
}

/**
 * The topics an overlay creates, with their partitions: Strimzi KafkaTopic resources, or else the
 * COMMLAB_TOPICS list of a Job (the local overlay's kafka-topics). Throws when neither is there.
 */
export function renderedTopics(context: CheckContext): { source: string; topics: Map<string, number> } {
  const kafkaTopics = objectsOfKind(context.objects, 'KafkaTopic');
  if (kafkaTopics.length > 0) {
    const topics = new Map<string, number>();
    for (const topic of kafkaTopics) {
      const body = specOf(topic) as { topicName?: string; partitions?: number };
      topics.set(body.topicName ?? topic.metadata.name, body.partitions ?? 0);
    }
    return { source: 'KafkaTopic resources', topics };
  }
  for (const workload of context.workloads.filter((candidate) => candidate.kind === 'Job')) {
    for (const container of workload.pod.containers) {
      const list = resolveEnvironment(context.objects, container, context.externalSecrets).entries.get(
        TOPIC_LIST_VARIABLE,
      );
      if (list?.value !== undefined)
        return { source: `Job/${workload.name}`, topics: parseTopicList(list.value) };
    }
  }
  throw new Error(
    `no KafkaTopic resources and no Job with ${TOPIC_LIST_VARIABLE}: nothing creates the Kafka topics`,
  );
}

/** Brokers that would create topics on first use would do it with their default partitions: not allowed. */
function autoCreateProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  for (const kafka of objectsOfKind(context.objects, 'Kafka')) {
    const config = (specOf(kafka).kafka as { config?: Record<string, unknown> } | undefined)?.config ?? {};
    if (String(config['auto.create.topics.enable']) !== 'false') {
      problems.push(`Kafka/${kafka.metadata.name}: auto.create.topics.enable is not false`);
    }
  }
  for (const workload of context.workloads.filter((candidate) => candidate.name === 'kafka')) {
    const env = workload.pod.containers[0]?.env ?? [];
    if (env.find((variable) => variable.name === 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')?.value !== 'false') {
      problems.push(`${workload.kind}/kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE is not false`);
    }
  }
  return problems;
}

/** Strimzi topics belong to a rendered Kafka and are not replicated more than it has brokers. */
function strimziTopicProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  const clusters = new Set(objectsOfKind(context.objects, 'Kafka').map((kafka) => kafka.metadata.name));
  const brokers = new Map<string, number>();
  for (const pool of objectsOfKind(context.objects, 'KafkaNodePool')) {
    const body = specOf(pool) as { replicas?: number; roles?: string[] };
    const cluster = label(pool, 'strimzi.io/cluster') ?? '';
    if (body.roles?.includes('broker') === true)
      brokers.set(cluster, (brokers.get(cluster) ?? 0) + (body.replicas ?? 0));
  }
  for (const topic of objectsOfKind(context.objects, 'KafkaTopic')) {
    const cluster = label(topic, 'strimzi.io/cluster') ?? '';
    const replicas = (specOf(topic) as { replicas?: number }).replicas ?? 0;
    if (!clusters.has(cluster))
      problems.push(
        `KafkaTopic/${topic.metadata.name}: strimzi.io/cluster "${cluster}" is not a Kafka of this overlay`,
      );
    else if (replicas > (brokers.get(cluster) ?? 0)) {
      problems.push(
        `KafkaTopic/${topic.metadata.name}: ${String(replicas)} replicas, but Kafka ${cluster} has ${String(brokers.get(cluster) ?? 0)} brokers`,
      );
    }
  }
  return problems;
}

/** The topics match kafkaTopicLayout() in libs/contracts. */
export function topicProblems(context: CheckContext): string[] {
  let rendered;
  try {
    rendered = renderedTopics(context);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  return [
    ...compareTopics(rendered.topics, new Map(context.expectations.kafkaTopics)).map(
      (problem) => `${rendered.source}: ${problem}`,
    ),
    ...autoCreateProblems(context),
    ...strimziTopicProblems(context),
  ];
}

interface Scaler {
  name: string;
  target: string;
  min: number;
  max: number;
  triggers: { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[];
}

/** KEDA ScaledObjects and HorizontalPodAutoscalers: which Deployment they scale, between what bounds. */
export function scalersOf(context: CheckContext): Scaler[] {
  const scalers: Scaler[] = [];
  for (const scaled of objectsOfKind(context.objects, 'ScaledObject')) {
    const body = specOf(scaled) as {
      scaleTargetRef?: { name?: string };
      minReplicaCount?: number;
      maxReplicaCount?: number;
      triggers?: Scaler['triggers'];
    };
    scalers.push({
      name: `ScaledObject/${scaled.metadata.name}`,
      target: body.scaleTargetRef?.name ?? '',
      min: body.minReplicaCount ?? 0,
      max: body.maxReplicaCount ?? 100,
      triggers: body.triggers ?? [],
    });
  }
  for (const hpa of objectsOfKind(context.objects, 'HorizontalPodAutoscaler')) {
    const body = specOf(hpa) as {
      scaleTargetRef?: { name?: string };
      minReplicas?: number;
      maxReplicas?: number;
    };
    scalers.push({
      name: `HorizontalPodAutoscaler/${hpa.metadata.name}`,
      target: body.scaleTargetRef?.name ?? '',
      min: body.minReplicas ?? 1,
      max: body.maxReplicas ?? 1,
      triggers: [],
    });
  }
  return scalers;
}

/**
 * A partition has one consumer per group, so a consumer workload never runs more replicas — fixed or at
 * its autoscaler's maximum — than the topics it reads have partitions (extra replicas would idle, and
 * order-service instances without a reply partition would lose replies).
 */
export function partitionProblems(context: CheckContext): string[] {
  let topics: Map<string, number>;
  try {
    topics = renderedTopics(context).topics;
  } catch {
    return []; // topicProblems reports it
  }
  const problems: string[] = [];
  const scalers = scalersOf(context);
  for (const [name, groups] of Object.entries(context.expectations.kafkaConsumers)) {
    const workload = context.workloads.find((candidate) => candidate.name === name);
    if (workload === undefined) continue;
    const scaledMax = Math.max(
      0,
      ...scalers.filter((scaler) => scaler.target === name).map((scaler) => scaler.max),
    );
    const most = Math.max(workload.replicas, scaledMax);
    for (const { group, topics: read } of groups) {
      for (const topic of read) {
        const partitions = topics.get(topic) ?? 0;
        if (most > partitions) {
          problems.push(
            `${workload.kind}/${name}: may run ${String(most)} replicas, but ${topic} has ${String(partitions)} partitions (consumer group ${group})`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Autoscalers scale consumers on their own signal: a RabbitMQ trigger watches a queue the target
 * consumes, a Kafka trigger a consumer group of the target, at addresses the overlay serves.
 */
export function scalerProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  const { kafkaConsumers, rabbitConsumers } = context.expectations;
  const authentications = new Set(
    objectsOfKind(context.objects, 'TriggerAuthentication').map((auth) => auth.metadata.name),
  );
  for (const scaler of scalersOf(context)) {
    const target = context.workloads.find(
      (workload) => workload.kind === 'Deployment' && workload.name === scaler.target,
    );
    if (target === undefined) {
      problems.push(`${scaler.name}: scales ${scaler.target}, which is not a Deployment of this overlay`);
      continue;
    }
    if (scaler.min > scaler.max)
      problems.push(`${scaler.name}: minimum ${String(scaler.min)} above maximum ${String(scaler.max)}`);
    for (const trigger of scaler.triggers) {
      if (trigger.type === 'rabbitmq') {
        const queue = trigger.metadata.queueName ?? '';
        if (!(rabbitConsumers[scaler.target] ?? []).includes(queue)) {
          problems.push(`${scaler.name}: watches queue "${queue}", which ${scaler.target} does not consume`);
        }
        if (!authentications.has(trigger.authenticationRef?.name ?? '')) {
          problems.push(`${scaler.name}: its rabbitmq trigger has no TriggerAuthentication of this overlay`);
        }
      } else if (trigger.type === 'kafka') {
        const group = trigger.metadata.consumerGroup ?? '';
        const groups = kafkaConsumers[scaler.target] ?? [];
        if (!groups.some((candidate) => candidate.group === group)) {
          problems.push(`${scaler.name}: watches consumer group "${group}", which ${scaler.target} is not`);
        }
        for (const broker of (trigger.metadata.bootstrapServers ?? '').split(',')) {
          const [host, port] = broker.trim().split(':');
          const service = context.services.get(host ?? '');
          if (service?.ports.some((candidate) => String(candidate.port) === port) !== true) {
            problems.push(`${scaler.name}: bootstrapServers ${broker} is not a Service port of this overlay`);
          }
        }
      }
    }
  }
  for (const auth of objectsOfKind(context.objects, 'TriggerAuthentication')) {
    const refs =
      (specOf(auth) as { secretTargetRef?: { name: string; key: string }[] }).secretTargetRef ?? [];
    for (const { name, key } of refs) {
      const rendered = objectsOfKind(context.objects, 'Secret').find(
        (secret) => secret.metadata.name === name,
      );
      const keys =
        rendered === undefined
          ? context.externalSecrets.get(name)
          : Object.keys((rendered as { data?: object }).data ?? {});
      if (keys?.includes(key) !== true)
        problems.push(
          `TriggerAuthentication/${auth.metadata.name}: reads ${name}/${key}, which is not a known Secret key`,
        );
    }
  }
  return problems;
}
