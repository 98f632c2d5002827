import { loadConfig } from '@commlab/config';
import { generateWebhookSecret, webhookConfigSchema, webhookSettings } from '@commlab/webhooks';

import { setUpCommand } from '../common/command-setup';
import type { CommandIo } from '../start/command-io';
import { parseWebhookListenArgs, UsageError, WEBHOOK_LISTEN_USAGE } from './webhook-listen-args';
import { formatWebhookLine, startWebhookListener } from './webhook-listener';

/**
 * `pnpm webhook:listen`: receive callbacks, verify their signatures, print them. Runs until Ctrl-C.
 * The secret is --secret, else WEBHOOK_SIGNING_SECRET, else the DEV-ONLY default that order-service
 * also uses in development, so the tutorials work without configuration.
 */
export async function webhookListenCommand(
  io: CommandIo,
  argv: readonly string[],
  stopSignal: () => AbortSignal,
): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'webhook-listen',
    usage: WEBHOOK_LISTEN_USAGE,
    usageError: UsageError,
    parse: () => parseWebhookListenArgs(argv),
    // --new-secret needs no settings (it may be what replaces a bad WEBHOOK_SIGNING_SECRET).
    settings: (parsed) => (parsed.newSecret ? undefined : webhookSettings(loadConfig(webhookConfigSchema))),
  });
  if (typeof setUp === 'number') return setUp;
  const { args, settings } = setUp;
  if (settings === undefined) {
    io.out(generateWebhookSecret());
    return 0;
  }
  const secret = args.secret ?? settings.secret;
  const signal = stopSignal();

  let listener;
  try {
    listener = await startWebhookListener({
      host: args.host,
      port: args.port ?? settings.listenPort,
      secret,
      respond: args.respond,
      onWebhook: (webhook) => {
        io.out(formatWebhookLine(webhook));
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      io.err(
        `commlab webhook-listen: cannot listen on ${args.host}:${String(args.port ?? settings.listenPort)} (${code}); try --port N`,
      );
      return 1;
    }
    throw error;
  }

  const secretNote =
    args.secret !== undefined
      ? 'the --secret given'
      : settings.usesDevSecret
        ? 'the DEV-ONLY default secret (set WEBHOOK_SIGNING_SECRET outside development)'
        : 'WEBHOOK_SIGNING_SECRET';
  io.out(`commlab webhook-listen: listening on ${listener.url}`);
  io.out(`  verifying with ${secretNote}`);
  if (args.respond.length > 0)
    io.out(`  answering valid callbacks in turn: ${args.respond.join(', ')} (200 after that)`);
  io.out('  time  webhook-id  valid/INVALID  → answer  body   (Ctrl-C to stop)');

  if (!signal.aborted) {
    await new Promise<void>((resolve) => {
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
    });
  }
  await listener.close();
  return 0;
}
