import * as path from 'node:path';
import { runAction, spawnCli } from './main';

// dist/action.js: the CLI is dist/cli.js beside it.
const env = process.env;
runAction({ env, cwd: process.cwd(), log: (text) => process.stdout.write(text), runCli: spawnCli(path.join(__dirname, 'cli.js'), env) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stdout.write(`::error title=Specwright::${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
