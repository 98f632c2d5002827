import { REPLY_MESSAGE } from '../payload';

/**
 * What every request-reply scenario against the real inventory does with the reply its client decoded:
 * check it is a reservation (`lines` and `totalCents`) of the bench request — with the bench catalog's
 * prices, exactly REPLY_MESSAGE's lines and total. Anything else (an error payload, a refusal) throws.
 */
export function checkReservation(reply: unknown): void {
  const { lines, totalCents } = (reply ?? {}) as { lines?: unknown; totalCents?: unknown };
  if (!Array.isArray(lines) || lines.length !== REPLY_MESSAGE.lines.length)
    throw new Error(`not a reservation: ${describe(reply)}`);
  if (totalCents !== REPLY_MESSAGE.totalCents)
    throw new Error(`unexpected reservation total ${String(totalCents)} (want ${REPLY_MESSAGE.totalCents})`);
}

function describe(value: unknown): string {
  const text = (JSON.stringify(value) as string | undefined) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
