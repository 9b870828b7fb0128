// YAML scalars as Ansible's loader (PyYAML, YAML 1.1) reads them. Measured with
// ansible-playbook 2.14: `vars: {a: y, b: n, c: yes, d: Off, e: Y}` prints ["y", "n", true, false, "Y"].
import { expect } from 'chai';
import { parseYaml } from '../../../src/engine/yaml-source.js';

describe("YAML scalars as Ansible's loader reads them", () => {
  it('yes/no, true/false, on/off are booleans; y and n stay strings', () => {
    expect(parseYaml('[y, n, Y, N, yes, No, Off, ON, "yes", True]', 'x.yml')).to.deep.equal(['y', 'n', 'Y', 'N', true, false, false, true, 'yes', true]);
  });
  it('a key y: reads as the text "y"', () => {
    expect(parseYaml('- id: y\n  y: 1\n', 'x.yml')).to.deep.equal([{ id: 'y', y: 1 }]);
  });
  it('0644 is still octal', () => {
    expect(parseYaml('mode: 0644', 'x.yml')).to.deep.equal({ mode: 420 });
  });
});
