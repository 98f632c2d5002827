import type { KnownExternalSecrets } from './environment';
import type { K8sExpectations } from './expectations';
import { type K8sObject, objectsOfKind } from './manifests';
import { labelSelectorSchema, type Workload, workloadsOf } from './workloads';

/** A Service clients can reach by name: rendered, or created by an operator from a rendered resource. */
export interface KnownService {
  ports: readonly { name: string | undefined; port: number; targetPort: string | number | undefined }[];
  headless: boolean;
  /** The pod selector of a rendered Service (operator Services: undefined). */
  selector: Record<string, string> | undefined;
}

/** Everything the rules share about one rendered overlay. */
export interface CheckContext {
  objects: readonly K8sObject[];
  workloads: readonly Workload[];
  expectations: K8sExpectations;
  services: ReadonlyMap<string, KnownService>;
  externalSecrets: KnownExternalSecrets;
}

/** CloudNativePG's `<cluster>-app` Secret (its documented keys). */
const CNPG_APP_SECRET_KEYS = ['username', 'password', 'host', 'port', 'dbname', 'uri', 'jdbc-uri', 'pgpass'];
/** The RabbitMQ Cluster Operator's `<cluster>-default-user` Secret (the keys commlab may rely on). */
const RABBITMQ_DEFAULT_USER_KEYS = ['username', 'password', 'host', 'port'];

function spec(object: K8sObject): Record<string, unknown> {
  const value = (object as { spec?: unknown }).spec;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function renderedServices(objects: readonly K8sObject[]): [string, KnownService][] {
  return objectsOfKind(objects, 'Service').map((service) => {
    const body = spec(service) as {
      clusterIP?: string;
      selector?: Record<string, string>;
      ports?: { name?: string; port: number; targetPort?: string | number }[];
    };
    return [
      service.metadata.name,
      {
        ports: (body.ports ?? []).map(({ name, port, targetPort }) => ({ name, port, targetPort })),
        headless: body.clusterIP === 'None',
        selector: body.selector,
      },
    ];
  });
}

function operatorService(ports: number[]): KnownService {
  return {
    ports: ports.map((port) => ({ name: undefined, port, targetPort: port })),
    headless: false,
    selector: undefined,
  };
}

/** The Services the operators create for the rendered custom resources (their documented names). */
function operatorServices(objects: readonly K8sObject[]): [string, KnownService][] {
  const services: [string, KnownService][] = [];
  for (const kafka of objectsOfKind(objects, 'Kafka')) {
    const listeners = (spec(kafka).kafka as { listeners?: { port?: number }[] } | undefined)?.listeners ?? [];
    const ports = listeners.flatMap((listener) => (listener.port === undefined ? [] : [listener.port]));
    services.push([`${kafka.metadata.name}-kafka-bootstrap`, operatorService(ports)]);
  }
  for (const rabbit of objectsOfKind(objects, 'RabbitmqCluster')) {
    services.push([rabbit.metadata.name, operatorService([5672, 15672])]);
  }
  for (const cluster of objectsOfKind(objects, 'Cluster')) {
    for (const suffix of ['rw', 'ro', 'r']) {
      services.push([`${cluster.metadata.name}-${suffix}`, operatorService([5432])]);
    }
  }
  return services;
}

function externalSecrets(
  objects: readonly K8sObject[],
  expectations: K8sExpectations,
): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  for (const cluster of objectsOfKind(objects, 'Cluster')) {
    secrets.set(`${cluster.metadata.name}-app`, CNPG_APP_SECRET_KEYS);
  }
  for (const rabbit of objectsOfKind(objects, 'RabbitmqCluster')) {
    secrets.set(`${rabbit.metadata.name}-default-user`, RABBITMQ_DEFAULT_USER_KEYS);
  }
  for (const [name, keys] of Object.entries(expectations.documentedSecrets)) secrets.set(name, [...keys]);
  return secrets;
}

export function checkContext(objects: readonly K8sObject[], expectations: K8sExpectations): CheckContext {
  return {
    objects,
    workloads: workloadsOf(objects),
    expectations,
    services: new Map([...operatorServices(objects), ...renderedServices(objects)]),
    externalSecrets: externalSecrets(objects, expectations),
  };
}

/** The commlab workloads (those with a config schema) among the rendered ones. */
export function commlabWorkloads(context: CheckContext): Workload[] {
  return context.workloads.filter(
    (workload) => context.expectations.configSchemas[workload.name] !== undefined,
  );
}

/** A label selector in `spec.selector` (PDBs) or `spec.podSelector` (NetworkPolicies), parsed. */
export function selectorAt(object: K8sObject, field: 'selector' | 'podSelector') {
  const parsed = labelSelectorSchema.safeParse(spec(object)[field]);
  return parsed.success ? parsed.data : undefined;
}

export { spec as specOf };
