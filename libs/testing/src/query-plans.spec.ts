import { explainingStore, indexRangeProblems } from './query-plans';

describe('indexRangeProblems', () => {
  it('accepts an index range, plain, backward or bitmap (then sorted)', () => {
    const plan = [
      'Limit  (cost=0.29..8.31 rows=1 width=8)',
      '  ->  Index Scan Backward using orders_by_user_newest on orders  (cost=0.29..8.31 rows=1 width=8)',
      "        Index Cond: ((user_id = 'u'::text) AND (ROW(created_at, id) < ROW('2026-01-01'::timestamptz, 'x'::text)))",
    ].join('\n');
    expect(indexRangeProblems(plan, 'orders_by_user_newest')).toEqual([]);
    const bitmap = [
      'Limit',
      '  ->  Sort',
      '        Sort Key: created_at DESC, id DESC',
      '        ->  Bitmap Heap Scan on orders',
      "              Recheck Cond: ((user_id = 'u'::text) AND (ROW(created_at, id) < ROW('x'::timestamptz, 'y'::text)))",
      '              ->  Bitmap Index Scan on orders_by_user_newest',
      "                    Index Cond: ((user_id = 'u'::text) AND (ROW(created_at, id) < ROW('x'::timestamptz, 'y'::text)))",
    ].join('\n');
    expect(indexRangeProblems(bitmap, 'orders_by_user_newest')).toEqual([]);
  });

  it('names what makes a page rescan its history: a filtered position, a sequential scan, another index', () => {
    const filtered = [
      'Limit',
      '  ->  Index Scan using orders_by_user on orders',
      "        Index Cond: (user_id = 'u'::text)",
      "        Filter: ((created_at < '2026-01-01'::timestamptz) OR (created_at = '2026-01-01'::timestamptz))",
    ].join('\n');
    expect(indexRangeProblems(filtered, 'orders_by_user_newest')).toEqual([
      'no scan of index orders_by_user_newest',
      'the position is not an index condition',
      'a row filter',
    ]);
    const sorted = [
      'Limit',
      '  ->  Sort',
      '        Sort Key: sent_at DESC',
      '        ->  Seq Scan on notifications',
    ];
    expect(indexRangeProblems(sorted.join('\n'), 'notifications_by_time')).toEqual([
      'no scan of index notifications_by_time',
      'the position is not an index condition',
      'a sequential scan',
    ]);
  });
});

describe('explainingStore', () => {
  it('explains each SELECT before running it, and passes everything else through', async () => {
    const sent: string[] = [];
    const store = {
      kind: 'fake',
      query: (sql: string) => {
        sent.push(sql);
        return Promise.resolve({
          rows: sql.startsWith('EXPLAIN') ? [{ 'QUERY PLAN': 'Result' }] : [{ n: 1 }],
        });
      },
    };
    const plans: string[] = [];
    const explaining = explainingStore(store, plans);
    expect(await explaining.query('SELECT 1 AS n')).toEqual({ rows: [{ n: 1 }] });
    await explaining.query('UPDATE t SET n = 2');
    expect(explaining.kind).toBe('fake');
    expect(sent).toEqual(['EXPLAIN SELECT 1 AS n', 'SELECT 1 AS n', 'UPDATE t SET n = 2']);
    expect(plans).toEqual(['Result']);
  });
});
