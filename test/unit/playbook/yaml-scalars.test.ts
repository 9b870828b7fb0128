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
  // Measured with PyYAML (Ansible's loader): `.` is the text ".", not NaN (check_mode's `output_dir: .`).
  it('a float needs a digit and a dot, and an exponent its sign', () => {
    expect(parseYaml('[., ._, +.5, .5, 1., -1.5, 1_0.5, 1e5, 1.0e5, 1.0e+5, .5e-1]', 'x.yml')).to.deep.equal([
      '.',
      '._',
      '+.5',
      0.5,
      1,
      -1.5,
      10.5,
      '1e5',
      '1.0e5',
      100000,
      0.05,
    ]);
  });
  it('.inf and .nan keep their meaning', () => {
    const [inf, nan] = parseYaml('[-.inf, .NaN]', 'x.yml') as number[];
    expect(inf).to.equal(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(nan)).to.equal(true);
  });
  it('a decimal integer has no leading zero: 08 stays text, 017 is octal', () => {
    expect(parseYaml('[08, 017, 0, +0, 10, 1_000, 0x1F, 0b11, 1:30]', 'x.yml')).to.deep.equal(['08', 15, 0, 0, 10, 1000, 31, 3, 90]);
  });
});
