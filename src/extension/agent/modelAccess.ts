import type { ModelProvider } from '../../core/model';
import type { WorkspaceSettingsRequest } from '../../core/settings';
import type { UsageAttribution } from '../../core/usage';
import type { SpecwrightConfig } from '../config';
import type { ApiKeyStore } from '../host/apiKeyStore';
import { agentRuntime, hostRuntime } from '../runtime/load';

/**
 * How the extension reaches the model: the key from SecretStorage (else ANTHROPIC_API_KEY), the
 * `specwright.endpoint` setting (else ANTHROPIC_BASE_URL, then `.kiro/settings.json`), and the
 * `specwright.model` setting (else the core's choice).
 */
export class ModelAccess {
  constructor(
    private readonly config: SpecwrightConfig,
    private readonly keys: ApiKeyStore,
    /** Told what a workspace's settings ask for beyond the user's (an endpoint of its own), to ask the user. */
    private readonly onWorkspaceRequest: (request: WorkspaceSettingsRequest | null) => void = () => undefined,
    /** The state folder of a workspace root, where the usage ledger of calls outside runs is kept. */
    private readonly stateDirOf?: (root: string) => string,
  ) {}

  /** The environment agent runs see: the endpoint setting wins over ANTHROPIC_BASE_URL. */
  runEnv(): NodeJS.ProcessEnv {
    const endpoint = this.config.endpoint;
    return endpoint ? { ...process.env, ANTHROPIC_BASE_URL: endpoint } : process.env;
  }

  /**
   * A provider for one-shot requests (spec phases, commit messages). `root`: whose
   * `.kiro/settings.json` model section applies; null skips it (testing a key needs no workspace).
   * With `use`, every call is recorded in the root's usage ledger under what it was for.
   */
  async provider(root: string | null, use?: UsageAttribution): Promise<ModelProvider> {
    const [{ createModelProvider, meteredModel, UsageLedger }, { loadSettings }, key] = await Promise.all([agentRuntime(), hostRuntime(), this.keys.stored()]);
    let settings = {};
    if (root) {
      const loaded = await loadSettings(root, this.config.settingsOptions());
      this.onWorkspaceRequest(loaded.workspaceRequest);
      settings = loaded.settings.model;
    }
    const endpoint = this.config.endpoint;
    const model = this.config.model;
    const idle = this.config.streamIdleTimeoutMs;
    const provider = createModelProvider({
      ...(key ? { apiKey: key } : {}),
      ...(idle !== undefined ? { streamIdleTimeoutMs: idle } : {}),
      ...(endpoint ? { baseUrl: endpoint } : {}),
      ...(model ? { model } : {}),
      settings,
      env: process.env,
    });
    return root && use && this.stateDirOf ? meteredModel(provider, new UsageLedger(this.stateDirOf(root)), use) : provider;
  }
}
