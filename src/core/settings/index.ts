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
export { loadSettings, parseSettings, formatPath, SettingsError, SETTINGS_FILE, type LoadedSettings, type SettingsErrorLocation } from './loadSettings';
export { parseJsonc, JsonSyntaxError } from './jsonc';
