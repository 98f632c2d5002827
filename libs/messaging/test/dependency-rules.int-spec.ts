import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/**
 * The package layering is enforced by `pnpm lint` (eslint.config.mjs, LAYER_RULES). Each rule is proven
 * here by a broken import in the place it forbids — and an allowed one next to it — so a rule that stops
 * firing (a renamed folder, a typo in a glob) fails this test instead of silently allowing the import.
 */
const REPO_ROOT = resolve(__dirname, '../../..');

let eslint: ESLint;

beforeAll(async () => {
  const config = (await import(pathToFileURL(resolve(REPO_ROOT, 'eslint.config.mjs')).href)) as {
    LAYER_RULES: Linter.Config[];
  };
  eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      ...config.LAYER_RULES,
    ],
  });
});

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(REPO_ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('package dependency rules (pnpm lint)', () => {
  it.each([
    ['libs/messaging/src/x.ts', "import { Kafka } from 'kafkajs';", 'imports no framework and no broker'],
    ['libs/messaging/src/x.ts', "import { Injectable } from '@nestjs/common';", 'imports no framework'],
    ['libs/messaging/src/x.ts', "import { LiveFeed } from '@commlab/messaging-redis';", 'in an adapter'],
    [
      'libs/messaging/src/x.ts',
      "import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';",
      "OpenTelemetry's vendor-neutral API only",
    ],
    ['libs/resilience/src/x.ts', "import { AppError } from '@commlab/errors';", 'has no dependencies'],
    ['libs/messaging-kafka/src/x.ts', "import { X } from '@commlab/messaging-rabbitmq';", 'another adapter'],
    ['libs/messaging-kafka/src/x.ts', "import amqp from 'amqplib';", 'its own broker client'],
    ['libs/messaging-rabbitmq/src/x.ts', "import { X } from '@commlab/messaging-redis';", 'another adapter'],
    ['libs/messaging-redis/src/x.ts', "import { Kafka } from 'kafkajs';", 'its own broker client'],
    ['libs/messaging-nest/src/x.ts', "import { X } from '@commlab/messaging-kafka';", 'imports none'],
    ['libs/webhooks/src/x.ts', "import { X } from '@commlab/order-service';", 'never imports a service'],
    ['apps/order-service/src/x.ts', "import { X } from '@commlab/inventory-service';", 'another service'],
    [
      'apps/inventory-service/src/x.ts',
      "import { X } from '@commlab/messaging/src/outbox-relay';",
      'entry point',
    ],
  ])('%s: refuses %s', async (file, source, reason) => {
    const messages = await restrictedImports(file, source);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(reason);
  });

  it.each([
    ['libs/messaging/src/x.ts', "import { AppError } from '@commlab/errors';"],
    ['libs/messaging/src/x.ts', "import { trace } from '@opentelemetry/api';"],
    ['apps/order-service/src/main.ts', "import '@commlab/tracing/register';"],
    ['libs/messaging-kafka/src/x.ts', "import { Kafka } from 'kafkajs';"],
    ['libs/messaging-kafka/src/x.ts', "import { OutboxRelay } from '@commlab/messaging';"],
    ['libs/messaging-rabbitmq/src/x.ts', "import amqp from 'amqplib';"],
    ['libs/messaging-nest/src/x.ts', "import { Injectable } from '@nestjs/common';"],
    ['apps/order-service/src/x.ts', "import { KafkaOutboxPublisher } from '@commlab/messaging-kafka';"],
    ['apps/order-service/test/x.ts', "import { startInventoryService } from '@commlab/inventory-service';"],
  ])('%s: allows %s', async (file, source) => {
    await expect(restrictedImports(file, source)).resolves.toEqual([]);
  });
});
