/** `specwright doctor`: the setup checks, as data (faces print them). */
export { runDoctor, DOCTOR_CHECKS, sandboxCheck, gitCheck, nodeCheck, MINIMUM_NODE, type CheckResult, type CheckStatus, type DoctorCheck, type DoctorContext } from './checks';
