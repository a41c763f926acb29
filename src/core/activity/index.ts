export { activityEventSchema, type ActivityEvent, type ActivityEventInput, type ActivityEventType, type TaskRef, type StepUsage, type SandboxSummary } from './events';
export { ActivityStream, type ActivityEmitter, type ActivityListener } from './stream';
export { formatCost, formatDuration, formatElapsed, formatTokenCount, formatTokens } from './figures';
