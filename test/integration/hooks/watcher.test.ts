import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkspaceHooks, watchWorkspace, type WorkspaceHooks, type WorkspaceHooksOptions, type WorkspaceWatcher } from '../../../src/core/hooks';
import { allowAll, folderWith, logLines, noSandbox, recorder, sleep, v1File, waitFor, writeFile } from '../../unit/hooks/fixtures';

const running: (WorkspaceHooks | WorkspaceWatcher)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
});

/** A real workspace on disk with hook files, watched by the real chokidar watcher. */
async function watched(files: Record<string, string>, options: Partial<WorkspaceHooksOptions> = {}) {
  const workspace = folderWith(files);
  const home = folderWith({}, 'sw-home-');
  const activity = recorder();
  const hooks = await startWorkspaceHooks({ workspace, home, trusted: true, debounceMs: 100, commandPolicy: allowAll, sandbox: noSandbox, emit: activity.emit, ...options });
  running.push(hooks);
  return { workspace, activity, hooks };
}

const commandHook = (name: string, trigger: string, command: string, extra: object = {}) => ({ name, trigger, action: { type: 'command', command }, ...extra });

/** Time for late watcher events to arrive, so that "it did not run again" is a real observation. */
const SETTLE_MS = 1200;

describe('hooks on a watched workspace', () => {
  it('runs a save hook when a file is changed on disk, with that path', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { workspace } = await watched({
      'src/app.ts': 'v1',
      '.kiro/hooks/save.json': v1File(commandHook('on save', 'PostFileSave', `echo "$KIRO_HOOK_PATHS" >> ${out}/log`, { matcher: '\\.ts$' })),
    });
    writeFileSync(path.join(workspace, 'src/app.ts'), 'v2');
    await waitFor(() => logLines(`${out}/log`).length > 0, 'the save hook');
    expect(logLines(`${out}/log`)).toEqual(['src/app.ts']);
  });

  it('runs create and delete hooks for new and removed files', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { workspace } = await watched({
      'old.txt': 'x',
      '.kiro/hooks/files.json': v1File(
        commandHook('created', 'PostFileCreate', `echo "created $KIRO_HOOK_PATHS" >> ${out}/log`),
        commandHook('deleted', 'PostFileDelete', `echo "deleted $KIRO_HOOK_PATHS" >> ${out}/log`),
      ),
    });
    writeFile(workspace, 'src/new.ts', 'export {}');
    rmSync(path.join(workspace, 'old.txt'));
    await waitFor(() => logLines(`${out}/log`).length >= 2, 'both hooks');
    expect(logLines(`${out}/log`).sort()).toEqual(['created src/new.ts', 'deleted old.txt']);
  });

  it('coalesces a burst of saves on disk into one run with every path', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { workspace, hooks } = await watched(
      { 'a.md': '', 'b.md': '', 'c.md': '', '.kiro/hooks/docs.json': v1File(commandHook('docs', 'PostFileSave', `printf '%s\\n---\\n' "$KIRO_HOOK_PATHS" >> ${out}/log`)) },
      { debounceMs: 400 },
    );
    for (let i = 0; i < 3; i++) for (const name of ['a.md', 'b.md', 'c.md']) appendFileSync(path.join(workspace, name), `${i}\n`);
    await waitFor(() => logLines(`${out}/log`).includes('---'), 'the docs hook');
    await sleep(SETTLE_MS);
    await hooks.dispatcher.whenIdle();
    expect(logLines(`${out}/log`)).toEqual(['a.md', 'b.md', 'c.md', '---']);
  });

  it('runs a hook whose command rewrites the file it watches exactly once', async () => {
    const { workspace, activity } = await watched({
      'notes.md': 'draft',
      '.kiro/hooks/stamp.json': v1File(commandHook('stamp', 'PostFileSave', 'echo "stamped" >> notes.md', { matcher: '^notes\\.md$' })),
    });
    writeFileSync(path.join(workspace, 'notes.md'), 'edited by me\n');
    await waitFor(() => activity.of('hook_finished').length === 1, 'the stamp hook');
    await sleep(SETTLE_MS);
    expect(activity.of('hook_started')).toHaveLength(1);
    expect(logLines(path.join(workspace, 'notes.md'))).toEqual(['edited by me', 'stamped']);
  });

  it('stops a loop between two hooks that write each other’s files', async () => {
    const { workspace, activity } = await watched({
      'a.txt': '',
      'b.txt': '',
      '.kiro/hooks/ping-pong.json': v1File(
        commandHook('ping', 'PostFileSave', 'echo ping >> b.txt', { matcher: '^a\\.txt$' }),
        commandHook('pong', 'PostFileSave', 'echo pong >> a.txt', { matcher: '^b\\.txt$' }),
      ),
    });
    writeFileSync(path.join(workspace, 'a.txt'), 'start\n');
    await waitFor(() => activity.of('hook_finished').length === 2, 'ping and pong');
    await sleep(SETTLE_MS);
    expect(activity.of('hook_started').map((e) => e.hook)).toEqual(['ping', 'pong']);
  });

  it('ignores changes in .git, node_modules, git-ignored paths and Specwright run state', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { workspace } = await watched({
      '.gitignore': 'dist/\n*.log\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'node_modules/pkg/index.js': '',
      'dist/app.js': '',
      '.kiro/.specwright/runs/r1.jsonl': '',
      'src/app.ts': '',
      '.kiro/hooks/all.json': v1File(commandHook('everything', 'PostFileSave', `echo "$KIRO_HOOK_PATHS" >> ${out}/log`)),
    });
    for (const file of ['.git/HEAD', 'node_modules/pkg/index.js', 'dist/app.js', '.kiro/.specwright/runs/r1.jsonl']) appendFileSync(path.join(workspace, file), 'changed\n');
    writeFile(workspace, 'debug.log', 'x');
    await sleep(500);
    appendFileSync(path.join(workspace, 'src/app.ts'), 'changed\n');
    await waitFor(() => logLines(`${out}/log`).length > 0, 'the hook for src/app.ts');
    await sleep(SETTLE_MS);
    expect(logLines(`${out}/log`)).toEqual(['src/app.ts']);
  });

  it('fires nothing for ignored paths a host watcher reports, nested .gitignore files and changes to them included', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    // As the VS Code extension runs hooks: no watcher of ours, every disk change reported by the host.
    const { workspace, hooks } = await watched(
      {
        '.gitignore': 'dist/\n',
        'pkg/.gitignore': '*.gen.ts\n',
        'src/app.ts': '',
        '.kiro/hooks/all.json': v1File(commandHook('everything', 'PostFileSave', `echo "$KIRO_HOOK_PATHS" >> ${out}/log`)),
      },
      { watch: false },
    );
    const report = (file: string) => hooks.dispatcher.reportDiskChange('save', path.join(workspace, file));
    for (const file of ['dist/app.js', 'pkg/x.gen.ts', '.git/index', 'node_modules/a/index.js', '.kiro/.specwright/runs/r.jsonl']) report(file);
    writeFile(workspace, 'src/.gitignore', 'scratch/\n');
    report('src/.gitignore');
    report('src/scratch/notes.md');
    await hooks.dispatcher.whenIdle();
    await sleep(300);
    await hooks.dispatcher.whenIdle();
    expect(logLines(`${out}/log`)).toEqual(['src/.gitignore']);
  });

  it('picks up a new hook file without a restart', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { workspace, hooks } = await watched({ 'src/app.ts': '' });
    expect(hooks.current().hooks).toEqual([]);
    writeFile(workspace, '.kiro/hooks/late.json', v1File(commandHook('late', 'PostFileSave', `echo late >> ${out}/log`, { matcher: '^src/' })));
    await waitFor(() => hooks.current().hooks.length === 1, 'the new hook file to load');
    appendFileSync(path.join(workspace, 'src/app.ts'), 'x\n');
    await waitFor(() => logLines(`${out}/log`).length > 0, 'the new hook to run');
    expect(logLines(`${out}/log`)).toEqual(['late']);
  });

  it('reports a hook file broken while watching, and keeps the other hooks running', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const loads: string[][] = [];
    const { workspace } = await watched(
      { 'src/app.ts': '', '.kiro/hooks/good.json': v1File(commandHook('good', 'PostFileSave', `echo good >> ${out}/log`, { matcher: '^src/' })) },
      { onLoad: ({ errors }) => loads.push(errors.map((e) => e.message)) },
    );
    writeFile(workspace, '.kiro/hooks/bad.kiro.hook', '{"name": "bad", "when": {"type": "onSave"}, "then": {"type": "askAgent", "prompt": "p"}}');
    await waitFor(() => loads.length === 2, 'the reload');
    expect(loads[1]).toEqual(['.kiro/hooks/bad.kiro.hook: when.type must be one of fileEdited, fileCreated, fileDeleted, userTriggered, promptSubmit, agentStop, preToolUse, postToolUse, preTaskExecution, postTaskExecution, sessionStart (got "onSave"); did you mean "fileEdited"?']);
    appendFileSync(path.join(workspace, 'src/app.ts'), 'x\n');
    await waitFor(() => logLines(`${out}/log`).length > 0, 'the good hook');
  });

  it('runs once more after a run for an editor save made while it was running', async () => {
    const out = folderWith({}, 'sw-hooks-out-');
    const { workspace, activity, hooks } = await watched({
      'src/app.ts': '',
      '.kiro/hooks/slow.json': v1File(commandHook('slow', 'PostFileSave', `sleep 0.5; echo "$KIRO_HOOK_PATHS" >> ${out}/log`)),
    });
    mkdirSync(path.join(workspace, 'src'), { recursive: true });
    appendFileSync(path.join(workspace, 'src/app.ts'), 'one\n');
    await waitFor(() => activity.of('hook_started').length === 1, 'the first run');
    appendFileSync(path.join(workspace, 'src/app.ts'), 'two\n');
    hooks.dispatcher.notifyFileEvent({ kind: 'save', path: 'src/app.ts', source: 'user' });
    await waitFor(() => logLines(`${out}/log`).length === 2, 'the queued run');
    await sleep(SETTLE_MS);
    expect(logLines(`${out}/log`)).toEqual(['src/app.ts', 'src/app.ts']);
  });
});

describe('the workspace watcher', () => {
  /** Every event the watcher reports, as "kind relative/path". */
  async function watchedEvents(files: Record<string, string>) {
    const workspace = folderWith(files);
    const events: string[] = [];
    const watcher = await watchWorkspace(workspace, { onChange: (kind, file) => events.push(`${kind} ${path.relative(workspace, file)}`) });
    running.push(watcher);
    return { workspace, events };
  }

  it('reports a change to a file in a nested folder as a save', async () => {
    const { workspace, events } = await watchedEvents({ 'src/deep/er/app.ts': 'v1', 'src/other.ts': '' });
    appendFileSync(path.join(workspace, 'src/deep/er/app.ts'), 'v2');
    await waitFor(() => events.length > 0, 'the save');
    await sleep(300);
    expect(events).toEqual(['save src/deep/er/app.ts']);
  });

  it('reports a file in a new folder as created, and a later change to it as a save', async () => {
    const { workspace, events } = await watchedEvents({ 'src/app.ts': '' });
    writeFile(workspace, 'lib/fresh/new.ts', 'export {}');
    await waitFor(() => events.length > 0, 'the create');
    await sleep(300);
    appendFileSync(path.join(workspace, 'lib/fresh/new.ts'), '\n');
    await waitFor(() => events.length > 1, 'the save');
    await sleep(300);
    expect(events).toEqual(['create lib/fresh/new.ts', 'save lib/fresh/new.ts']);
  });

  it('reports a file in a folder made inside a folder that was itself new', async () => {
    const { workspace, events } = await watchedEvents({ 'src/app.ts': '' });
    writeFile(workspace, 'lib/a.ts', '');
    await waitFor(() => events.length > 0, 'the first create');
    await sleep(300);
    writeFile(workspace, 'lib/inner/b.ts', '');
    await waitFor(() => events.length > 1, 'the second create');
    await sleep(300);
    expect(events).toEqual(['create lib/a.ts', 'create lib/inner/b.ts']);
  });

  it('reports deleted files, those of a removed folder too', async () => {
    const { workspace, events } = await watchedEvents({ 'src/a.ts': '', 'src/gone/b.ts': '', 'src/gone/c.ts': '' });
    rmSync(path.join(workspace, 'src/a.ts'));
    rmSync(path.join(workspace, 'src/gone'), { recursive: true });
    await waitFor(() => events.length >= 3, 'the deletes');
    await sleep(300);
    expect(events.sort()).toEqual(['delete src/a.ts', 'delete src/gone/b.ts', 'delete src/gone/c.ts']);
  });

  it('reports a file replaced by a rename (an atomic save) as a save, not a create', async () => {
    const { workspace, events } = await watchedEvents({ 'notes.md': 'v1' });
    writeFileSync(path.join(workspace, 'notes.md.tmp-save'), 'v2');
    renameSync(path.join(workspace, 'notes.md.tmp-save'), path.join(workspace, 'notes.md'));
    await waitFor(() => events.includes('save notes.md'), 'the save');
    await sleep(300);
    expect(events.filter((e) => e.endsWith(' notes.md'))).toEqual(['save notes.md']);
  });

  it('does not report files in ignored folders, new ones included', async () => {
    const { workspace, events } = await watchedEvents({ '.gitignore': 'dist/\n', 'dist/app.js': '', 'node_modules/pkg/index.js': '' });
    appendFileSync(path.join(workspace, 'dist/app.js'), 'x');
    writeFile(workspace, 'dist/sub/new.js', 'x');
    writeFile(workspace, 'node_modules/other/index.js', 'x');
    writeFile(workspace, 'src/seen.ts', 'x');
    await waitFor(() => events.length > 0, 'the create of src/seen.ts');
    await sleep(SETTLE_MS);
    expect(events).toEqual(['create src/seen.ts']);
  });

  it('honours a nested .gitignore created while watching, and stops honouring what it no longer says', async () => {
    const { workspace, events } = await watchedEvents({ 'pkg/src/a.ts': '', 'pkg/gen/out.js': '', 'other/gen/out.js': '' });
    writeFile(workspace, 'pkg/.gitignore', 'gen/\n*.tmp\n');
    await waitFor(() => events.includes('create pkg/.gitignore'), 'the new .gitignore');
    await sleep(300);
    events.length = 0;
    appendFileSync(path.join(workspace, 'pkg/gen/out.js'), 'x');
    writeFile(workspace, 'pkg/gen/fresh/new.js', 'x');
    writeFile(workspace, 'pkg/src/scratch.tmp', 'x');
    appendFileSync(path.join(workspace, 'other/gen/out.js'), 'x');
    appendFileSync(path.join(workspace, 'pkg/src/a.ts'), 'x');
    await waitFor(() => events.length >= 2, 'the changes outside what it ignores');
    await sleep(SETTLE_MS);
    expect(events.sort()).toEqual(['save other/gen/out.js', 'save pkg/src/a.ts']);

    // gen/ is no longer ignored: its files are known again (a change is a save), new folders in it are watched.
    writeFileSync(path.join(workspace, 'pkg/.gitignore'), '*.tmp\n');
    await waitFor(() => events.includes('save pkg/.gitignore'), 'the changed .gitignore');
    await sleep(300);
    events.length = 0;
    appendFileSync(path.join(workspace, 'pkg/gen/out.js'), 'y');
    appendFileSync(path.join(workspace, 'pkg/gen/fresh/new.js'), 'y');
    writeFile(workspace, 'pkg/gen/later/deep.js', 'x');
    appendFileSync(path.join(workspace, 'pkg/src/scratch.tmp'), 'y');
    await waitFor(() => events.length >= 3, 'the changes in gen/');
    await sleep(SETTLE_MS);
    expect(events.sort()).toEqual(['create pkg/gen/later/deep.js', 'save pkg/gen/fresh/new.js', 'save pkg/gen/out.js']);
  });

  it('forgets a deleted .gitignore', async () => {
    const { workspace, events } = await watchedEvents({ 'lib/.gitignore': '*.out\n', 'lib/a.out': '' });
    rmSync(path.join(workspace, 'lib/.gitignore'));
    await waitFor(() => events.includes('delete lib/.gitignore'), 'the delete');
    await sleep(300);
    events.length = 0;
    appendFileSync(path.join(workspace, 'lib/a.out'), 'x');
    await waitFor(() => events.length > 0, 'the save of a.out');
    await sleep(300);
    expect(events).toEqual(['save lib/a.out']);
  });
});
