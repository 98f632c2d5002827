/**
 * A part of a statement that the caller assembles with others, so that several writes share one round
 * trip: SQL text whose parameters are numbered from `$first` (the caller's next free number), and their
 * values in that order. Examples: a data-modifying CTE, a condition, an outbox INSERT.
 */
export interface SqlFragment {
  sql: (first: number) => string;
  params: readonly unknown[];
}

/** The placeholders of a fragment whose parameters start at `$first`: `at(0)` is `$first`. */
export function placeholdersFrom(first: number): (index: number) => string {
  if (!Number.isInteger(first) || first < 1)
    throw new RangeError(`a statement's parameters are numbered from 1; got ${String(first)}`);
  return (index) => `$${String(first + index)}`;
}
