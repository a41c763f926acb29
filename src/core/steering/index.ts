export { loadSteering, steeringForContext, parseSteeringFile, globMatches, type SteeringDoc, type SteeringInclusion, type SteeringLoadResult } from './steering';
