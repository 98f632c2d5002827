/** `host:port`, the form of gRPC targets and Kafka bootstrap lists. */
const HOST_PORT = /^([A-Za-z0-9.\-_]+):(\d{1,5})$/;

/** A host a service connects to, named in one of its environment values. */
export interface HostReference {
  host: string;
  /** The port, when the value names one. */
  port: number | undefined;
}

/**
 * The hosts an environment value points at: the host of a URL (`postgres://u:p@postgres:5432/db`), or
 * each `host:port` of a comma-separated list (`kafka:9092,kafka2:9092`). Anything else (JSON, words,
 * numbers) names no host.
 */
export function referencedHosts(value: string): HostReference[] {
  const references: HostReference[] = [];
  for (const part of value.split(',').map((item) => item.trim())) {
    if (part.includes('://')) {
      let url: URL;
      try {
        url = new URL(part);
      } catch {
        continue;
      }
      if (url.hostname !== '') {
        references.push({ host: url.hostname, port: url.port === '' ? undefined : Number(url.port) });
      }
      continue;
    }
    const match = HOST_PORT.exec(part);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      references.push({ host: match[1], port: Number(match[2]) });
    }
  }
  return references;
}
