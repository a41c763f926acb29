import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { ActivityEventInput } from '../activity';
import { askApproval, type ApprovalGate } from '../approvals';
import { ImageInputError, MAX_IMAGES_PER_REQUEST, type ModelImage } from '../images';
import { imageReferencesInPrompt, readImageFile } from '../images/files';
import type { ProposedAction } from '../policy/types';
import type { ActionPolicy } from './ports';

export interface NamedImagesOptions {
  workspace: string;
  /** The agent's policy: an attached image goes to the model as a read of the file would. */
  policy: ActionPolicy;
  /** Where a read the policy asks about (a secrets file) is asked. */
  approvals: ApprovalGate;
  signal: AbortSignal;
  /** Where the question and its answer are recorded; none: the gate alone says it. */
  emit?: (event: ActivityEventInput) => void;
  /** For `~/…` paths; default the user's home. */
  home?: string;
}

/**
 * The image files a person's message names (a `specwright chat` prompt), read for the model: every
 * word ending in an image extension that names an existing file, relative paths from the workspace.
 * Each is judged as the agent's own read of it is (outside the workspace: refused; a secrets file:
 * asked), then checked against the image limits. A path written as a path (`./`, `../`, `/`, `~/`)
 * to a file that is not there is an error; a bare name that is not there stays text (it may name a
 * file to be made). Throws ImageInputError naming the file and what is wrong; nothing is attached then.
 */
export async function imagesNamedInPrompt(text: string, options: NamedImagesOptions): Promise<ModelImage[]> {
  const references = imageReferencesInPrompt(text, { cwd: options.workspace, ...(options.home !== undefined ? { home: options.home } : {}) });
  const missing = references.find((ref) => !ref.exists && ref.explicit);
  if (missing) {
    throw new ImageInputError(`${missing.written} does not exist, so it cannot be attached. To mention the name without attaching it, write it without the leading path (${path.basename(missing.written)}).`);
  }
  const files = references.filter((ref) => ref.exists);
  if (files.length > MAX_IMAGES_PER_REQUEST) {
    throw new ImageInputError(`${files.length} images are named; a message can carry at most ${MAX_IMAGES_PER_REQUEST}.`);
  }
  for (const file of files) await mayAttach(file.written, file.absolute, options);
  const images: ModelImage[] = [];
  for (const file of files) images.push(await readImageFile(file.absolute, displayName(file.absolute, options.workspace)));
  return images;
}

/** The policy's verdict on reading the file, asked about where it asks; throws when it may not be sent. */
async function mayAttach(written: string, absolute: string, options: NamedImagesOptions): Promise<void> {
  const action: ProposedAction = { kind: 'read', path: absolute };
  const decision = options.policy.evaluate(action);
  if (decision.decision === 'allow') return;
  if (decision.decision === 'deny') throw new ImageInputError(`${written} was not attached: ${decision.reason}.`);
  const request = {
    approvalId: `attach-${randomBytes(4).toString('hex')}`,
    action: { kind: 'read', detail: `attach ${written} to the message` },
    reason: decision.reason,
    proposed: action,
  };
  const answer = options.emit ? await askApproval(options.emit, options.approvals, request, options.signal) : await options.approvals.request(request, options.signal);
  if (answer.outcome === 'always') options.policy.grantForSession(action);
  if (answer.outcome === 'rejected') throw new ImageInputError(`${written} was not attached: ${decision.reason}; ${answer.note ?? 'you said no'}.`);
}

function displayName(absolute: string, workspace: string): string {
  const relative = path.relative(workspace, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute;
}
