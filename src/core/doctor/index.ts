/** `specwright doctor` and VS Code's Check Setup: the setup checks, as data (faces print them). */
export { sandboxCheck, gitCheck, nodeCheck, MINIMUM_NODE, type CheckResult, type CheckStatus, type DoctorCheck, type DoctorContext, type DoctorRemedy } from './checks';
export { runDoctor, DOCTOR_CHECKS } from './doctor';
export { apiKeyCheck, endpointCheck, maskKey } from './modelChecks';
export { trustCheck, kiroFilesCheck } from './setupChecks';
export { surveyKiroFiles, type KiroSurvey, type KiroFileProblem, type KiroSurveyOptions } from './kiroSurvey';
