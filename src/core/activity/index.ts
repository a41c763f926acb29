export { activityEventSchema, type ActivityEvent, type ActivityEventInput, type ActivityEventType, type TaskRef, type StepUsage } from './events';
export { ActivityStream, type ActivityEmitter, type ActivityListener } from './stream';
