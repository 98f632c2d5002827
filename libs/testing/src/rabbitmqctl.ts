import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs `rabbitmqctl` on this machine (the one that runs RabbitMQ) and returns what it printed. Fails
 * with what is needed when the command is missing or refused.
 */
export async function rabbitmqctl(args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('rabbitmqctl', [...args], { timeout: 30_000 });
    return stdout;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `rabbitmqctl ${args.join(' ')} failed (${reason}). Tests and the bench, which run in RabbitMQ vhosts ` +
        'of their own, need rabbitmqctl on the machine that runs RabbitMQ (as root or a user with the Erlang cookie).',
      { cause: error },
    );
  }
}
