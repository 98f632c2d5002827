import { ConfigError, loadConfig } from '@commlab/config';
import type { z } from 'zod';

import {
  type ComposeFile,
  type ComposeService,
  publishedPorts,
  serviceDependencies,
  serviceEnvironment,
} from './compose-file';
import { referencedHosts } from './env-references';
import { compareTopics, parseTopicList } from './kafka-topics';

/** A service's config schema (an `infrastructureConfigSchema.extend(...)` object). */
export type ServiceConfigSchema = z.ZodObject;

/** What docker-compose.yml is checked against: facts taken from the code. */
export interface ComposeExpectations {
  /** Config schema of every service built from this repo (compose services with `build:`). */
  configSchemas: Record<string, ServiceConfigSchema>;
  /** Host ports each service publishes (brokers and services), from PORTS in @commlab/contracts. */
  publishedPorts: Record<string, readonly number[]>;
  /** The config variables holding a service's own listening ports, with their values from PORTS. */
  listenPorts: Record<string, Record<string, number>>;
  /** Broker/database service a variable points at, e.g. DATABASE_URL → postgres. */
  variableTargets: Record<string, string>;
  /** Values every repo-built service must have in compose (e.g. BIND_HOST=0.0.0.0). */
  requiredValues: Record<string, string>;
  /** The one-shot service creating Kafka topics, and the topics (with partitions) it must create. */
  kafkaInit: { service: string; variable: string; topics: Map<string, number> };
  /** Databases infra/docker/postgres creates; each DATABASE_URL must name one of them. */
  createdDatabases: readonly string[];
}

/** One-shot services (they exit; `restart: "no"`) need no healthcheck; others wait for them to complete. */
function isOneShot(service: ComposeService): boolean {
  return service.restart === 'no';
}

function hasHealthcheck(service: ComposeService): boolean {
  const check = service.healthcheck;
  if (check === undefined || check.disable === true) return false;
  const test = check.test;
  if (test === undefined) return false;
  if (Array.isArray(test)) return test.length > 1 && test[0] !== 'NONE';
  return test.trim().length > 0;
}

function checkImage(name: string, service: ComposeService, problems: string[]): void {
  if (service.image === undefined) {
    problems.push(`${name}: no image (set image: <name>:<version>, also for built services)`);
    return;
  }
  const lastSegment = service.image.split('/').at(-1) ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  if (tag === '') problems.push(`${name}: image ${service.image} has no tag (pin a version)`);
  else if (tag === 'latest' || !/\d/.test(tag)) {
    problems.push(`${name}: image ${service.image} is not pinned to a version`);
  }
}

function checkMemoryLimit(name: string, service: ComposeService, problems: string[]): void {
  const limit = service.mem_limit ?? service.deploy?.resources?.limits?.memory;
  if (limit === undefined || String(limit).trim() === '')
    problems.push(`${name}: no memory limit (mem_limit)`);
}

function checkPorts(
  name: string,
  service: ComposeService,
  expectations: ComposeExpectations,
  problems: string[],
): void {
  const published = publishedPorts(service);
  const expected = expectations.publishedPorts[name];
  if (expected === undefined) {
    if (published.length > 0) problems.push(`${name}: publishes ports but has no ports in the contracts`);
    return;
  }
  const hostPorts = published.map((port) => port.host).sort((a, b) => a - b);
  const wanted = [...expected].sort((a, b) => a - b);
  if (JSON.stringify(hostPorts) !== JSON.stringify(wanted)) {
    problems.push(
      `${name}: publishes host ports [${hostPorts.join(', ')}]; the contracts say [${wanted.join(', ')}]`,
    );
  }
  // A repo-built service listens on its contract ports, so container and host ports are the same.
  if (service.build !== undefined) {
    for (const port of published) {
      if (port.host !== port.container) {
        problems.push(
          `${name}: publishes ${port.host}:${port.container}; the service listens on ${port.host}`,
        );
      }
    }
  }
}

/** Whether `dependency` waits for `target` properly: healthy, or (one-shot target) completed. */
function waitsFor(compose: ComposeFile, dependencies: Map<string, string>, target: string): boolean {
  const targetService = compose.services[target];
  const wanted =
    targetService !== undefined && isOneShot(targetService)
      ? 'service_completed_successfully'
      : 'service_healthy';
  return dependencies.get(target) === wanted;
}

function checkDependencies(
  name: string,
  service: ComposeService,
  compose: ComposeFile,
  expectations: ComposeExpectations,
  problems: string[],
): void {
  const environment = serviceEnvironment(service);
  const dependencies = serviceDependencies(service);
  const needed = new Set<string>();
  for (const [variable, value] of Object.entries(environment)) {
    const target = expectations.variableTargets[variable];
    for (const reference of referencedHosts(value)) {
      const referenced = compose.services[reference.host];
      if (referenced === undefined) {
        if (target !== undefined) {
          problems.push(`${name}: ${variable} points at ${reference.host}, which is not a compose service`);
        }
        continue;
      }
      needed.add(reference.host);
      if (target !== undefined && reference.host !== target) {
        problems.push(`${name}: ${variable} points at ${reference.host}; expected the ${target} service`);
      }
      // A service reached by its port must listen there (its container port).
      if (reference.port !== undefined && referenced.build !== undefined) {
        const containerPorts = publishedPorts(referenced).map((port) => port.container);
        if (!containerPorts.includes(reference.port)) {
          problems.push(
            `${name}: ${variable} uses ${reference.host}:${reference.port}, which ${reference.host} does not listen on`,
          );
        }
      }
    }
  }
  // Kafka users also wait for the topics to exist.
  if (
    environment.KAFKA_BROKERS !== undefined &&
    compose.services[expectations.kafkaInit.service] !== undefined
  ) {
    needed.add(expectations.kafkaInit.service);
  }
  for (const target of needed) {
    if (target === name) continue;
    if (!waitsFor(compose, dependencies, target)) {
      const targetService = compose.services[target];
      const condition =
        targetService !== undefined && isOneShot(targetService)
          ? 'service_completed_successfully'
          : 'service_healthy';
      problems.push(
        `${name}: uses ${target} but does not wait for it (depends_on: ${target}: condition: ${condition})`,
      );
    }
  }
  for (const dependency of dependencies.keys()) {
    if (compose.services[dependency] === undefined) {
      problems.push(`${name}: depends on ${dependency}, which is not a compose service`);
    }
  }
}

function describeConfigError(error: unknown): string {
  if (error instanceof ConfigError) {
    return error.issues.map((issue) => `${issue.variable} (expected ${issue.expected})`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

function checkEnvironment(
  name: string,
  service: ComposeService,
  expectations: ComposeExpectations,
  problems: string[],
): void {
  const schema = expectations.configSchemas[name];
  if (schema === undefined) {
    problems.push(`${name}: built from this repo but no config schema is known for it`);
    return;
  }
  const environment = serviceEnvironment(service);
  const known = Object.keys(schema.shape);
  for (const variable of Object.keys(environment)) {
    if (!known.includes(variable))
      problems.push(`${name}: sets ${variable}, which its config schema does not know`);
  }
  for (const variable of known) {
    const field = schema.shape[variable] as z.ZodType | undefined;
    if (field !== undefined && !field.safeParse(undefined).success && environment[variable] === undefined) {
      problems.push(`${name}: does not set ${variable}, which its config schema requires`);
    }
  }
  for (const [variable, value] of Object.entries(expectations.requiredValues)) {
    if (known.includes(variable) && environment[variable] !== value) {
      problems.push(
        `${name}: ${variable} must be ${value} in compose (got ${environment[variable] ?? 'unset'})`,
      );
    }
  }
  let config: Record<string, unknown>;
  try {
    config = loadConfig(schema, environment);
  } catch (error) {
    problems.push(`${name}: invalid environment: ${describeConfigError(error)}`);
    return;
  }
  for (const [variable, port] of Object.entries(expectations.listenPorts[name] ?? {})) {
    if (config[variable] !== port) {
      problems.push(`${name}: ${variable} is ${String(config[variable])}; the contracts say ${port}`);
    }
  }
  const databaseUrl = environment.DATABASE_URL;
  if (databaseUrl !== undefined) {
    const database = new URL(databaseUrl).pathname.replace(/^\//, '');
    if (!expectations.createdDatabases.includes(database)) {
      problems.push(
        `${name}: DATABASE_URL names database "${database}", which infra/docker/postgres does not create`,
      );
    }
  }
}

function checkKafkaTopics(compose: ComposeFile, expectations: ComposeExpectations, problems: string[]): void {
  const { service: initName, variable, topics } = expectations.kafkaInit;
  const init = compose.services[initName];
  if (init === undefined) {
    problems.push(`${initName}: missing (it creates the Kafka topics)`);
    return;
  }
  const list = serviceEnvironment(init)[variable];
  if (list === undefined) {
    problems.push(`${initName}: does not set ${variable} (the topics to create)`);
    return;
  }
  try {
    for (const problem of compareTopics(parseTopicList(list), topics))
      problems.push(`${initName}: ${problem}`);
  } catch (error) {
    problems.push(`${initName}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Every way docker-compose.yml disagrees with the code or with the stack's rules (empty = none):
 * healthchecks, startup order (depends_on service_healthy for whatever a service's env points at),
 * config variables (unknown, missing, invalid), ports, pinned images, memory limits, Kafka topics.
 */
export function checkCompose(compose: ComposeFile, expectations: ComposeExpectations): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    if (!isOneShot(service) && !hasHealthcheck(service)) problems.push(`${name}: no healthcheck`);
    checkImage(name, service, problems);
    checkMemoryLimit(name, service, problems);
    checkPorts(name, service, expectations, problems);
    checkDependencies(name, service, compose, expectations, problems);
    if (service.build !== undefined) checkEnvironment(name, service, expectations, problems);
  }
  checkKafkaTopics(compose, expectations, problems);
  return problems;
}
