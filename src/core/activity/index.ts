export { activityEventSchema, type ActivityEvent, type ActivityEventInput, type ActivityEventType, type TaskRef, type StepUsage, type AttachedImage, type SandboxSummary, type CriterionVerdict, type Verdict } from './events';
export { ActivityStream, type ActivityEmitter, type ActivityListener } from './stream';
export { formatCost, formatDuration, formatElapsed, formatTokenCount, formatTokens } from './figures';
