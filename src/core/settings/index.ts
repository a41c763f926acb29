export {
  settingsSchema,
  agentSettingsSchema,
  modelSettingsSchema,
  modelPriceSchema,
  defaultSettings,
  type Settings,
  type SettingsInput,
  type AgentSettings,
  type ModelSettings,
  type ModelPrice,
} from './schema';
export {
  loadSettings,
  confirmWorkspaceSettings,
  parseSettings,
  formatPath,
  SettingsError,
  SETTINGS_FILE,
  USER_SETTINGS_FILE,
  type LoadedSettings,
  type LoadSettingsOptions,
  type SettingsLayerInput,
  type SettingsErrorLocation,
} from './loadSettings';
export { FileConsentStore, consentFileIn, type WorkspaceConsentStore, type WorkspaceSettingsRequest, type LooseningItem } from './workspaceConsent';
export { parseJsonc, lineAndColumn, JsonSyntaxError } from './jsonc';
export { editDistance } from './editDistance';
