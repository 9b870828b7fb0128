// INI values become what Python's ast.literal_eval makes of them (Ansible's _parse_value).
import { expect } from 'chai';
import { parseIniValue } from '../../../src/engine/inventory/values.js';

describe('INI values (literal_eval-like)', () => {
  const cases: Array<[string, unknown]> = [
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['1_000', 1000],
    ['0', 0],
    ['3.5', 3.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['0x1F', 31],
    ['0o644', 420],
    ['0644', '0644'], // Python 3 refuses the old octal form, so it stays text
    ['True', true],
    ['False', false],
    ['None', null],
    ['true', 'true'],
    ['yes', 'yes'],
    ["'quoted'", 'quoted'],
    ['"a\\tb"', 'a\tb'],
    ["'it''s'", 'its'],
    ["[1, 'two', [3]]", [1, 'two', [3]]],
    ["('a', 'b')", ['a', 'b']],
    ['(5)', 5],
    ["{'k': 1, 'n': None}", { k: 1, n: null }],
    ["{'don''t': 'x'}", { dont: 'x' }],
    ['[1, 2', '[1, 2'],
    ['a b', 'a b'],
    ['10.0.0.1', '10.0.0.1'],
    ['1.2.3', '1.2.3'],
    ['5 # comment', 5],
    ['12345678901234567890', '12345678901234567890'], // beyond 2^53: keep every digit
    ['', ''],
  ];
  for (const [text, value] of cases) {
    it(`${JSON.stringify(text)} -> ${JSON.stringify(value)}`, () => expect(parseIniValue(text)).to.deep.equal(value));
  }
});
