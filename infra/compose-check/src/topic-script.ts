import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { processEnv } from '@commlab/config';

const run = promisify(execFile);

/** What a topic-creating script did when it ran: every kafka-topics.sh call, and the topics it created. */
export interface TopicScriptRun {
  calls: string[];
  /** Topic → partitions, from the `--create` calls. */
  created: Map<string, number>;
}

/**
 * Runs a shell script that creates Kafka topics (compose's kafka-init, the Kubernetes topic Job) with
 * `/opt/kafka/bin/kafka-topics.sh` replaced by a stub that records its arguments and succeeds, and only
 * PATH plus `environment` set. The script must already be unescaped (compose's `$$`, Kubernetes' `$(…)`).
 */
export async function runTopicScript(
  script: string,
  environment: Record<string, string>,
): Promise<TopicScriptRun> {
  const dir = await mkdtemp(join(tmpdir(), 'commlab-topic-script-'));
  try {
    const stub = join(dir, 'kafka-topics.sh');
    const log = join(dir, 'calls.log');
    await writeFile(stub, `#!/bin/sh\necho "$*" >> "${log}"\n`);
    await chmod(stub, 0o755);
    await run('sh', ['-c', script.replaceAll('/opt/kafka/bin/kafka-topics.sh', stub)], {
      env: { PATH: processEnv().PATH, ...environment },
      timeout: 30_000,
    });
    const calls = (await readFile(log, 'utf8')).split('\n').filter((line) => line.length > 0);
    const created = new Map<string, number>();
    for (const line of calls) {
      if (!line.includes('--create')) continue;
      const topic = /--topic (\S+)/.exec(line)?.[1];
      const partitions = /--partitions (\d+)/.exec(line)?.[1];
      if (topic !== undefined && partitions !== undefined) created.set(topic, Number(partitions));
    }
    return { calls, created };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
