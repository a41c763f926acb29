export { loadSteering, steeringForContext, parseSteeringFile, type SteeringDoc, type SteeringInclusion, type SteeringLoadResult } from './steering';
