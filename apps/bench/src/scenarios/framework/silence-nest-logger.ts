import { Logger } from '@nestjs/common';

/**
 * Turns NestJS's static Logger off in the bench process: its clients (ClientRMQ's "Successfully connected",
 * ClientKafka's) log through it, and nothing may write to the terminal or sit on the measured path. The
 * servers, in their own processes, start with `logger: false`.
 */
export function silenceNestLogger(): void {
  Logger.overrideLogger(false);
}
