// Loads YAML the way an Ansible user expects (YAML 1.1: yes/no are booleans, 0644 is octal)
// and remembers where every mapping, sequence and key came from, so later checks (schema,
// unknown keys, undefined variables) can report `file:line:col` for the exact spot.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, isAlias, LineCounter, parseAllDocuments, type Node, type Tags } from 'yaml';
import { UserInputError, type SourceLocation } from '../errors.js';
import { textOf } from '../util/text.js';
import { copyUnsafeMarks, markUnsafe } from './unsafe-values.js';
import { openIfVaulted, openInlineVault } from '../vault/keyring.js';
import { rememberRevealedIn } from '../vault/revealed.js';

interface Located {
  /** Where the mapping or sequence itself starts. */
  self: SourceLocation;
  /** For mappings: where each key starts. For sequences: where each item starts. */
  children: Map<string | number, SourceLocation>;
}

// Global, weak: any object that came from a YAML file can be located later without threading
// positions through every function.
const locations = new WeakMap<object, Located>();

/** Where a loaded mapping/sequence (or one of its keys/items) came from, if it came from YAML. */
export function locate(value: unknown, key?: string | number): SourceLocation | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const found = locations.get(value);
  if (!found) return undefined;
  if (key !== undefined) return found.children.get(key) ?? found.self;
  return found.self;
}

/** Record that `copy` sits where `original` sat (for values copied during loading). */
export function copyLocation(original: object, copy: object): void {
  const found = locations.get(original);
  if (found) locations.set(copy, found);
  copyUnsafeMarks(original, copy);
}

/** Record where one key of an object built in code was written (INI inventories). */
export function recordKeyLocation(value: object, key: string | number, where: SourceLocation): void {
  let found = locations.get(value);
  if (!found) {
    found = { self: where, children: new Map() };
    locations.set(value, found);
  }
  found.children.set(key, where);
}

/** Give an object built in code a location (e.g. the file it stands for). */
export function setLocation(value: object, where: SourceLocation): void {
  locations.set(value, { self: where, children: new Map() });
}

export const MAX_YAML_BYTES = 16 * 1024 * 1024;

/** Parse YAML text into plain JS values. Throws UserInputError with file:line:col on bad input. */
export function parseYaml(text: string, file: string): unknown {
  return parseYamlDocuments(text, file)[0] ?? null;
}

// Ansible reads YAML with PyYAML, whose plain scalars resolve more narrowly than the YAML 1.1
// spec the yaml library follows. Booleans are yes/no, true/false, on/off (in three casings): `y`
// and `n` stay strings (`id: y` is the text "y").
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
// A float needs a digit and a dot, and an exponent needs its sign: `.` (an output_dir of ".")
// and `._` stay text rather than NaN, and so do `+.5`, `1e5` and `1.0e5`.
const PYYAML_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;
const PYYAML_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)[eE][-+][0-9]+$/;
// A decimal integer has no leading zero: `08` (not octal either) stays text.
const PYYAML_DECIMAL = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const BOOL_TAG = 'tag:yaml.org,2002:bool';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const INT_TAG = 'tag:yaml.org,2002:int';
function pyyamlScalars(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || !('test' in t) || !t.test) return t;
    const { tag, test } = t;
    if (tag === BOOL_TAG) return { ...t, test: test.test('true') ? PYYAML_TRUE : PYYAML_FALSE };
    // Each float or int tag is told apart by a sample its own test accepts.
    if (tag === FLOAT_TAG && test.test('1.5e-3')) return { ...t, test: PYYAML_FLOAT_EXP };
    if (tag === FLOAT_TAG && test.test('1.5')) return { ...t, test: PYYAML_FLOAT };
    if (tag === INT_TAG && test.test('19')) return { ...t, test: PYYAML_DECIMAL };
    return t;
  });
}

/** Parse every document in a YAML stream. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  if (text.length > MAX_YAML_BYTES) {
    throw new UserInputError(`file is too large (${text.length} bytes)`, { file, line: 1, col: 1 }, `at most ${MAX_YAML_BYTES} bytes of YAML`);
  }
  // A NUL byte or other binary garbage is never valid in a playbook; say so plainly.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const binaryAt = text.search(/[\u0000-\u0008\u000E-\u001F\uFFFD]/);
  if (binaryAt >= 0) {
    const pos = positionOf(text, binaryAt);
    throw new UserInputError('binary data in a YAML file', { file, ...pos }, 'UTF-8 text');
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    customTags: pyyamlScalars,
    lineCounter,
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    strict: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const results: unknown[] = [];
  for (const doc of list) {
    const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'DUPLICATE_KEY');
    if (first) {
      const offset = first.pos[0];
      const pos = lineCounter.linePos(offset);
      throw new UserInputError(describeYamlError(first.code, first.message), { file, line: pos.line, col: pos.col }, 'valid YAML');
    }
    const anchors = new Map<Node, unknown>();
    results.push(convert(doc.contents, file, lineCounter, anchors, doc, 0));
  }
  return results;
}

/** Read and parse a YAML file (decrypted first when it is an Ansible Vault). */
export function loadYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(`cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file, line: 1, col: 1 }, 'a readable YAML file');
  }
  const opened = openIfVaulted(text, file);
  const data = parseYaml(opened.text, file);
  if (opened.vaulted) rememberRevealedIn(data);
  return data;
}

function describeYamlError(code: string, message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  // The yaml library appends " at line N, column M"; lvsplay already leads with file:line:col.
  const trimmed = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key: ${trimmed}`;
    default:
      return `YAML syntax error: ${trimmed}`;
  }
}

function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return { line, col };
}

const MAX_DEPTH = 200;

/** `!unsafe` on a scalar, a list or a mapping: nothing inside it is ever templated. */
function isUnsafeNode(node: unknown): boolean {
  return (isScalar(node) || isSeq(node) || isMap(node)) && node.tag === '!unsafe';
}

function convert(node: Node | null, file: string, lc: LineCounter, anchors: Map<Node, unknown>, doc: { toJS?: unknown }, depth: number): unknown {
  if (node === null || node === undefined) return null;
  const at = (n: { range?: [number, number, number] | null } | null | undefined): SourceLocation => {
    const offset = n?.range?.[0] ?? 0;
    const p = lc.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  if (depth > MAX_DEPTH) throw new UserInputError('YAML nested too deeply', at(node), `at most ${MAX_DEPTH} levels`);
  if (isAlias(node)) {
    // Aliases resolve to the anchored value; a cycle through aliases is impossible in YAML text.
    const target = (node as unknown as { resolve(d: unknown): Node | undefined }).resolve(doc);
    if (!target) throw new UserInputError(`unknown alias *${node.source}`, at(node), 'an anchor defined earlier');
    if (anchors.has(target)) return anchors.get(target);
    return convert(target, file, lc, anchors, doc, depth + 1);
  }
  if (isScalar(node)) {
    const v = node.value;
    if (node.tag === '!vault') return openInlineVault(String(v), at(node));
    // Keep YAML 1.1 dates as the text the user wrote: lvsplay never needs Date objects.
    if (v instanceof Date) return node.source ?? v.toISOString();
    return v;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    anchors.set(node, out);
    const located: Located = { self: at(node), children: new Map() };
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && (keyNode.value === '<<' || typeof keyNode.value === 'symbol')) {
        // merge key (YAML 1.1): copy the merged mapping(s) in, explicit keys win
        const merged = convert(pair.value as Node, file, lc, anchors, doc, depth + 1);
        const sources: unknown[] = Array.isArray(merged) ? merged : [merged];
        for (const m of sources) {
          if (m && typeof m === 'object') {
            for (const [k, v] of Object.entries(m as Record<string, unknown>)) if (!(k in out)) out[k] = v;
          }
        }
        continue;
      }
      const keyValue = isScalar(keyNode) ? keyNode.value : convert(keyNode, file, lc, anchors, doc, depth + 1);
      const key = keyValue === null || keyValue === undefined ? '' : textOf(keyValue);
      Object.defineProperty(out, key, {
        value: convert(pair.value as Node | null, file, lc, anchors, doc, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      located.children.set(key, at(keyNode));
      if (isUnsafeNode(pair.value)) markUnsafe(out, key);
    }
    locations.set(out, located);
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    anchors.set(node, out);
    const located: Located = { self: at(node), children: new Map() };
    node.items.forEach((item, i) => {
      out.push(convert(item as Node | null, file, lc, anchors, doc, depth + 1));
      located.children.set(i, at(item as Node));
      if (isUnsafeNode(item)) markUnsafe(out, i);
    });
    locations.set(out, located);
    return out;
  }
  return null;
}
