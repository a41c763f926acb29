/**
 * `spec verify`: what the model is asked (verifyPrompt), and failed criteria turned into tasks
 * (addCriterionTasks). The run itself is the agent's (AgentService.verify).
 */
export { verifyPrompt, VERDICT_TOOL } from './verifyPrompt';
export { addCriterionTasks, type AddedTask } from './criterionTasks';
