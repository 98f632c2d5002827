import { createServer } from 'node:net';

import { STACK_PORT_VARIABLES, type StackPortVariable } from '@commlab/contracts';

/** Whether nothing listens on `port` on loopback right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/**
 * Ports for a whole `pnpm start` of a test: a random block of free ports below Linux's ephemeral range
 * (32768+). Ports picked with port 0 come from that range, which every outgoing connection of the other
 * test runs on the machine also draws from, so one can be taken again before the service binds it; a
 * block below it is only ever taken by another listener. Never the default ports (3000–3004, 8080, …).
 */
export async function stackPorts(): Promise<Record<StackPortVariable, string>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = STACK_PORT_VARIABLES.map((_, index) => base + index);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) {
      return Object.fromEntries(
        STACK_PORT_VARIABLES.map((name, index) => [name, String(ports[index])]),
      ) as Record<StackPortVariable, string>;
    }
  }
  throw new Error(`no block of ${String(STACK_PORT_VARIABLES.length)} free ports between 20000 and 32767`);
}
