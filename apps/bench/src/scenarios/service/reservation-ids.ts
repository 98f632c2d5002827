const SEQ_DIGITS = 10;

/**
 * Reservation ids for one scenario of one run: `bench-<tag>-<run id>-<10-digit seq>`, like payload.ts's
 * `requestId` (fixed width, so every request of a scenario has the same size) but unique per scenario and
 * run. inventory-service is idempotent on the reservation id (a repeat returns the stored reservation
 * without reserving again), and its store outlives one scenario (and, with `--target stack`, one run),
 * so reusing `requestId(seq)` would measure the cheap repeat path instead of a reservation.
 */
export function reservationIds(tag: string, runId: string): (seq: number) => string {
  const prefix = `bench-${tag}-${runId}-`;
  return (seq) => `${prefix}${String(seq % 10 ** SEQ_DIGITS).padStart(SEQ_DIGITS, '0')}`;
}
