import { createdDatabaseNames } from '@commlab/compose-check';

import { type CheckContext, commlabWorkloads } from '../check-context';
import { resolveEnvironment, sourceData } from '../environment';
import { baseName, objectsOfKind } from '../manifests';

/** The settings lines of a RabbitMQ .conf file (comments and blank lines dropped), sorted. */
export function rabbitmqSettingLines(conf: string): string[] {
  return conf
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/\s*=\s*/, ' = '))
    .sort();
}

function configMapData(context: CheckContext, name: string): Record<string, string> | undefined {
  const object = objectsOfKind(context.objects, 'ConfigMap').find(
    (candidate) => baseName(candidate) === name,
  );
  return object === undefined
    ? undefined
    : sourceData(context.objects, 'ConfigMap', object.metadata.name)?.data;
}

/**
 * What the cluster shares with the compose stack stays the same: the images (the services' and the
 * in-cluster brokers'), RabbitMQ's settings (infra/docker/rabbitmq) and the databases
 * (infra/docker/postgres), which every DATABASE_URL with a literal value must name.
 */
export function composeParityProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  const { composeImages, composeCounterparts } = context.expectations;
  for (const workload of context.workloads) {
    const counterpart = composeCounterparts[workload.name];
    const wanted = counterpart === undefined ? undefined : composeImages[counterpart];
    const image = workload.pod.containers[0]?.image;
    if (wanted !== undefined && image !== wanted) {
      problems.push(
        `${workload.kind}/${workload.name}: image ${image ?? 'none'}; docker-compose.yml's ${counterpart ?? ''} uses ${wanted}`,
      );
    }
  }
  const rabbitConf = configMapData(context, 'rabbitmq-config')?.['10-commlab.conf'];
  if (rabbitConf !== undefined) {
    const got = rabbitmqSettingLines(rabbitConf);
    const wanted = [...context.expectations.rabbitmqSettings].sort();
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      problems.push(
        `ConfigMap/rabbitmq-config: settings [${got.join('; ')}] differ from infra/docker/rabbitmq's [${wanted.join('; ')}]`,
      );
    }
  }
  const initSql = configMapData(context, 'postgres-init')?.['01-create-databases.sql'];
  if (initSql !== undefined) {
    const created = createdDatabaseNames(initSql).sort();
    const wanted = [...context.expectations.createdDatabases].sort();
    if (JSON.stringify(created) !== JSON.stringify(wanted)) {
      problems.push(
        `ConfigMap/postgres-init: creates [${created.join(', ')}]; infra/docker/postgres creates [${wanted.join(', ')}]`,
      );
    }
    for (const workload of commlabWorkloads(context)) {
      const container = workload.pod.containers[0];
      if (container === undefined) continue;
      const url = resolveEnvironment(context.objects, container, context.externalSecrets).entries.get(
        'DATABASE_URL',
      )?.value;
      if (url === undefined || !URL.canParse(url)) continue;
      const database = new URL(url).pathname.replace(/^\//, '');
      if (!created.includes(database)) {
        problems.push(
          `${workload.kind}/${workload.name}: DATABASE_URL names database "${database}", which postgres-init does not create`,
        );
      }
    }
  }
  return problems;
}
