/**
 * The environment a sandboxed command gets: the user's, without secrets and without the variables
 * that make a tool load code or configuration from somewhere else (a shell's startup file, git
 * config given in the environment, npm settings, preload libraries, the editor's IPC sockets).
 */

/** Variables removed by exact name. */
const REMOVED = new Set([
  // Shell start-up and expansion hooks.
  'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'CDPATH', 'GLOBIGNORE', 'IFS', 'INPUTRC', 'ZDOTDIR', 'HISTFILE',
  // Pagers and viewers that run programs.
  'LESSOPEN', 'LESSCLOSE', 'LESSKEY', 'MANPAGER', 'SYSTEMD_PAGER', 'BROWSER', 'EDITOR', 'VISUAL',
  // Code injected into every program of a language.
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONINSPECT',
  'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'RUBYOPT', 'RUBYLIB', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS',
  // Ways out: agents, buses and the editor's sockets.
  'SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'SSH_ASKPASS', 'GPG_AGENT_INFO', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'XAUTHORITY',
  'KUBECONFIG', 'DOCKER_HOST', 'DOCKER_CONFIG', 'SSL_KEYLOG_FILE', 'CURL_HOME', 'WGETRC',
  // The user's proxies: the sandbox sets its own when it opens any network.
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'FTP_PROXY', 'ftp_proxy',
]);

/** Variables removed by prefix (case-insensitive). */
const REMOVED_PREFIXES = ['BASH_FUNC_', 'NPM_CONFIG_', 'YARN_', 'PIP_', 'AWS_', 'AZURE_', 'VSCODE_', 'ELECTRON_', 'SPECWRIGHT_', 'ANTHROPIC_', 'GIT_'];

/** git variables a command may keep: who commits, and the non-interactive settings. */
const KEPT_GIT = new Set(['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_TERMINAL_PROMPT', 'GIT_PAGER']);

/** A name that says it holds a secret: NPM_TOKEN, AWS_SECRET_ACCESS_KEY, OPENAI_API_KEY, DB_PASSWORD… */
const SECRET_NAME = /(^|_)(TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PASSPHRASE|PWD_HASH|CREDENTIALS?|AUTH|APIKEY|DSN|COOKIE|PAT)(_|$)|(API|ACCESS|PRIVATE|SECRET|SIGNING|ENCRYPTION|MASTER|LICENSE)_?KEY/i;

/** A value that carries a password in a URL (`postgres://user:pass@host`). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

export function isWithheldVariable(name: string, value: string | undefined): boolean {
  if (REMOVED.has(name)) return true;
  const upper = name.toUpperCase();
  if (upper.startsWith('GIT_')) return !KEPT_GIT.has(upper);
  if (REMOVED_PREFIXES.some((prefix) => upper.startsWith(prefix))) return true;
  if (name === 'PWD' || name === 'OLDPWD') return false;
  if (SECRET_NAME.test(name)) return true;
  return value !== undefined && URL_WITH_PASSWORD.test(value);
}

const PROXIES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'FTP_PROXY', 'ftp_proxy']);

/**
 * `env` without what a sandboxed command must not see. `keepProxies`: the user's proxy settings stay
 * (an MCP server uses the host's network as the user's other programs do), unless they hold a password.
 */
export function sandboxEnvironment(env: NodeJS.ProcessEnv, options: { keepProxies?: boolean } = {}): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const keptProxy = options.keepProxies === true && PROXIES.has(name) && !URL_WITH_PASSWORD.test(value);
    if (!keptProxy && isWithheldVariable(name, value)) continue;
    clean[name] = value;
  }
  return clean;
}
