export * from './compare-schemas';
export * from './event-schema-snapshots';
export * from './next-version';
export * from './review-snapshots';
export * from './snapshot-report';
