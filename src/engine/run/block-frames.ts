// Where the run loop is inside nested blocks, and what that means for a failure there, with
// Ansible 2.14's rules (learnt from running ansible-playbook on nested blocks):
// - a failure anywhere under the `block:` part of a block that has a rescue is counted as
//   "rescued", not "failed", and sets ansible_failed_task / ansible_failed_result;
// - for any_errors_fatal, a failure is caught (does not stop the other hosts) when the innermost
//   block will run its rescue or always for it, or an enclosing block its rescue;
// - when any_errors_fatal stops the play, hosts running a rescue or always section finish it.
import type { BlockDef } from '../playbook/model.js';

export type BlockSection = 'block' | 'rescue' | 'always';

/** One block being run: which of its parts, on which hosts, and which hosts entered the block. */
export interface BlockFrame {
  block: BlockDef;
  section: BlockSection;
  hosts: string[];
  entered: string[];
}

/** Outermost first, as the run loop enters them. */
export type BlockFrames = readonly BlockFrame[];

/** A failure here is counted as rescued: some enclosing block is in its `block:` part and has a rescue. */
export function failureRescued(frames: BlockFrames): boolean {
  return frames.some((f) => f.section === 'block' && f.block.rescue.length > 0);
}

/** A failure here is caught by a rescue or always (any_errors_fatal does not fire for it). */
export function failureCaught(frames: BlockFrames): boolean {
  const innermost = frames[frames.length - 1];
  if (innermost === undefined) return false;
  if (innermost.section === 'block' && (innermost.block.rescue.length > 0 || innermost.block.always.length > 0)) return true;
  if (innermost.section === 'rescue' && innermost.block.always.length > 0) return true;
  for (let i = frames.length - 2; i >= 0; i--) {
    const f = frames[i]!;
    if (f.section !== 'block') return false;
    if (f.block.rescue.length > 0) return true;
  }
  return false;
}

/** A host that failed here still has a rescue or always of an enclosing block to run. */
export function failureRecovers(frames: BlockFrames): boolean {
  return frames.some(
    (f) => (f.section === 'block' && (f.block.rescue.length > 0 || f.block.always.length > 0)) || (f.section === 'rescue' && f.block.always.length > 0),
  );
}

/**
 * Whether `host`, which did not fail now, has a rescue or always to run next (any_errors_fatal
 * lets it finish): it runs one now, or it waits for the always of the block whose rescue runs.
 */
export function nextIsRescueOrAlways(frames: BlockFrames, host: string): boolean {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (f.hosts.includes(host)) return f.section !== 'block';
    if (f.entered.includes(host) && f.section === 'rescue' && f.block.always.length > 0) return true;
  }
  return false;
}
