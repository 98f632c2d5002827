import type { JsonValue } from '../asyncapi/json-schema';
import { compareSchemas, type SchemaProblem } from './compare-schemas';

/**
 * What `events:check` and `events:snapshot` decide per message type, from the committed snapshot files
 * and the files as the code would write them (both as text: a snapshot is current only byte for byte).
 * Pure; the scripts read and write the files.
 */
export type SnapshotFinding =
  | { type: string; kind: 'unchanged' }
  /** In the registry, no snapshot yet. */
  | { type: string; kind: 'new' }
  /** Changed, and every change is compatible within the version (or only the file's text differs). */
  | { type: string; kind: 'compatible' }
  | { type: string; kind: 'breaking'; problems: SchemaProblem[] }
  /** Snapshotted, no longer in the registry. */
  | { type: string; kind: 'removed' }
  /** The committed snapshot is not JSON. */
  | { type: string; kind: 'unreadable'; reason: string };

function parsed(text: string): { ok: true; value: JsonValue } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * One finding per type: the registry's types in its order, then the snapshotted types it no longer has.
 * @param committed type → the committed snapshot file's text
 * @param current type → the text the code gives now (every registered type)
 */
export function reviewSnapshots(
  committed: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string>,
): SnapshotFinding[] {
  const findings: SnapshotFinding[] = [];
  for (const [type, text] of current) {
    const previousText = committed.get(type);
    if (previousText === undefined) {
      findings.push({ type, kind: 'new' });
      continue;
    }
    if (previousText === text) {
      findings.push({ type, kind: 'unchanged' });
      continue;
    }
    const previous = parsed(previousText);
    if (!previous.ok) {
      findings.push({ type, kind: 'unreadable', reason: previous.reason });
      continue;
    }
    const problems = compareSchemas(previous.value, JSON.parse(text) as JsonValue);
    findings.push(
      problems.length === 0 ? { type, kind: 'compatible' } : { type, kind: 'breaking', problems },
    );
  }
  const removed = [...committed.keys()].filter((type) => !current.has(type)).sort();
  for (const type of removed) findings.push({ type, kind: 'removed' });
  return findings;
}
