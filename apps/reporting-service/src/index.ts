export { type ReportingConfig, reportingConfigSchema } from './config/reporting.config';
export {
  type RunningReportingService,
  startReportingService,
  type StartReportingServiceOptions,
} from './start-reporting-service';
export type {
  ConsumerStatus,
  RebuildResult,
  SalesReport,
  SnapshotList,
  SnapshotView,
} from './reports/report.dto';
