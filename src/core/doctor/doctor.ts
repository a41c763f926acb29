import { gitCheck, nodeCheck, sandboxCheck, type CheckResult, type DoctorCheck, type DoctorContext } from './checks';
import { apiKeyCheck, endpointCheck } from './modelChecks';
import { kiroFilesCheck, trustCheck } from './setupChecks';

/** The checks `specwright doctor` and VS Code's Check Setup run, in order. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [nodeCheck, gitCheck, sandboxCheck, apiKeyCheck, endpointCheck, trustCheck, kiroFilesCheck];

/** Runs the checks one after another; a check that throws is a problem, never a crash. */
export async function runDoctor(ctx: DoctorContext, checks: readonly DoctorCheck[] = DOCTOR_CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push({ id: check.id, title: check.title, ...(await check.run(ctx)) });
    } catch (error) {
      results.push({ id: check.id, title: check.title, status: 'problem', detail: `the check failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return results;
}
