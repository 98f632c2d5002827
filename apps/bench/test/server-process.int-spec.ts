import { connect } from 'node:net';

import { processCpuMs } from '../src/processes/process-cpu';
import type { ScenarioContext } from '../src/scenario';
import {
  attributeServerSockets,
  serverNoDelayReports,
  startServerProcess,
  stopServerProcesses,
} from '../src/servers/server-process';
import { serverChildren } from './support/server-children';

/** Enough of a scenario context for servers that use no broker. */
const context: Pick<ScenarioContext, 'endpoints' | 'log'> = {
  endpoints: {
    rabbitmqUrl: 'amqp://127.0.0.1:1',
    redisUrl: 'redis://127.0.0.1:1',
    kafka: () => Promise.reject(new Error('no Kafka in this test')),
  },
  log: () => undefined,
};

function echo(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('utf8'));
    });
    socket.once('error', reject);
  });
}

/**
 * A bench server process for real: forked with the bench's loader, serving from a process of its own,
 * judging its own sockets' TCP_NODELAY and gone once stopped.
 */
describe('bench server processes', () => {
  afterAll(() => stopServerProcesses());

  it('serves from a process of its own, reports its sockets as it stops, and is gone after', async () => {
    attributeServerSockets('test.echo');
    const server = await startServerProcess(context, 'tcp-echo', {}, { name: 'echo server' });
    expect(server.pid).not.toBe(process.pid);
    expect(processCpuMs(server.pid)).toBeDefined();
    expect(server.processes()).toEqual([{ pid: server.pid, name: 'echo server' }]);
    await expect(echo(server.ready.port, 'ping')).resolves.toBe('ping');

    await server.stop();
    expect(processCpuMs(server.pid)).toBeUndefined();
    expect(serverChildren()).toEqual([]);
    // The echo server's accepted socket, TCP_NODELAY on.
    expect(serverNoDelayReports('test.echo')).toEqual([{ sockets: 1, problems: [] }]);
  }, 90_000);

  it('says why a server could not start, and leaves no process behind', async () => {
    attributeServerSockets('test.failing');
    await expect(
      startServerProcess(context, 'redis-subscriber-raw', { url: 'redis://127.0.0.1:1', channel: 'x' }),
    ).rejects.toThrow(/^redis-subscriber-raw server process: ./);
    expect(serverChildren()).toEqual([]);
  }, 90_000);

  it('runs the NestJS servers in a process of their own too', async () => {
    const server = await startServerProcess(context, 'nest-rest', {});
    const answer = await fetch(`http://127.0.0.1:${String(server.ready.port)}/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reservationId: 'r-1' }),
    });
    expect(answer.status).toBe(201);
    await server.stop();
    expect(serverChildren()).toEqual([]);
  }, 90_000);

  it('stops by itself when Ctrl-C reaches it (SIGINT)', async () => {
    const server = await startServerProcess(context, 'tcp-echo', {});
    process.kill(server.pid, 'SIGINT');
    await server.stop();
    expect(processCpuMs(server.pid)).toBeUndefined();
  }, 90_000);
});
