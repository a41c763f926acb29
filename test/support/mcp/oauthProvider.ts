import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * A local authorization server's logic for tests: dynamic registration, an authorize step that
 * signs the (imaginary) user in at once and redirects with a code, PKCE (checked by the SDK's token
 * handler), access and refresh tokens. Counts what happened so tests can tell a sign-in from a reuse.
 */
export class TestOAuthProvider implements OAuthServerProvider {
  readonly registrations: OAuthClientInformationFull[] = [];
  authorizations = 0;
  tokensIssued = 0;
  private readonly clients = new Map<string, OAuthClientInformationFull>();
  private readonly codes = new Map<string, { clientId: string; params: AuthorizationParams }>();
  private readonly tokens = new Map<string, AuthInfo>();
  private readonly refreshTokens = new Map<string, string>();

  get clientsStore(): OAuthRegisteredClientsStore {
    return {
      getClient: async (id) => this.clients.get(id),
      registerClient: async (client) => {
        const full = client as OAuthClientInformationFull;
        this.clients.set(full.client_id, full);
        this.registrations.push(full);
        return full;
      },
    };
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    this.authorizations++;
    if (!client.redirect_uris.includes(params.redirectUri)) {
      res.status(400).send('unregistered redirect_uri');
      return;
    }
    const code = randomUUID();
    this.codes.set(code, { clientId: client.client_id, params });
    const target = new URL(params.redirectUri);
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    res.redirect(target.href);
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const entry = this.codes.get(code);
    if (!entry) throw new InvalidGrantError('unknown authorization code');
    return entry.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<OAuthTokens> {
    const entry = this.codes.get(code);
    if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError('invalid authorization code');
    this.codes.delete(code);
    return this.issue(client.client_id);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    if (this.refreshTokens.get(refreshToken) !== client.client_id) throw new InvalidGrantError('invalid refresh token');
    this.refreshTokens.delete(refreshToken);
    return this.issue(client.client_id);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const info = this.tokens.get(token);
    if (!info || (info.expiresAt ?? 0) * 1000 < Date.now()) throw new InvalidTokenError('invalid or expired token');
    return info;
  }

  /** Makes every access token issued so far invalid (as if they expired). */
  expireAccessTokens(): void {
    this.tokens.clear();
  }

  private issue(clientId: string): OAuthTokens {
    this.tokensIssued++;
    const access = randomUUID();
    const refresh = randomUUID();
    this.tokens.set(access, { token: access, clientId, scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 });
    this.refreshTokens.set(refresh, clientId);
    return { access_token: access, token_type: 'bearer', expires_in: 3600, refresh_token: refresh };
  }
}
