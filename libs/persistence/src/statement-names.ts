import { createHash } from 'node:crypto';

/** At most this many distinct statement texts are named; beyond it a text runs unnamed (unprepared). */
const MAX_NAMED_STATEMENTS = 2_000;

/**
 * Names for prepared statements: the same SQL text always gets the same name (`s` + 24 hex chars of its
 * SHA-1), so node-postgres prepares it once per pooled connection and later runs skip PostgreSQL's parse
 * and plan. Statements with different texts never share a name. Texts built with a variable number of
 * placeholders are few (one per count), and past MAX_NAMED_STATEMENTS new texts run unnamed, so a
 * program that builds SQL dynamically cannot grow the cache without bound.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  nameOf(sql: string): string | undefined {
    const known = this.names.get(sql);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_NAMED_STATEMENTS) return undefined;
    const name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    this.names.set(sql, name);
    return name;
  }
}
