import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HostMessage, PromptChoice } from '../../../src/shared/panelMessages';
import { postedMessages, repoRoot, sendToPanel } from './panelHarness';
import { panelPages } from './panelPages';

const screenshots = path.join(repoRoot(), 'test-results', 'panel');

const pages = panelPages({ screenshots });

async function openPanel(): Promise<Page> {
  const page = await pages.open({ height: 700 });
  await sendToPanel(page, { type: 'idle' } satisfies HostMessage);
  return page;
}

async function waitForPosted(page: Page, type: string, count = 1): Promise<void> {
  await page.waitForFunction(([t, n]) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === t).length >= (n as number), [type, count] as const);
}

const posted = async (page: Page, type: string) => (await postedMessages(page)).filter((m) => (m as { type: string }).type === type);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`) });

const AGENTS: Extract<HostMessage, { type: 'agentChoices' }> = {
  type: 'agentChoices',
  agents: [
    { name: 'orchestrator', description: 'Splits the work', model: 'claude-haiku-4-5', scope: 'workspace', welcomeMessage: 'Ready to split the work.' },
    { name: 'team/reviewer', description: 'Reviews code', scope: 'user' },
  ],
  selected: null,
  notes: ['1 agent file could not be read: .kiro/agents/broken.json: tools: expected a list'],
};

const EVERYTHING_PROMPTS: PromptChoice[] = [
  { server: 'everything', name: 'simple-prompt', description: 'A prompt with no arguments', arguments: [] },
  {
    server: 'everything',
    name: 'args-prompt',
    description: 'A prompt with two arguments, one required and one optional',
    arguments: [
      { name: 'city', description: 'Name of the city', required: true },
      { name: 'state', description: 'Name of the state', required: false },
    ],
  },
  { server: 'docs', name: 'explain', description: 'Explain a page', arguments: [] },
];

describe('the composer’s agent picker in Chromium', () => {
  it('offers Specwright’s own agent first, then the custom agents; a pick is posted, shows its welcome message, and survives a reload', async () => {
    const page = await openPanel();
    const picker = page.getByLabel('Agent', { exact: true });
    // No agents yet: no picker.
    await expect(picker.count()).resolves.toBe(0);
    await sendToPanel(page, AGENTS);
    await picker.waitFor();
    await expect(picker.locator('option').allInnerTexts()).resolves.toEqual(['Specwright (default)', 'orchestrator — Splits the work', 'team/reviewer — Reviews code']);
    await expect(picker.inputValue()).resolves.toBe('');
    await expect(page.getByRole('note').filter({ hasText: 'could not be read' }).innerText()).resolves.toContain('.kiro/agents/broken.json');

    await picker.selectOption('orchestrator');
    await waitForPosted(page, 'pickAgent');
    expect(await posted(page, 'pickAgent')).toEqual([{ type: 'pickAgent', agent: 'orchestrator' }]);
    await expect(page.getByRole('status').filter({ hasText: 'Ready to split the work.' }).innerText()).resolves.toBe('orchestrator: Ready to split the work.');
    await shot(page, 'composer-agent-picked');

    // An agent without a welcome message: the previous one's goes.
    await picker.selectOption('team/reviewer');
    await expect(page.getByText('Ready to split the work.').count()).resolves.toBe(0);
    await picker.selectOption('');
    await waitForPosted(page, 'pickAgent', 3);
    expect((await posted(page, 'pickAgent')).slice(1)).toEqual([
      { type: 'pickAgent', agent: 'team/reviewer' },
      { type: 'pickAgent', agent: null },
    ]);

    // Hidden and shown again: the host says which agent the panel session picked.
    await page.reload();
    await waitForPosted(page, 'ready');
    await sendToPanel(page, { ...AGENTS, selected: 'team/reviewer' } satisfies HostMessage);
    await expect.poll(() => page.getByLabel('Agent', { exact: true }).inputValue()).toBe('team/reviewer');
  });
});

describe('the composer’s / prompts in Chromium', () => {
  it('asks for the prompts on /, lists them with their arguments and the servers that offer none, and fills one in', async () => {
    const page = await openPanel();
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await box.click();
    await page.keyboard.type('/');
    await waitForPosted(page, 'listPrompts');
    await page.getByRole('status').filter({ hasText: 'Asking the MCP servers for their prompts…' }).waitFor();
    await sendToPanel(page, {
      type: 'promptChoices',
      prompts: EVERYTHING_PROMPTS,
      problems: [{ server: 'github', message: 'github needs approval before it starts: approve it in the MCP Servers view to use its prompts' }],
    } satisfies HostMessage);
    const list = page.getByRole('listbox', { name: 'MCP prompts' });
    await list.waitFor();
    await expect(list.getByRole('option').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/\/everything:simple-prompt\s*A prompt with no arguments/),
      expect.stringMatching(/\/everything:args-prompt\s*city\*, state\s*A prompt with two arguments/),
      expect.stringMatching(/\/docs:explain\s*Explain a page/),
    ]);
    await expect(page.getByRole('note').filter({ hasText: 'github needs approval' }).count()).resolves.toBe(1);
    await shot(page, 'composer-prompts');

    // Narrowing by server and name; Enter chooses; the arguments are asked for, the required one marked.
    await page.keyboard.type('ev');
    await expect(list.getByRole('option').count()).resolves.toBe(2);
    await expect(page.getByText('github needs approval').count()).resolves.toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe('/everything:args-prompt');
    const form = page.getByRole('form', { name: 'Arguments of /everything:args-prompt' });
    await form.waitFor();
    const city = form.getByRole('textbox', { name: 'city (required)' });
    await expect(city.getAttribute('aria-required')).resolves.toBe('true');
    await expect(form.getByRole('textbox', { name: 'state', exact: true }).getAttribute('aria-required')).resolves.toBe('false');
    await shot(page, 'composer-prompt-arguments');

    // The required field is enforced before anything is sent.
    await form.getByRole('button', { name: 'Insert Prompt' }).click();
    expect(await posted(page, 'fillPrompt')).toEqual([]);
    await city.fill('Lisbon');
    await page.keyboard.press('Enter');
    await waitForPosted(page, 'fillPrompt');
    expect(await posted(page, 'fillPrompt')).toEqual([{ type: 'fillPrompt', server: 'everything', name: 'args-prompt', args: { city: 'Lisbon' } }]);
    await form.getByRole('button', { name: 'Getting the prompt…' }).waitFor();

    // The server's text replaces /server:prompt in the message box, which takes the focus; Enter sends it.
    await sendToPanel(page, { type: 'promptFilled', server: 'everything', name: 'args-prompt', text: 'What’s the weather in Lisbon?' } satisfies HostMessage);
    await expect.poll(() => box.inputValue()).toBe('What’s the weather in Lisbon?');
    await expect(form.count()).resolves.toBe(0);
    await page.keyboard.press('Enter');
    expect(await posted(page, 'sendMessage')).toEqual([{ type: 'sendMessage', text: 'What’s the weather in Lisbon?' }]);
  });

  it('shows what went wrong in the composer, naming the server and the prompt; Escape closes the list and the form', async () => {
    const page = await openPanel();
    const box = page.getByRole('combobox', { name: 'Message the agent' });
    await box.click();
    await page.keyboard.type('/do');
    await waitForPosted(page, 'listPrompts');
    await sendToPanel(page, { type: 'promptChoices', prompts: EVERYTHING_PROMPTS, problems: [] } satisfies HostMessage);
    const list = page.getByRole('listbox', { name: 'MCP prompts' });
    await list.waitFor();
    // Escape closes the list only; typing on offers it again.
    await page.keyboard.press('Escape');
    await expect(list.count()).resolves.toBe(0);
    await page.keyboard.type('cs:');
    await list.waitFor();
    // A prompt without arguments is asked for at once.
    await list.getByRole('option', { name: /\/docs:explain/ }).click();
    await waitForPosted(page, 'fillPrompt');
    expect(await posted(page, 'fillPrompt')).toEqual([{ type: 'fillPrompt', server: 'docs', name: 'explain', args: {} }]);
    await sendToPanel(page, { type: 'promptFailed', server: 'docs', name: 'explain', message: '/docs:explain: MCP server "docs" has no prompt named "explain" (it offers none)' } satisfies HostMessage);
    const alert = page.getByRole('alert');
    await expect(alert.innerText()).resolves.toBe('/docs:explain: MCP server "docs" has no prompt named "explain" (it offers none)');
    await shot(page, 'composer-prompt-failed');
    // Try Again asks again; Escape closes the form and leaves the message box as it was.
    await page.getByRole('button', { name: 'Try Again' }).click();
    await waitForPosted(page, 'fillPrompt', 2);
    await sendToPanel(page, { type: 'promptFailed', server: 'docs', name: 'explain', message: '/docs:explain: MCP server "docs" is not running (it failed)' } satisfies HostMessage);
    await alert.filter({ hasText: 'is not running' }).waitFor();
    await page.getByRole('button', { name: 'Try Again' }).focus();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('form').count()).resolves.toBe(0);
    await expect(box.inputValue()).resolves.toBe('/docs:explain');
    expect(await posted(page, 'stop')).toEqual([]);
    // A message that only starts like a command is sent as typed when nothing matches.
    await box.fill('/nothing-like-it please');
    await box.press('Enter');
    expect(await posted(page, 'sendMessage')).toEqual([{ type: 'sendMessage', text: '/nothing-like-it please' }]);
  });
});
