import * as vscode from 'vscode';
import { API_KEY_SECRET } from '../ids';

/**
 * The Anthropic API key: VS Code's SecretStorage (the OS keychain), else ANTHROPIC_API_KEY in the
 * environment (how end-to-end tests and CI pass it). Never written to settings.json, never logged.
 */
export class ApiKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The stored key; undefined lets the core fall back to ANTHROPIC_API_KEY. */
  async stored(): Promise<string | undefined> {
    return (await this.secrets.get(API_KEY_SECRET))?.trim() || undefined;
  }

  async hasKey(): Promise<boolean> {
    return !!(await this.stored()) || !!this.env.ANTHROPIC_API_KEY?.trim();
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(API_KEY_SECRET, key.trim());
  }

  async remove(): Promise<void> {
    await this.secrets.delete(API_KEY_SECRET);
  }

  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.secrets.onDidChange;
  }
}
