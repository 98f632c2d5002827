/** What a plan test needs of a SQL store (a `Database` or `SqlExecutor` of @commlab/persistence). */
export interface PlannableStore {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * `store`, with every SELECT it is asked for EXPLAINed first (same SQL, same parameters), the plan's
 * text pushed onto `plans`; then the query runs as asked. Hand it to the code under test to see how its
 * own SQL is planned, on PGlite or PostgreSQL alike.
 */
export function explainingStore<T extends PlannableStore>(store: T, plans: string[]): T {
  const query = async (sql: string, params?: readonly unknown[]) => {
    if (/^\s*(SELECT|WITH)\b/i.test(sql)) {
      const { rows } = await store.query(`EXPLAIN ${sql}`, params);
      plans.push(rows.map((row) => String((row as Record<string, unknown>)['QUERY PLAN'])).join('\n'));
    }
    return store.query(sql, params);
  };
  return new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'query' ? query : (Reflect.get(target, property, receiver) as unknown),
  });
}

/**
 * Why `plan` does not read a keyset page as a range of `index`: empty when it does — `index` scanned
 * (plain, backward or bitmap) with the position, a `ROW(time, id)` comparison, in its index condition;
 * no row filter and no sequential scan. A position PostgreSQL can only filter (`t < $1 OR (t = $1 AND
 * id > $2)`) makes every page rescan the rows before it. A sort of what the range returned is allowed:
 * the planner picks one for the last few rows.
 */
export function indexRangeProblems(plan: string, index: string): string[] {
  const problems: string[] = [];
  if (!new RegExp(`(Index (Only )?Scan( Backward)? using|Bitmap Index Scan on) ${index}\\b`).test(plan)) {
    problems.push(`no scan of index ${index}`);
  }
  if (!/^\s*Index Cond: .*ROW\(/m.test(plan)) problems.push('the position is not an index condition');
  if (plan.includes('Seq Scan')) problems.push('a sequential scan');
  if (/^\s*Filter:/m.test(plan)) problems.push('a row filter');
  return problems;
}

/** What a page of a keyset list looks like to `walkPagesExplained`. */
export interface KeysetPage<Item> {
  items: readonly Item[];
  nextCursor: string | null;
}

export interface ExplainedWalk<Item> {
  /** Every item of every page, in the order the pages gave them. */
  items: Item[];
  /** The plan of each page after the first (its SELECTs on the list's table): the keyset pages. */
  pagePlans: string[];
}

/**
 * Reads a keyset list to its end through `explainingStore(store)`: `page(store, cursor)` reads one page
 * (`cursor` undefined for the first), then each `nextCursor` in turn until it is null. Plans of SELECTs
 * on other tables than `table` (item lookups) are left out.
 */
export async function walkPagesExplained<T extends PlannableStore, Item>(
  store: T,
  table: string,
  page: (store: T, cursor: string | undefined) => Promise<KeysetPage<Item>>,
): Promise<ExplainedWalk<Item>> {
  const plans: string[] = [];
  const explaining = explainingStore(store, plans);
  const items: Item[] = [];
  let cursor: string | undefined;
  for (;;) {
    const current = await page(explaining, cursor);
    items.push(...current.items);
    if (current.nextCursor === null) break;
    cursor = current.nextCursor;
  }
  const onTable = new RegExp(` on ${table}\\b`);
  return { items, pagePlans: plans.filter((plan) => onTable.test(plan)).slice(1) };
}

/** The plans of `pagePlans` that are not ranges of `index`, each with why (`indexRangeProblems`). */
export function plansNotRangesOf(
  pagePlans: readonly string[],
  index: string,
): { plan: string; problems: string[] }[] {
  return pagePlans
    .map((plan) => ({ plan, problems: indexRangeProblems(plan, index) }))
    .filter(({ problems }) => problems.length > 0);
}
