import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { SerialFile, userStateDir } from './userFiles';

/** What is kept per remote server: its client registration, tokens and where the redirect went. */
export interface OAuthRecord {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** The redirect URL the client was registered with; a new one needs a new registration. */
  redirectUrl?: string;
  discovery?: OAuthDiscoveryState;
}

/**
 * Where OAuth state lives: VS Code's secret storage in the extension, a user-only file for the CLI.
 * Keys are server URLs; never the workspace.
 */
export interface OAuthStore {
  load(key: string): Promise<OAuthRecord | undefined>;
  save(key: string, record: OAuthRecord | undefined): Promise<void>;
}

/** The CLI's store: `~/.kiro/specwright/mcp-oauth.json`, readable by its owner only. */
export class FileOAuthStore implements OAuthStore {
  private readonly data: SerialFile;

  constructor(readonly file: string) {
    this.data = new SerialFile(file);
  }

  static forHome(home: string): FileOAuthStore {
    return new FileOAuthStore(path.join(userStateDir(home), 'mcp-oauth.json'));
  }

  async load(key: string): Promise<OAuthRecord | undefined> {
    const all = (await this.data.read()) as Record<string, OAuthRecord> | undefined;
    return all && typeof all === 'object' ? all[key] : undefined;
  }

  async save(key: string, record: OAuthRecord | undefined): Promise<void> {
    await this.data.update((current) => {
      const all = { ...(current && typeof current === 'object' ? (current as Record<string, OAuthRecord>) : {}) };
      if (record) all[key] = record;
      else delete all[key];
      return { next: all, result: undefined };
    });
  }
}

/** A sign-in in progress: the redirect is listened for from the moment it begins. */
export interface AuthorizationSession {
  readonly redirectUrl: string;
  /** Lets the person sign in at `url` (the CLI prints it, VS Code opens a browser) and resolves with the code the redirect brings. */
  complete(url: URL, expectedState: string | undefined, signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

/** The host's way to sign a person in to a remote server. */
export interface AuthorizationPort {
  /** `preferredRedirect`: the URL registered before, reused when possible so the registration stays valid. */
  begin(server: string, preferredRedirect: string | undefined): Promise<AuthorizationSession>;
}

/**
 * The SDK's OAuth client for one remote server over an OAuthStore: dynamic client registration,
 * PKCE, token refresh. It does not open anything itself: `redirectToAuthorization` records the URL,
 * and the connection hands it to the AuthorizationSession after the SDK reports it must sign in.
 */
export class StoredOAuthProvider implements OAuthClientProvider {
  pendingAuthorization: URL | null = null;
  private verifier = '';
  private lastState: string | undefined;

  private constructor(
    private readonly store: OAuthStore,
    private readonly key: string,
    private record: OAuthRecord,
    private readonly session: AuthorizationSession | null,
  ) {}

  static async open(store: OAuthStore, key: string, session: AuthorizationSession | null): Promise<StoredOAuthProvider> {
    return new StoredOAuthProvider(store, key, (await store.load(key)) ?? {}, session);
  }

  get expectedState(): string | undefined {
    return this.lastState;
  }

  get hasTokens(): boolean {
    return this.record.tokens !== undefined;
  }

  get redirectUrl(): string | undefined {
    return this.session?.redirectUrl ?? this.record.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Specwright',
      redirect_uris: this.redirectUrl ? [this.redirectUrl] : [],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    this.lastState = randomBytes(16).toString('hex');
    return this.lastState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    // A registration made for another redirect URL would be refused at the token exchange.
    if (this.session && this.record.redirectUrl !== this.session.redirectUrl) return undefined;
    return this.record.client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    await this.update({ ...this.record, client, ...(this.redirectUrl ? { redirectUrl: this.redirectUrl } : {}) });
  }

  tokens(): OAuthTokens | undefined {
    return this.record.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.update({ ...this.record, tokens });
  }

  redirectToAuthorization(url: URL): void {
    this.pendingAuthorization = url;
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  async saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    await this.update({ ...this.record, discovery });
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.record.discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    const next = { ...this.record };
    if (scope === 'all' || scope === 'client') delete next.client;
    if (scope === 'all' || scope === 'tokens') delete next.tokens;
    if (scope === 'all' || scope === 'discovery') delete next.discovery;
    if (scope === 'all' || scope === 'verifier') this.verifier = '';
    await this.update(next);
  }

  private async update(record: OAuthRecord): Promise<void> {
    this.record = record;
    await this.store.save(this.key, record);
  }
}
