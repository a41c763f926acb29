import { THIRD_PARTY_DATA, thirdPartyDir, type ThirdPartyData } from './thirdPartyData';

/** Vitest global setup: one line per third-party data set whose tests this run leaves out, and why. */
export default function thirdPartyNotice(): void {
  for (const name of Object.keys(THIRD_PARTY_DATA) as ThirdPartyData[]) {
    if (thirdPartyDir(name)) continue;
    process.stdout.write(
      `[specwright] tests over third-party Kiro files (${name}) were not run: ${THIRD_PARTY_DATA[name]} is not set ` +
        `(.ci/run sets it; point it at a folder of real .kiro/ projects to run them).\n`,
    );
  }
}
