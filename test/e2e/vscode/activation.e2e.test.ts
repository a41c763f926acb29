import { describe, expect, it } from 'vitest';
import { demoSpecWorkspace, panelFrame, runCommand, screenshot, startVsCode } from './harness';

describe('Specwright in a real VS Code', () => {
  it('installs from its .vsix and activates in a workspace with a .kiro spec', async () => {
    const { page } = await startVsCode({ workspace: demoSpecWorkspace() });

    // Activation (workspaceContains:.kiro) registers the commands; the palette retries until they appear.
    await runCommand(page, 'Specwright: Open Agent Activity');
    await panelFrame(page).locator('body').waitFor();

    // Its activity-bar container is there.
    await expect(page.locator('.activitybar .action-item .action-label[aria-label^="Specwright"]').count()).resolves.toBeGreaterThan(0);

    // The running extensions list shows it activated, not merely installed.
    await runCommand(page, 'Developer: Show Running Extensions');
    const running = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Specwright' }).first();
    await expect.poll(() => running.innerText(), { timeout: 30_000 }).toMatch(/Activation: \d+ms/);
    await screenshot(page, 'activation--running-extensions');

    await runCommand(page, 'Extensions: Show Enabled Extensions');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Specwright' }).first().waitFor();
  });
});
