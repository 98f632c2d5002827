import { freePort } from '../src/free-port';
import {
  requirePostgres,
  requireRabbitMq,
  requireRedis,
  ServerUnavailableError,
} from '../src/require-server';

/**
 * The preconditions every integration test starts with. Against the real servers they pass; against a
 * port where nothing listens (the same as a stopped server) they fail with instructions to start it.
 */
describe('require* preconditions', () => {
  it('pass against the real RabbitMQ, Redis and PostgreSQL', async () => {
    await expect(requireRabbitMq()).resolves.toMatch(/^amqp:/);
    await expect(requireRedis()).resolves.toMatch(/^redis:/);
    await expect(requirePostgres()).resolves.toMatch(/^postgres/);
  });

  describe('with the server stopped', () => {
    let closedPort: number;
    beforeAll(async () => {
      closedPort = await freePort();
    });

    it('RabbitMQ: fails with how to start it, and hides the password', async () => {
      const error = await requireRabbitMq(`amqp://guest:secret@127.0.0.1:${closedPort}`).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ServerUnavailableError);
      const { message } = error as ServerUnavailableError;
      expect(message).toContain(`RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:${closedPort}`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).toContain('rabbitmq-server -detached');
      expect(message).toContain('RABBITMQ_URL');
      expect(message).not.toContain('secret');
    });

    it('Redis: fails with how to start it', async () => {
      const error = await requireRedis(`redis://127.0.0.1:${closedPort}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerUnavailableError);
      expect((error as Error).message).toContain('redis-server --daemonize yes');
      expect((error as Error).message).toContain('REDIS_URL');
    });

    it('PostgreSQL: fails with how to start it', async () => {
      const error = await requirePostgres(`postgres://postgres@127.0.0.1:${closedPort}/postgres`).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ServerUnavailableError);
      expect((error as Error).message).toContain('pg_ctlcluster');
      expect((error as Error).message).toContain('DATABASE_URL');
    });
  });
});
