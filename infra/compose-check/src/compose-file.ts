import { parse } from 'yaml';
import { z } from 'zod';

/** A scalar as YAML gives it; compose turns every environment value into a string. */
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const dependencySchema = z.looseObject({ condition: z.string().optional() });

/** The parts of a compose service the checks read; everything else passes through untouched. */
export const composeServiceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.unknown().optional(),
  profiles: z.array(z.string()).optional(),
  restart: z.string().optional(),
  mem_limit: scalar.optional(),
  deploy: z
    .looseObject({
      resources: z
        .looseObject({ limits: z.looseObject({ memory: scalar.optional() }).optional() })
        .optional(),
    })
    .optional(),
  ports: z.array(scalar).optional(),
  environment: z.union([z.record(z.string(), scalar.nullable()), z.array(z.string())]).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), dependencySchema)]).optional(),
  healthcheck: z
    .looseObject({
      test: z.union([z.string(), z.array(z.string())]).optional(),
      disable: z.boolean().optional(),
    })
    .optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
});
export type ComposeService = z.infer<typeof composeServiceSchema>;

export const composeFileSchema = z.looseObject({
  services: z.record(z.string(), composeServiceSchema),
  volumes: z.record(z.string(), z.unknown().nullable()).optional(),
});
export type ComposeFile = z.infer<typeof composeFileSchema>;

/** Parses docker-compose.yml text (anchors and `<<` merge keys resolved) into the shape the checks read. */
export function parseComposeFile(text: string): ComposeFile {
  const document: unknown = parse(text, { merge: true, maxAliasCount: -1 });
  return composeFileSchema.parse(document);
}

/** A service's environment as strings (list form `KEY=value` or map form), like compose passes it. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  const result: Record<string, string> = {};
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      const equals = entry.indexOf('=');
      if (equals > 0) result[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    return result;
  }
  for (const [key, value] of Object.entries(environment)) {
    if (value !== null) result[key] = String(value);
  }
  return result;
}

/** `depends_on` as service → condition (the short list form has no condition: `service_started`). */
export function serviceDependencies(service: ComposeService): Map<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return new Map(dependsOn.map((name) => [name, 'service_started']));
  return new Map(
    Object.entries(dependsOn).map(([name, dependency]) => [name, dependency.condition ?? 'service_started']),
  );
}

/** A published port `host:container` (or `ip:host:container`, `/tcp` suffix) as numbers. */
export interface PublishedPort {
  host: number;
  container: number;
}

export function publishedPorts(service: ComposeService): PublishedPort[] {
  return (service.ports ?? []).map((entry) => {
    const parts = String(entry)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const container = Number(parts.at(-1));
    const host = parts.length >= 2 ? Number(parts.at(-2)) : Number.NaN;
    return { host, container };
  });
}
