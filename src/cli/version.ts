/** Specwright's version, as `--version` prints it and reports (SARIF) name it. */
export const VERSION = '0.1.0';
