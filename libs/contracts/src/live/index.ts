export * from './live-feed-lines';
export * from './stock-contention.line';
