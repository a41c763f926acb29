/**
 * The VS Code end-to-end harness: a real VS Code (code-server 4.100.3) with the packaged extension,
 * driven through Debian's headless Chromium. Tests start a session, drive the workbench, and leave
 * screenshots and stopping to setup.ts. See test/e2e/vscode/README.md for why it is built this way.
 */
export { packageExtension } from './packaging';
export { startVsCode, type StartOptions, type VsCodeSession } from './session';
export { activeEditorTab, answerInput, centreNotification, hideNotificationCentre, closeEditorTab, codeLens, codeLensLines, dialogButton, editorTab, editorText, modalDialog, notification, notificationButton, openFile, panelFrame, pickItem, runCommand, screenshot, showViewContainer, sideBarView, statusBarItem, waitForEditorLine } from './workbench';
export { extensionHostPids, processesWithArgv } from './processTree';
export { demoSpecWorkspace, makeWorkspace, mathsProject, MATHS_TASKS, WORKING_SUM } from './workspaces';
export { CODE_SERVER_VERSION, E2E_DIR, RESULTS_DIR } from './paths';
