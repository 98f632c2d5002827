export { connectLagAdmin, createLagAdmin } from './lag/kafka-admin-client';
export { type GroupLag, readConsumerLag, type TopicLag } from './lag/consumer-lag';
export { partitionLag, type PartitionLag } from './lag/partition-lag';
export { type Dependency, type DependencyStatus, probeDependencies } from './probe/probe-dependencies';
export { allQueueNames, commlabQueues, type WatchedQueue } from './queues/commlab-queues';
export {
  openQueueInspector,
  type QueueDepth,
  type QueueDepths,
  type QueueInspector,
} from './queues/queue-inspector';
export { spawnPnpmStart } from './process/spawn-pnpm-start';
export { waitForLine } from './process/wait-for-line';
export { callStackControl } from './stack/stack-control-client';
export {
  type ServiceState,
  type ServiceStatus,
  STACK_ACTIONS,
  type StackAction,
  stackControlSocket,
} from './stack/stack-control';
export {
  type CrashFacts,
  DEFAULT_RESTART_POLICY,
  decideRestart,
  NO_RESTARTS,
  type RestartDecision,
  type RestartHistory,
  type RestartPolicy,
} from './stack/restart-policy';
