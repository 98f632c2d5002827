import type { SnapshotFinding } from './review-snapshots';
import { checkReport, snapshotPlan } from './snapshot-report';

const PLACED = 'commlab.order.placed.v1';
const breaking: SnapshotFinding = {
  type: PLACED,
  kind: 'breaking',
  problems: [
    { path: '$.items', change: 'maxItems changed from 100 to 50' },
    { path: '$.couponCode', change: 'required field added (old messages do not have it)' },
  ],
};
const removed: SnapshotFinding = { type: 'commlab.order.shipped.v1', kind: 'removed' };
const fresh: SnapshotFinding = { type: 'commlab.order.cancelled.v1', kind: 'new' };
const compatible: SnapshotFinding = { type: 'commlab.stock.reserved.v1', kind: 'compatible' };
const unchanged: SnapshotFinding = { type: 'commlab.stock.released.v1', kind: 'unchanged' };

describe('checkReport', () => {
  it('passes when every type is unchanged', () => {
    expect(checkReport([unchanged])).toEqual({
      failed: false,
      lines: ['every event schema matches its snapshot (1 type)'],
    });
  });

  it('names the type, each path and change, and the next version of a breaking change', () => {
    const report = checkReport([unchanged, breaking]);
    expect(report.failed).toBe(true);
    expect(report.lines[0]).toBe(`${PLACED} changed incompatibly within its version:`);
    expect(report.lines).toContain('  $.items: maxItems changed from 100 to 50');
    expect(report.lines).toContain('  $.couponCode: required field added (old messages do not have it)');
    expect(report.lines.join('\n')).toContain('make it a new version: commlab.order.placed.v2');
  });

  it('asks for events:snapshot on a new type or a compatible change', () => {
    const report = checkReport([fresh, compatible]);
    expect(report).toEqual({
      failed: true,
      lines: [
        'commlab.order.cancelled.v1 is new and not snapshotted yet: run pnpm events:snapshot',
        'commlab.stock.reserved.v1 changed compatibly but is not snapshotted yet: run pnpm events:snapshot',
      ],
    });
  });

  it('fails on a type that left the registry: its messages may still be in a topic', () => {
    const report = checkReport([removed]);
    expect(report.failed).toBe(true);
    expect(report.lines[0]).toContain('commlab.order.shipped.v1 has a snapshot');
    expect(report.lines[0]).toContain(
      'a version cannot be removed while its messages may still be in a topic',
    );
  });

  it('fails on an unreadable snapshot', () => {
    const report = checkReport([
      { type: PLACED, kind: 'unreadable', reason: 'Unexpected end of JSON input' },
    ]);
    expect(report.failed).toBe(true);
    expect(report.lines[0]).toContain(`event-schemas/${PLACED}.json is not JSON`);
  });
});

describe('snapshotPlan', () => {
  it('writes new types and compatible changes, nothing else', () => {
    expect(snapshotPlan([unchanged, fresh, compatible])).toEqual({
      refused: false,
      write: ['commlab.order.cancelled.v1', 'commlab.stock.reserved.v1'],
      lines: [
        'wrote event-schemas/commlab.order.cancelled.v1.json (new type)',
        'wrote event-schemas/commlab.stock.reserved.v1.json (compatible change)',
      ],
    });
  });

  it('says so when there is nothing to write', () => {
    expect(snapshotPlan([unchanged])).toEqual({
      refused: false,
      write: [],
      lines: ['every snapshot is up to date'],
    });
  });

  it('refuses everything on a breaking change or a removed type, saying why', () => {
    const plan = snapshotPlan([fresh, breaking, removed]);
    expect(plan.refused).toBe(true);
    expect(plan.write).toEqual([]);
    expect(plan.lines[0]).toBe('refused, nothing written:');
    expect(plan.lines.join('\n')).toContain('make it a new version: commlab.order.placed.v2');
    expect(plan.lines.join('\n')).toContain('commlab.order.shipped.v1 has a snapshot');
  });
});
