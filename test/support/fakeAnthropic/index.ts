export { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './server';
export {
  DEFAULT_FAULT_CONTENT,
  type RecordedRequest,
  type Script,
  type ScriptedBlock,
  type ScriptedFault,
  type ScriptedReply,
  type ScriptedTurn,
  type ScriptedUsage,
} from './script';
export { imagesIn, type RequestImage } from './images';
