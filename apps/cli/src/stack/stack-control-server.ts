import { existsSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';

import { STACK_ACTIONS, type StackAction } from '@commlab/stack-ops';
import { StackRequestError, type StackSupervisor } from './stack-supervisor';

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const STATUS_OF_ERROR: Record<StackRequestError['code'], number> = {
  UNKNOWN_SERVICE: 404,
  WRONG_STATE: 409,
  START_FAILED: 502,
  BAD_REQUEST: 400,
};

/** The `{"env": {NAME: value}}` body of a start request (absent: no extra variables). */
async function readEnv(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  const env: unknown = (JSON.parse(text) as { env?: unknown }).env ?? {};
  const valid =
    typeof env === 'object' && env !== null && Object.values(env).every((value) => typeof value === 'string');
  if (!valid) throw new StackRequestError('BAD_REQUEST', 'env must map variable names to strings');
  return env as Record<string, string>;
}

async function handle(supervisor: StackSupervisor, request: IncomingMessage): Promise<[number, unknown]> {
  const path = new URL(request.url ?? '/', 'http://stack').pathname;
  if (request.method === 'GET' && path === '/services') return [200, { services: supervisor.status() }];
  const match = /^\/services\/([^/]+)\/([a-z]+)$/.exec(path);
  const name = match?.[1];
  const action = match?.[2] as StackAction | undefined;
  if (
    request.method !== 'POST' ||
    name === undefined ||
    action === undefined ||
    !STACK_ACTIONS.includes(action)
  ) {
    return [404, { code: 'NOT_FOUND', message: `no ${request.method ?? ''} ${path} here` }];
  }
  try {
    const service = decodeURIComponent(name);
    const status =
      action === 'stop'
        ? await supervisor.stop(service)
        : action === 'start'
          ? await supervisor.start(service, await readEnv(request))
          : action === 'pause'
            ? supervisor.pause(service)
            : supervisor.resume(service);
    return [200, status];
  } catch (error) {
    if (error instanceof StackRequestError) {
      return [STATUS_OF_ERROR[error.code], { code: error.code, message: error.message }];
    }
    throw error;
  }
}

/** Whether something listens on the Unix socket. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * A small HTTP API on a Unix socket (only this user, only this machine) through which `pnpm stack`
 * stops, starts, pauses and resumes the services of a running `pnpm start`.
 */
export async function startStackControlServer(
  supervisor: StackSupervisor,
  socketPath: string,
): Promise<{ close: () => Promise<void> }> {
  if (existsSync(socketPath)) {
    if (await answers(socketPath)) {
      throw new Error(
        `another pnpm start uses this data directory (${socketPath} answers); stop it, or set COMMLAB_DATA_DIR`,
      );
    }
    unlinkSync(socketPath); // left by a stack that was killed
  }
  const server: Server = createServer((request, response) => {
    handle(supervisor, request).then(
      ([status, body]) => {
        send(response, status, body);
      },
      (error: unknown) => {
        send(response, 500, {
          code: 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
