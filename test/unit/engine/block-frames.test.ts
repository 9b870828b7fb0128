// What a failure means at each place in nested blocks (Ansible 2.14's rules, checked against
// ansible-playbook in test/integration/engine/blocks-errors.test.ts).
import { expect } from 'chai';
import type { BlockDef } from '../../../src/engine/playbook/model.js';
import { failureCaught, failureRecovers, failureRescued, nextIsRescueOrAlways, type BlockFrame } from '../../../src/engine/run/block-frames.js';

const where = { file: 'play.yaml', line: 1, col: 1 };
const task = {
  kind: 'block' as const,
  block: [],
  rescue: [],
  always: [],
  when: [],
  tags: [],
  includeTags: [],
  includeParams: [],
  vars: {},
  blockVars: [],
  where,
};

/** A block with (or without) a rescue and an always section. */
function block(parts: { rescue?: boolean; always?: boolean }): BlockDef {
  return { ...task, rescue: parts.rescue ? [task] : [], always: parts.always ? [task] : [] };
}

function frame(b: BlockDef, section: BlockFrame['section'], hosts = ['h1'], entered = hosts): BlockFrame {
  return { block: b, section, hosts, entered };
}

describe('block frames: what a failure inside blocks leads to', () => {
  it('outside any block a failure is final', () => {
    expect(failureRescued([])).to.equal(false);
    expect(failureCaught([])).to.equal(false);
    expect(failureRecovers([])).to.equal(false);
  });

  it('under the block part of a block with a rescue, at any depth, a failure is rescued', () => {
    const outer = frame(block({ rescue: true }), 'block');
    expect(failureRescued([outer])).to.equal(true);
    expect(failureRescued([outer, frame(block({}), 'always')])).to.equal(true);
    expect(failureRescued([frame(block({ rescue: true }), 'rescue')])).to.equal(false);
    expect(failureRescued([frame(block({ always: true }), 'block')])).to.equal(false);
  });

  it('the innermost block catches with its rescue or always, enclosing ones only with a rescue', () => {
    expect(failureCaught([frame(block({ always: true }), 'block')])).to.equal(true);
    expect(failureCaught([frame(block({ always: true }), 'rescue')])).to.equal(true);
    expect(failureCaught([frame(block({ rescue: true }), 'rescue')])).to.equal(false);
    expect(failureCaught([frame(block({ always: true }), 'block'), frame(block({}), 'block')])).to.equal(false);
    expect(failureCaught([frame(block({ rescue: true }), 'block'), frame(block({}), 'block')])).to.equal(true);
    expect(failureCaught([frame(block({ rescue: true }), 'block'), frame(block({}), 'always'), frame(block({}), 'block')])).to.equal(false);
  });

  it('a failed host recovers when any enclosing block still has a rescue or always for it', () => {
    expect(failureRecovers([frame(block({ always: true }), 'block'), frame(block({}), 'rescue')])).to.equal(true);
    expect(failureRecovers([frame(block({ rescue: true }), 'always')])).to.equal(false);
  });

  it('a host that did not fail is next in a rescue or always when it runs one, or waits for the always of a block whose rescue runs', () => {
    const b = block({ rescue: true, always: true });
    expect(nextIsRescueOrAlways([frame(b, 'rescue', ['h1'], ['h1', 'h2'])], 'h2')).to.equal(true);
    expect(nextIsRescueOrAlways([frame(block({ rescue: true }), 'rescue', ['h1'], ['h1', 'h2'])], 'h2')).to.equal(false);
    expect(nextIsRescueOrAlways([frame(b, 'always', ['h1', 'h2'])], 'h2')).to.equal(true);
    expect(nextIsRescueOrAlways([frame(b, 'block', ['h1', 'h2'])], 'h2')).to.equal(false);
  });
});
