import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { authConfigSchema } from '@commlab/auth-service';
import { consoleConfigSchema } from '@commlab/console';
import { tracingConfigSchema } from '@commlab/config';
import { inventoryConfigSchema } from '@commlab/inventory-service';
import { notificationConfigSchema } from '@commlab/notification-service';
import { orderConfigSchema } from '@commlab/order-service';
import { reportingConfigSchema } from '@commlab/reporting-service';

import {
  type ComposeExpectations,
  type ComposeFile,
  composeExpectations,
  createdDatabaseNames,
  parseComposeFile,
  type ServiceConfigSchema,
} from '../src';

/** The repository root (this file is infra/compose-check/test/). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const COMPOSE_PATH = join(REPO_ROOT, 'docker-compose.yml');
export const DOCKER_DIR = join(REPO_ROOT, 'infra', 'docker');
export const POSTGRES_INIT_SQL = join(DOCKER_DIR, 'postgres', '01-create-databases.sql');

/** What a service process reads: its own schema, and the tracing one (@commlab/tracing, before it). */
const withTracing = (schema: ServiceConfigSchema): ServiceConfigSchema =>
  schema.extend(tracingConfigSchema.shape);

/** Config schemas of the services compose builds from this repo. */
export const CONFIG_SCHEMAS: Record<string, ServiceConfigSchema> = {
  'auth-service': withTracing(authConfigSchema),
  'inventory-service': withTracing(inventoryConfigSchema),
  'order-service': withTracing(orderConfigSchema),
  'notification-service': withTracing(notificationConfigSchema),
  'reporting-service': withTracing(reportingConfigSchema),
  console: consoleConfigSchema,
};

export async function loadRepoCompose(): Promise<{
  compose: ComposeFile;
  expectations: ComposeExpectations;
}> {
  const [text, sql] = await Promise.all([
    readFile(COMPOSE_PATH, 'utf8'),
    readFile(POSTGRES_INIT_SQL, 'utf8'),
  ]);
  return {
    compose: parseComposeFile(text),
    expectations: composeExpectations(CONFIG_SCHEMAS, createdDatabaseNames(sql)),
  };
}
