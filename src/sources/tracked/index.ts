/** The tracked-sessions source: tracked_sessions.yaml + DynamicRoutingTraining*.xlsx → sessions and subjects. */
export { slugifyHeader } from './cells.ts';
export { mergeTrackedSessions, mergeTrainingSubjects } from './merge.ts';
export { createTrackedSource, s3GlobLister } from './trackedSource.ts';
export type {
  TrackedOrigin,
  TrackedPlatform,
  TrackedSession,
  TrackedSessionsSource,
  TrackedSnapshot,
  TrackedSourceOptions,
  TrainingRow,
  TrainingSubject,
} from './types.ts';
export { DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits } from './workbookLimits.ts';
export { type ParsedWorkbook, parseTrainingWorkbook } from './workbookParser.ts';
export { type ParsedTrackedYaml, parseTrackedYaml } from './yamlParser.ts';
