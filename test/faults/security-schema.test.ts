// Security campaign, the schema half (no lab: it runs beside the lab's tests): every variable of
// every role (meta/argument_specs.yaml) given values with shell metacharacters, newlines, quotes
// and $(...) is refused by the schema with a one-line error before any host could be contacted,
// unless it is a path. Paths are accepted here, and security.test.ts writes each of them
// literally on real lab hosts, where a canary proves no payload ran.
import { expect } from 'chai';
import { loadProject } from '../../src/engine/load-project.js';
import { UserInputError } from '../../src/errors.js';
import { repoPath } from '../helpers/paths.js';
import { exampleVaultSecrets } from '../helpers/example-vault.js';
import { PAYLOADS, roleVariables, valueFor } from './role-variables.js';

describe('security campaign: the schema', function () {
  this.timeout(600_000);

  it('every role variable with shell metacharacters, newlines, quotes or $(...) is refused by the schema, or is a path', () => {
    const variables = roleVariables();
    let cases = 0;
    let refused = 0;
    let acceptedPaths = 0;
    const unexpected: string[] = [];
    for (const v of variables) {
      for (const payload of PAYLOADS) {
        // lists get the payload as an element too (and as a real server's address)
        const values: unknown[] = [valueFor(v, payload), ...(v.type === 'list' ? [[payload], [{ address: payload }]] : [])];
        for (const value of values) {
          cases++;
          const shown = `${v.role}.${v.name} = ${JSON.stringify(value)}`;
          try {
            loadProject({
              playbookFile: repoPath('playbooks', 'site.yaml'),
              inventorySources: [repoPath('inventory', 'example')],
              extraVars: [JSON.stringify({ [v.name]: value })],
              rolesPath: [repoPath('roles')],
              vaultSecrets: exampleVaultSecrets,
            });
            if (v.type === 'path') acceptedPaths++;
            else unexpected.push(`accepted ${shown}`);
          } catch (err) {
            if (!(err instanceof UserInputError)) throw err;
            // the lab half writes every path payload: a refused path would leave it untested
            if (v.type === 'path') unexpected.push(`refused the path ${shown}: ${err.message}`);
            expect(err.message.split('\n'), shown).to.have.length(1);
            refused++;
          }
        }
      }
    }
    const pathVars = variables.filter((v) => v.type === 'path').length;
    console.log(
      `      security/schema: ${variables.length} role variables x ${PAYLOADS.length} payloads (as the value, and in lists as an element) = ${cases} cases, ${refused} refused before any host is contacted, ${acceptedPaths} accepted (${pathVars} path variables, written literally on the lab by security.test.ts)`,
    );
    expect(unexpected, unexpected.join('\n')).to.deep.equal([]);
    expect(acceptedPaths).to.equal(pathVars * PAYLOADS.length);
  });
});
