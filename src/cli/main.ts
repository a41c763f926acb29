import { runCli } from './cli';

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // First Ctrl+C stops gracefully (the run leaves the workspace consistent); a second one forces.
    if (++interrupts > 1) process.exit(130);
    controller.abort(new Error(`received ${signal}`));
  });
}

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
    // Let pending stdout drain, then leave even if a handle (stdin, a watcher) is still open.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`specwright: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
