import { RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';
import type { LiveFeedSink } from '@commlab/messaging';
import type { Database, SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';
import amqp, { type ConfirmChannel } from 'amqplib';

import { LIVE_FEED } from '@commlab/messaging-nest';
import { DATABASE } from '@commlab/service-kit';
import { isFailureHeader, type JsonValue } from './dead-letter';
import { DeadLetterRepository, type StoredDeadLetter } from './dead-letter.repository';
import type { RedriveResult } from './dead-letter.dto';

/** Nest injection token of the RabbitMQ URL the redrive publishes through. */
export const REDRIVE_RABBITMQ_URL = Symbol('REDRIVE_RABBITMQ_URL');

/** The queues this service consumes: the only ones it redrives to. */
const REDRIVABLE_QUEUES: ReadonlySet<string> = new Set([
  RABBITMQ_QUEUES.notificationsSend,
  RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue,
]);

/** At most this many dead letters per redrive call. */
const REDRIVE_LIMIT = 1_000;

export interface RedriveRequest {
  ids?: readonly string[];
  queue?: string;
}

function publishConfirmed(channel: ConfirmChannel, letter: StoredDeadLetter, now: Date): Promise<void> {
  const headers: Record<string, JsonValue> = Object.fromEntries(
    Object.entries(letter.headers).filter(([name]) => !isFailureHeader(name)),
  );
  // No x-commlab-attempt: the redriven copy starts again at attempt 1.
  headers['x-commlab-redriven-at'] = now.toISOString();
  return new Promise<void>((resolve, reject) => {
    channel.publish(
      '',
      letter.queue,
      letter.body,
      {
        persistent: true,
        headers,
        ...(letter.messageId === undefined ? {} : { messageId: letter.messageId }),
        ...(letter.type === undefined ? {} : { type: letter.type }),
        ...(letter.contentType === undefined ? {} : { contentType: letter.contentType }),
      },
      (error: unknown) => {
        if (error) reject(error instanceof Error ? error : new Error('the broker refused the publish'));
        else resolve();
      },
    );
  });
}

/**
 * `POST /dlq/redrive`: republishes dead letters to the queue they failed in, each confirmed by the broker
 * (publisher confirms) before its row is deleted, with the failure headers and the attempt count reset.
 * Each row is locked while it is redriven (`FOR UPDATE SKIP LOCKED`), so two redrives — in one instance or
 * two — never send the same dead letter twice. A crash between the confirm and the delete leaves the row:
 * a second redrive sends it again, and the consumer's inbox absorbs the duplicate.
 */
@Injectable()
export class RedriveDeadLetters {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LIVE_FEED) private readonly feed: LiveFeedSink,
    @Inject(REDRIVE_RABBITMQ_URL) private readonly rabbitMqUrl: string,
    private readonly repository: DeadLetterRepository,
  ) {}

  async execute(request: RedriveRequest): Promise<RedriveResult> {
    const candidates = await this.repository.list(this.database, {
      ...(request.ids === undefined ? {} : { ids: request.ids }),
      ...(request.queue === undefined ? {} : { queue: request.queue }),
      limit: REDRIVE_LIMIT,
    });
    const result: RedriveResult = { redriven: [], failed: [] };
    if (candidates.length === 0) return result;

    const connection = await amqp.connect(this.rabbitMqUrl);
    try {
      const channel = await connection.createConfirmChannel();
      // The queues (with their dead-letter arguments) exist before anything is sent to them.
      await assertCommlabTopology(channel);
      for (const candidate of candidates) {
        if (!REDRIVABLE_QUEUES.has(candidate.queue)) {
          result.failed.push({
            id: candidate.id,
            queue: candidate.queue,
            error: `${candidate.queue} is not a queue notification-service consumes`,
          });
          continue;
        }
        try {
          const sent = await this.database.transaction((tx) => this.redriveOne(tx, channel, candidate.id));
          if (sent) {
            result.redriven.push({
              id: sent.id,
              queue: sent.queue,
              messageId: sent.messageId ?? null,
              type: sent.type ?? null,
            });
            this.feed.publish('dead-letter.redriven', { id: sent.id, queue: sent.queue });
          }
        } catch (error) {
          result.failed.push({ id: candidate.id, queue: candidate.queue, error: String(error) });
        }
      }
    } finally {
      await connection.close().catch(() => undefined);
    }
    return result;
  }

  /** Locks the row, publishes its message (confirmed), deletes it; undefined if another redrive has it. */
  private async redriveOne(
    tx: SqlExecutor,
    channel: ConfirmChannel,
    id: string,
  ): Promise<StoredDeadLetter | undefined> {
    const [letter] = await this.repository.lockForRedrive(tx, id);
    if (letter === undefined) return undefined;
    await publishConfirmed(channel, letter, new Date());
    await this.repository.delete(tx, letter.id);
    return letter;
  }
}
