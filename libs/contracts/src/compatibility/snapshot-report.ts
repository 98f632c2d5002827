import { EVENT_SCHEMAS_DIR, snapshotFileName } from './event-schema-snapshots';
import { nextVersionOf } from './next-version';
import type { SnapshotFinding } from './review-snapshots';

/**
 * The words of `pnpm events:check` and `pnpm events:snapshot` for the findings of reviewSnapshots: what
 * failed, where, and what to do. Pure; the script prints them and sets the exit code.
 */

const SNAPSHOT_COMMAND = 'run pnpm events:snapshot';

type Refusal = Extract<SnapshotFinding, { kind: 'breaking' | 'removed' | 'unreadable' }>;

function isRefusal(finding: SnapshotFinding): finding is Refusal {
  return finding.kind === 'breaking' || finding.kind === 'removed' || finding.kind === 'unreadable';
}

function snapshotPath(type: string): string {
  return `${EVENT_SCHEMAS_DIR}/${snapshotFileName(type)}`;
}

/** Why a change cannot be snapshotted, and what to do instead. */
function refusalLines(finding: Refusal): string[] {
  switch (finding.kind) {
    case 'breaking':
      return [
        `${finding.type} changed incompatibly within its version:`,
        ...finding.problems.map((problem) => `  ${problem.path}: ${problem.change}`),
        `  make it a new version: ${nextVersionOf(finding.type)} (a new schema file and registry entry, ` +
          `an upcaster for its readers); ${finding.type} stays as snapshotted (docs/events.md)`,
      ];
    case 'removed':
      return [
        `${finding.type} has a snapshot (${snapshotPath(finding.type)}) but is no longer in MESSAGE_DATA_SCHEMAS: ` +
          'a version cannot be removed while its messages may still be in a topic; put it back (delete its ' +
          'snapshot only once no topic or queue can hold such messages any more)',
      ];
    case 'unreadable':
      return [`${snapshotPath(finding.type)} is not JSON (${finding.reason}): restore it from git`];
  }
}

export interface CheckReport {
  failed: boolean;
  lines: string[];
}

/** `events:check`: fails on anything but every type unchanged. */
export function checkReport(findings: readonly SnapshotFinding[]): CheckReport {
  const lines: string[] = [];
  for (const finding of findings) {
    if (isRefusal(finding)) lines.push(...refusalLines(finding));
    else if (finding.kind === 'new')
      lines.push(`${finding.type} is new and not snapshotted yet: ${SNAPSHOT_COMMAND}`);
    else if (finding.kind === 'compatible') {
      lines.push(`${finding.type} changed compatibly but is not snapshotted yet: ${SNAPSHOT_COMMAND}`);
    }
  }
  if (lines.length > 0) return { failed: true, lines };
  const count = `${findings.length} ${findings.length === 1 ? 'type' : 'types'}`;
  return { failed: false, lines: [`every event schema matches its snapshot (${count})`] };
}

export interface SnapshotPlan {
  /** Nothing may be written: a breaking change, a removed type or an unreadable snapshot. */
  refused: boolean;
  /** The types whose snapshot to (re)write; empty when refused. */
  write: string[];
  lines: string[];
}

/** `events:snapshot`: writes new types and compatible changes, all or nothing. */
export function snapshotPlan(findings: readonly SnapshotFinding[]): SnapshotPlan {
  const refusals = findings.filter(isRefusal);
  if (refusals.length > 0) {
    return {
      refused: true,
      write: [],
      lines: ['refused, nothing written:', ...refusals.flatMap(refusalLines)],
    };
  }
  const toWrite = findings.filter((finding) => finding.kind === 'new' || finding.kind === 'compatible');
  if (toWrite.length === 0) return { refused: false, write: [], lines: ['every snapshot is up to date'] };
  return {
    refused: false,
    write: toWrite.map((finding) => finding.type),
    lines: toWrite.map(
      (finding) =>
        `wrote ${snapshotPath(finding.type)} (${finding.kind === 'new' ? 'new type' : 'compatible change'})`,
    ),
  };
}
