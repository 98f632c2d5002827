import { z } from 'zod';

/**
 * Structural schemas of the operators' custom resources commlab uses, written from their API references
 * (no npm package ships these CRDs' schemas). They check what the fields commlab sets must look like —
 * required fields, types, enums, ranges — and let other fields through, so they are a floor, not the
 * operators' full validation (the API server applies that, from the installed CRDs).
 */
const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/), z.number()]);
const resources = z.looseObject({
  requests: z.looseObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  limits: z.looseObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
});
const strimziClusterLabel = z.looseObject({
  labels: z.looseObject({ 'strimzi.io/cluster': z.string().min(1) }),
});
const positiveInt = z.number().int().positive();

/** kafka.strimzi.io/v1beta2 Kafka (KRaft, node pools). */
export const strimziKafkaSchema = z.looseObject({
  spec: z.looseObject({
    kafka: z.looseObject({
      version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a Kafka version x.y.z'),
      metadataVersion: z.string().optional(),
      listeners: z
        .array(
          z.looseObject({
            name: z.string().regex(/^[a-z0-9]{1,11}$/, 'lower-case letters and digits, at most 11'),
            port: z.number().int().min(9092),
            type: z.enum(['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip']),
            tls: z.boolean(),
          }),
        )
        .min(1),
      config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    }),
    entityOperator: z
      .looseObject({
        topicOperator: z.looseObject({}).optional(),
        userOperator: z.looseObject({}).optional(),
      })
      .optional(),
  }),
});

/** kafka.strimzi.io/v1beta2 KafkaNodePool. */
export const strimziNodePoolSchema = z.looseObject({
  metadata: strimziClusterLabel,
  spec: z.looseObject({
    replicas: positiveInt,
    roles: z.array(z.enum(['controller', 'broker'])).min(1),
    storage: z.looseObject({ type: z.enum(['ephemeral', 'persistent-claim', 'jbod']) }),
    resources: resources.optional(),
  }),
});

/** kafka.strimzi.io/v1beta2 KafkaTopic. */
export const strimziTopicSchema = z.looseObject({
  metadata: strimziClusterLabel,
  spec: z.looseObject({
    topicName: z.string().min(1).optional(),
    partitions: positiveInt,
    replicas: z.number().int().min(1).max(32767),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});

/** rabbitmq.com/v1beta1 RabbitmqCluster. */
export const rabbitmqClusterSchema = z.looseObject({
  spec: z.looseObject({
    replicas: z.number().int().min(0).optional(),
    image: z.string().min(1).optional(),
    resources: resources.optional(),
    persistence: z
      .looseObject({ storage: quantity.optional(), storageClassName: z.string().optional() })
      .optional(),
    rabbitmq: z
      .looseObject({
        additionalConfig: z.string().optional(),
        additionalPlugins: z.array(z.string()).optional(),
      })
      .optional(),
  }),
});

/** postgresql.cnpg.io/v1 Cluster. */
export const cnpgClusterSchema = z.looseObject({
  spec: z.looseObject({
    instances: positiveInt,
    imageName: z.string().min(1).optional(),
    bootstrap: z
      .looseObject({
        initdb: z.looseObject({ database: z.string().min(1), owner: z.string().min(1) }).optional(),
      })
      .optional(),
    postgresql: z.looseObject({ parameters: z.record(z.string(), z.string()).optional() }).optional(),
    storage: z.looseObject({ size: quantity }),
    resources: resources.optional(),
  }),
});

/** `apiVersion/kind` → the structural schema of an operator resource. */
export const OPERATOR_SCHEMAS: Record<string, z.ZodType> = {
  'kafka.strimzi.io/v1beta2/Kafka': strimziKafkaSchema,
  'kafka.strimzi.io/v1beta2/KafkaNodePool': strimziNodePoolSchema,
  'kafka.strimzi.io/v1beta2/KafkaTopic': strimziTopicSchema,
  'rabbitmq.com/v1beta1/RabbitmqCluster': rabbitmqClusterSchema,
  'postgresql.cnpg.io/v1/Cluster': cnpgClusterSchema,
};
