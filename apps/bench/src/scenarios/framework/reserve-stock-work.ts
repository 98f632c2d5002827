import { REPLY_MESSAGE } from '../payload';

/**
 * The NestJS handlers' fixed work, the same as the raw servers' (`parseRequestId`): the framework has
 * already decoded the body, so the handler takes the request's id and refuses a request without one.
 */
export function requestIdOf(payload: unknown): string {
  const id = (payload as { reservationId?: unknown } | null | undefined)?.reservationId;
  if (typeof id !== 'string') throw new Error('request without reservationId');
  return id;
}

/**
 * What a NestJS client does with a reply its transport has already decoded (the raw clients'
 * `parseReply` minus the JSON.parse): check it is the reservation.
 */
export function checkReply(reply: unknown): void {
  const totalCents = (reply as { totalCents?: unknown } | null | undefined)?.totalCents;
  if (totalCents !== REPLY_MESSAGE.totalCents) throw new Error('unexpected reply');
}

/**
 * Settles with `work`, or rejects after `ms`: setup's one checking call must not hang the bench when the
 * server never answers. Setup only, never on the timed path.
 */
export async function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
