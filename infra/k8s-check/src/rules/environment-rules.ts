import { referencedHosts } from '@commlab/compose-check';
import { ConfigError, loadConfig } from '@commlab/config';
import type { z } from 'zod';

import { type CheckContext, commlabWorkloads } from '../check-context';
import { type EnvEntry, resolveEnvironment } from '../environment';

/** Userinfo with a password in a URL (`scheme://user:secret@host`). */
const URL_CREDENTIALS = /\/\/[^:/@\s]+:[^@/\s]+@/;

function describeConfigError(error: unknown): string {
  if (error instanceof ConfigError) {
    return error.issues.map((issue) => `${issue.variable} (expected ${issue.expected})`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Hosts in the overlay's own namespace are single names (`kafka`) or `name.<namespace>[.svc…]`. */
function serviceName(host: string, namespace: string | undefined): string | undefined {
  const [name, otherNamespace] = host.split('.');
  if (otherNamespace === undefined) return name;
  return otherNamespace === namespace ? name : undefined;
}

function hostProblems(context: CheckContext, variable: string, value: string, namespace: string | undefined) {
  const problems: string[] = [];
  for (const reference of referencedHosts(value)) {
    const name = serviceName(reference.host, namespace);
    if (name === undefined) continue; // another namespace or an outside address: not in this render
    const service = context.services.get(name);
    if (service === undefined) {
      problems.push(`${variable} points at ${reference.host}, which is not a Service of this overlay`);
    } else if (reference.port !== undefined && !service.ports.some((port) => port.port === reference.port)) {
      problems.push(
        `${variable} uses ${reference.host}:${String(reference.port)}, a port ${name} does not serve`,
      );
    } else if (variable.endsWith('_GRPC_URL') && !service.headless) {
      problems.push(`${variable} points at ${name}, which is not headless (gRPC needs every pod's address)`);
    }
  }
  return problems;
}

/**
 * Each commlab container's environment, as Kubernetes builds it from env and envFrom, against the config
 * schema its service validates at boot (libs/config, apps/<service>/src/config): every variable known to
 * the schema (or read by a library itself), the required ones set, credentials only from Secrets, the
 * values valid (loadConfig), ports as in the contracts, and every host a Service of the overlay.
 */
export function environmentProblems(context: CheckContext): string[] {
  const problems: string[] = [];
  const { expectations } = context;
  for (const workload of commlabWorkloads(context)) {
    const schema = expectations.configSchemas[workload.name];
    const container = workload.pod.containers[0];
    if (schema === undefined || container === undefined) continue;
    const id = `${workload.kind}/${workload.name}`;
    const { entries, problems: references } = resolveEnvironment(
      context.objects,
      container,
      context.externalSecrets,
    );
    problems.push(...references.map((problem) => `${id}: ${problem}`));
    const known = Object.keys(schema.shape);
    for (const [variable, entry] of entries) {
      if (!known.includes(variable) && !expectations.libraryVariables.includes(variable)) {
        problems.push(`${id}: sets ${variable}, which its config schema does not know`);
      }
      const holdsCredentials =
        expectations.secretVariables.includes(variable) || URL_CREDENTIALS.test(entry.value ?? '');
      if (holdsCredentials && entry.source.kind !== 'secret' && entry.source.kind !== 'externalSecret') {
        problems.push(
          `${id}: ${variable} holds credentials but comes from ${entry.source.kind === 'literal' ? 'a literal' : `ConfigMap ${entry.source.name}`}; use a Secret`,
        );
      }
      if (entry.value !== undefined) {
        problems.push(
          ...hostProblems(context, variable, entry.value, workload.object.metadata.namespace).map(
            (problem) => `${id}: ${problem}`,
          ),
        );
      }
    }
    for (const variable of known) {
      const field = schema.shape[variable] as z.ZodType | undefined;
      if (field !== undefined && !field.safeParse(undefined).success && !entries.has(variable)) {
        problems.push(`${id}: does not set ${variable}, which its config schema requires`);
      }
    }
    for (const [variable, value] of Object.entries(expectations.requiredValues)) {
      const got = entries.get(variable)?.value;
      if (known.includes(variable) && got !== value)
        problems.push(`${id}: ${variable} must be ${value} (got ${got ?? 'unset'})`);
    }
    problems.push(...configProblems(context, workload.name, entries).map((problem) => `${id}: ${problem}`));
  }
  return problems;
}

/** loadConfig over the values the render holds; listen ports against the contracts and the container. */
function configProblems(context: CheckContext, name: string, entries: Map<string, EnvEntry>): string[] {
  const schema = context.expectations.configSchemas[name];
  if (schema === undefined) return [];
  const values: Record<string, string> = {};
  for (const [variable, entry] of entries) if (entry.value !== undefined) values[variable] = entry.value;
  let config: Record<string, unknown>;
  try {
    config = loadConfig(schema, values);
  } catch (error) {
    return [`invalid environment: ${describeConfigError(error)}`];
  }
  const problems: string[] = [];
  const workload = context.workloads.find((candidate) => candidate.name === name);
  const containerPorts = workload?.pod.containers[0]?.ports?.map((port) => port.containerPort) ?? [];
  for (const [variable, port] of Object.entries(context.expectations.listenPorts[name] ?? {})) {
    if (config[variable] !== port)
      problems.push(`${variable} is ${String(config[variable])}; the contracts say ${String(port)}`);
    else if (!containerPorts.includes(port))
      problems.push(`listens on ${String(port)} (${variable}) but declares no such container port`);
  }
  return problems;
}
