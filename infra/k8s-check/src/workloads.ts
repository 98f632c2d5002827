import { z } from 'zod';

import type { K8sObject } from './manifests';

/**
 * The parts of pod templates the rules read. Loose: the Kubernetes schemas (schema-validation.ts) check
 * the rest; these only give the rules typed access.
 */
const stringMap = z.record(z.string(), z.string());
const portRef = z.union([z.string(), z.number()]);

const probeSchema = z.looseObject({
  httpGet: z.looseObject({ path: z.string().optional(), port: portRef }).optional(),
  tcpSocket: z.looseObject({ port: portRef }).optional(),
  exec: z.looseObject({ command: z.array(z.string()).optional() }).optional(),
  grpc: z.looseObject({ port: z.number() }).optional(),
  periodSeconds: z.number().optional(),
  failureThreshold: z.number().optional(),
});
export type Probe = z.infer<typeof probeSchema>;

const keyRefSchema = z.looseObject({ name: z.string(), key: z.string(), optional: z.boolean().optional() });

export const envVarSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z
    .looseObject({ configMapKeyRef: keyRefSchema.optional(), secretKeyRef: keyRefSchema.optional() })
    .optional(),
});
export type EnvVar = z.infer<typeof envVarSchema>;

const sourceRefSchema = z.looseObject({ name: z.string(), optional: z.boolean().optional() });
export const envFromSchema = z.looseObject({
  prefix: z.string().optional(),
  configMapRef: sourceRefSchema.optional(),
  secretRef: sourceRefSchema.optional(),
});
export type EnvFrom = z.infer<typeof envFromSchema>;

const securityContextSchema = z.looseObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  privileged: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  capabilities: z
    .looseObject({ add: z.array(z.string()).optional(), drop: z.array(z.string()).optional() })
    .optional(),
  seccompProfile: z.looseObject({ type: z.string() }).optional(),
});
export type SecurityContext = z.infer<typeof securityContextSchema>;

const quantity = z.union([z.string(), z.number()]);
const resourceListSchema = z.looseObject({ cpu: quantity.optional(), memory: quantity.optional() });

export const containerSchema = z.looseObject({
  name: z.string(),
  image: z.string().optional(),
  ports: z.array(z.looseObject({ name: z.string().optional(), containerPort: z.number() })).optional(),
  env: z.array(envVarSchema).optional(),
  envFrom: z.array(envFromSchema).optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  readinessProbe: probeSchema.optional(),
  livenessProbe: probeSchema.optional(),
  startupProbe: probeSchema.optional(),
  resources: z
    .looseObject({ requests: resourceListSchema.optional(), limits: resourceListSchema.optional() })
    .optional(),
  securityContext: securityContextSchema.optional(),
  volumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string() })).optional(),
});
export type Container = z.infer<typeof containerSchema>;

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema),
  initContainers: z.array(containerSchema).optional(),
  securityContext: securityContextSchema.optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  volumes: z
    .array(
      z.looseObject({
        name: z.string(),
        emptyDir: z.looseObject({}).optional(),
        hostPath: z.looseObject({}).optional(),
      }),
    )
    .optional(),
});
export type PodSpec = z.infer<typeof podSpecSchema>;

const workloadSchema = z.looseObject({
  spec: z.looseObject({
    replicas: z.number().optional(),
    selector: z.looseObject({ matchLabels: stringMap.optional() }).optional(),
    template: z.looseObject({
      metadata: z.looseObject({ labels: stringMap.optional() }).optional(),
      spec: podSpecSchema,
    }),
  }),
});

/** Kinds that run pods from a template, and whether their pods keep running (probes make sense). */
export const WORKLOAD_KINDS: Record<string, { longRunning: boolean }> = {
  Deployment: { longRunning: true },
  StatefulSet: { longRunning: true },
  DaemonSet: { longRunning: true },
  Job: { longRunning: false },
};

/** A workload object with its pod template, typed. */
export interface Workload {
  object: K8sObject;
  name: string;
  kind: string;
  longRunning: boolean;
  /** `spec.replicas` (1 when unset, as Kubernetes defaults it; Jobs and DaemonSets: 1). */
  replicas: number;
  podLabels: Record<string, string>;
  pod: PodSpec;
}

/** Every workload among the objects; a template that does not parse is reported by the schema check. */
export function workloadsOf(objects: readonly K8sObject[]): Workload[] {
  const workloads: Workload[] = [];
  for (const object of objects) {
    const kind = WORKLOAD_KINDS[object.kind];
    if (kind === undefined) continue;
    const parsed = workloadSchema.safeParse(object);
    if (!parsed.success) continue;
    workloads.push({
      object,
      name: object.metadata.name,
      kind: object.kind,
      longRunning: kind.longRunning,
      replicas: parsed.data.spec.replicas ?? 1,
      podLabels: parsed.data.spec.template.metadata?.labels ?? {},
      pod: parsed.data.spec.template.spec,
    });
  }
  return workloads;
}

/** All containers of a pod, init containers included. */
export function allContainers(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

export const labelSelectorSchema = z.looseObject({
  matchLabels: stringMap.optional(),
  matchExpressions: z
    .array(z.looseObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() }))
    .optional(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** Whether a label selector selects a pod with these labels (an empty selector selects every pod). */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const value = labels[key];
    const matches =
      operator === 'In'
        ? value !== undefined && values.includes(value)
        : operator === 'NotIn'
          ? value === undefined || !values.includes(value)
          : operator === 'Exists'
            ? value !== undefined
            : value === undefined;
    if (!matches) return false;
  }
  return true;
}
