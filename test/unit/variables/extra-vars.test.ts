// -e/--extra-vars: key=value, JSON/YAML, @file; repeated -e merge in order.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../../src/errors.js';
import { parseExtraVars } from '../../../src/engine/variables/index.js';

describe('variables: --extra-vars', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-extra-'));
  writeFileSync(join(dir, 'vars.yml'), 'port: 8080\nlist: [1, 2]\nflag: yes\n');
  writeFileSync(join(dir, 'vars.json'), '{"port": 9090}');
  writeFileSync(join(dir, 'bad.yml'), 'a: [1\n');

  it('key=value pairs give strings, with shell-style quoting', () => {
    expect(parseExtraVars(['a=1 b="x y" c=', "d='q=1'"], dir)).to.deep.equal({ a: '1', b: 'x y', c: '', d: 'q=1' });
  });
  it('JSON and YAML mappings keep their types', () => {
    expect(parseExtraVars(['{"a": 1, "b": [true, null]}'], dir)).to.deep.equal({ a: 1, b: [true, null] });
    expect(parseExtraVars(['{a: 1, b: yes}'], dir)).to.deep.equal({ a: 1, b: true });
  });
  it('@file reads YAML or JSON, relative to cwd', () => {
    expect(parseExtraVars(['@vars.yml'], dir)).to.deep.equal({ port: 8080, list: [1, 2], flag: true });
    expect(parseExtraVars([`@${join(dir, 'vars.json')}`], '/')).to.deep.equal({ port: 9090 });
  });
  it('repeated -e merge in order, the later one wins', () => {
    expect(parseExtraVars(['port=1 a=x', '@vars.json', '{"a": "y"}'], dir)).to.deep.equal({ port: 9090, a: 'y' });
  });
  it('bad JSON is a UserInputError naming the argument and column', () => {
    expect(() => parseExtraVars(['a=1', '{"a": [1}'], dir)).to.throw(UserInputError, /^--extra-vars #2:1:\d+: YAML syntax error/);
  });
  it('a missing @file names the argument', () => {
    expect(() => parseExtraVars(['@nope.yml'], dir)).to.throw(UserInputError, /^--extra-vars #1:1:1: extra vars file not found: nope\.yml/);
  });
  it('a bad @file names the file and line', () => {
    expect(() => parseExtraVars(['@bad.yml'], dir)).to.throw(UserInputError, /bad\.yml:\d+:\d+: YAML syntax error/);
  });
  it('something that is not key=value, or not a mapping, is refused', () => {
    expect(() => parseExtraVars(['justaword'], dir)).to.throw(UserInputError, /'justaword' is not key=value/);
    expect(() => parseExtraVars(['[1, 2]'], dir)).to.throw(UserInputError, /must be a mapping/);
    expect(() => parseExtraVars(['a="unterminated'], dir)).to.throw(UserInputError, /unterminated/);
  });
  it('an empty -e is nothing', () => {
    expect(parseExtraVars(['', '  '], dir)).to.deep.equal({});
  });
});
