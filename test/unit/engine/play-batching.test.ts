// `order:` and `serial:` may be templated: rendered once when the play starts, with the play's
// vars and the extra vars; `omit` leaves the keyword at its default. Measured with
// ansible-playbook 2.14: `order: "{{ o }}"` with `vars: {o: sorted}` runs hosts b, a, c as
// a, b, c; `serial: "{{ s | default(omit) }}"` with no `s` runs them in one batch.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../../src/engine/load-project.js';
import { playHostOrder, playSerial } from '../../../src/engine/run/play-batching.js';
import type { RunContext } from '../../../src/engine/run/run-context.js';
import { UserInputError } from '../../../src/errors.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

describe('templated order and serial of a play', () => {
  let dir = '';
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => removeDir(dir));
  const load = (play: string): ReturnType<typeof loadProject> => {
    writeFileSync(join(dir, 'play.yml'), `- hosts: localhost\n  gather_facts: false\n${play}  tasks:\n    - debug: msg=x\n`);
    return loadProject({ playbookFile: join(dir, 'play.yml'), inventorySources: ['localhost,'], extraVars: [], rolesPath: [] });
  };
  const run = (extraVars: Record<string, unknown> = {}): RunContext => ({ playbookDir: dir, options: { check: false, extraVars } }) as unknown as RunContext;

  it('order renders with play vars; extra vars win', () => {
    const play = load('  order: "{{ o }}"\n  vars: {o: sorted}\n').playbook.plays[0]!;
    expect(playHostOrder(run(), play)).to.equal('sorted');
    expect(playHostOrder(run({ o: 'reverse_inventory' }), play)).to.equal('reverse_inventory');
  });
  it('order with default(omit) is inventory; a bad rendered value is refused', () => {
    const play = load('  order: "{{ o | default(omit) }}"\n').playbook.plays[0]!;
    expect(playHostOrder(run(), play)).to.equal('inventory');
    expect(() => playHostOrder(run({ o: 'random' }), play)).to.throw(UserInputError, 'order is');
  });
  it('serial renders to numbers, percentages or lists; omit means one batch', () => {
    const play = load('  serial: "{{ s | default(omit) }}"\n').playbook.plays[0]!;
    expect(playSerial(run(), play)).to.deep.equal([]);
    expect(playSerial(run({ s: 2 }), play)).to.deep.equal([2]);
    expect(playSerial(run({ s: [1, '50%'] }), play)).to.deep.equal([1, '50%']);
  });
  it('a written bad order is still refused at load', () => {
    expect(() => load('  order: random\n')).to.throw(UserInputError, 'order is');
  });
});
