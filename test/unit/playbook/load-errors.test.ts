// Every class of bad input ends in one UserInputError whose message starts with the exact
// file:line:col of the fault. Each fixture's first line says what is expected:
// `# expect: LINE:COL: text` (or `# expect: text` where the position is elsewhere).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../../src/engine/load-project.js';
import { UserInputError } from '../../../src/errors.js';

import { fixturePath } from '../../helpers/paths.js';

const fixturesDir = fixturePath('playbooks', 'errors');

describe('playbook loading errors', () => {
  const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.yaml') && !f.endsWith('-tasks.yaml'));
  it('has fixtures', () => expect(files.length).to.be.greaterThan(10));
  for (const name of files) {
    const file = join(fixturesDir, name);
    const expectLine = readFileSync(file, 'latin1').split('\n')[0] ?? '';
    const m = /^# expect: (?:(\d+):(\d+): )?(.*)$/.exec(expectLine);
    it(`${name}: ${m?.[3] ?? '(no expectation)'}`, () => {
      expect(m, 'fixture must start with "# expect:"').to.not.equal(null);
      let error: unknown;
      try {
        loadProject({ playbookFile: file, inventorySources: [], extraVars: [], rolesPath: [] });
      } catch (err) {
        error = err;
      }
      expect(error, 'loading must fail').to.be.instanceOf(UserInputError);
      const message = (error as Error).message;
      expect(message.split('\n')).to.have.length(1);
      if (m![1]) expect(message.startsWith(`${file}:${m![1]}:${m![2]}: `), message).to.equal(true);
      expect(message).to.include(m![3]);
      // Every message says what was expected; an unknown module does so by listing the supported ones.
      expect(message).to.match(/\((expected |lvsplay supports: )/);
    });
  }
});
