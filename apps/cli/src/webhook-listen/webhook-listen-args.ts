import { webhookSecretProblem } from '@commlab/webhooks';

export interface WebhookListenArgs {
  port?: number;
  host: string;
  secret?: string;
  /** Statuses for the 1st, 2nd, … valid callback; after the list, 200. */
  respond: number[];
  /** Print a fresh `whsec_` secret and exit. */
  newSecret: boolean;
  help: boolean;
}

export const WEBHOOK_LISTEN_USAGE = `usage: pnpm webhook:listen [--port N] [--host H] [--secret whsec_…] [--respond 500,500,200] [--new-secret]

Receives webhook callbacks, verifies their Standard Webhooks signature and prints one line each.
Answers 200 to a valid callback (or the next --respond status) and 400 to an invalid one.

  --port N          port to listen on (default WEBHOOK_LISTEN_PORT, 4000)
  --host H          interface to bind (default 127.0.0.1; 0.0.0.0 in a container)
  --secret whsec_…  verification secret (default WEBHOOK_SIGNING_SECRET, else the DEV-ONLY default)
  --respond LIST    statuses for the 1st, 2nd, … valid callback, e.g. 500,500,200 or 410; then 200
  --new-secret      print a fresh whsec_ secret and exit`;

/** Thrown for a bad command line; the message is meant for the user. */
export class UsageError extends Error {}

function valueOf(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return value;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be 0…65535; got ${value}`);
  return port;
}

function parseStatuses(value: string): number[] {
  return value.split(',').map((part) => {
    const status = Number(part.trim());
    if (!Number.isInteger(status) || status < 200 || status > 599)
      throw new UsageError(
        `--respond takes HTTP statuses 200…599, comma-separated; got ${JSON.stringify(part)}`,
      );
    return status;
  });
}

/** `--flag value` and `--flag=value` forms. */
export function parseWebhookListenArgs(argv: readonly string[]): WebhookListenArgs {
  const args: WebhookListenArgs = { host: '127.0.0.1', respond: [], newSecret: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    const eq = token.indexOf('=');
    const flag = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    const inline = token.startsWith('--') && eq > 0 ? token.slice(eq + 1) : undefined;
    const next = () => inline ?? valueOf(flag, argv[++i]);
    switch (flag) {
      case '--port':
        args.port = parsePort(next());
        break;
      case '--host':
        args.host = next();
        break;
      case '--secret': {
        const secret = next();
        const problem = webhookSecretProblem(secret);
        if (problem !== undefined)
          throw new UsageError(`--secret is not a Standard Webhooks secret: ${problem}`);
        args.secret = secret;
        break;
      }
      case '--respond':
        args.respond = parseStatuses(next());
        break;
      case '--new-secret':
        args.newSecret = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new UsageError(`unexpected argument ${JSON.stringify(token)}`);
    }
  }
  return args;
}
