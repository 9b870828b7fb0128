// Ways to break a valid YAML/INI file, each a pure function of the text and a random source.
export type Random = () => number;

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: Random, list: T[]): T => list[Math.floor(rnd() * list.length)]!;
const lineIndex = (rnd: Random, lines: string[]): number => Math.floor(rnd() * Math.max(1, lines.length));

export interface Mutation {
  name: string;
  apply(text: string, rnd: Random, file: string): string;
}

const lines = (t: string): string[] => t.split('\n');

export const MUTATIONS: Mutation[] = [
  {
    name: 'delete a line',
    apply: (t, r) => {
      const l = lines(t);
      l.splice(lineIndex(r, l), 1);
      return l.join('\n');
    },
  },
  {
    name: 'indent a line more',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = '   ' + (l[i] ?? '');
      return l.join('\n');
    },
  },
  {
    name: 'indent a line less',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/^ {1,3}/, '');
      return l.join('\n');
    },
  },
  {
    name: 'tab indentation',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/^ +/, '\t');
      return l.join('\n');
    },
  },
  {
    name: 'value becomes a list',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, ': [$1, 2]');
      return l.join('\n');
    },
  },
  {
    name: 'value becomes a mapping',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, ': {x: 1}');
      return l.join('\n');
    },
  },
  {
    name: 'value becomes a number',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, ': 12345');
      return l.join('\n');
    },
  },
  {
    name: 'value becomes empty',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, ':');
      return l.join('\n');
    },
  },
  {
    name: 'unknown key',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      const ind = /^(\s*-?\s*)/.exec(l[i] ?? '')?.[1]?.replace('-', ' ') ?? '';
      l.splice(i + 1, 0, `${ind}bogus_key_${Math.floor(r() * 1000)}: 1`);
      return l.join('\n');
    },
  },
  {
    name: 'duplicate a line',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l.splice(i, 0, l[i] ?? '');
      return l.join('\n');
    },
  },
  { name: 'truncate', apply: (t, r) => t.slice(0, Math.floor(r() * t.length)) },
  {
    name: 'binary bytes',
    apply: (t, r) => {
      const at = Math.floor(r() * t.length);
      return t.slice(0, at) + '\u0000\u0001\u00ff\u0007' + t.slice(at);
    },
  },
  {
    name: 'huge value',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, `: ${'x'.repeat(200_000)}`);
      return l.join('\n');
    },
  },
  {
    name: 'unbalanced quote',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '') + ' "';
      return l.join('\n');
    },
  },
  {
    name: 'broken template',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, ': "{{ broken ( }}"');
      return l.join('\n');
    },
  },
  {
    name: 'undefined variable',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, ': "{{ never_defined_anywhere_42 }}"');
      return l.join('\n');
    },
  },
  {
    name: 'self include',
    apply: (t, _r, file) => {
      const self = file.split('/').pop();
      const role = /\/roles\/([^/]+)\/tasks\/main\.ya?ml$/.exec(file)?.[1];
      if (role) return `${t}\n- import_role:\n    name: ${role}\n`; // a role that imports itself
      if (/^\s*-?\s*hosts:/m.test(t)) return `${t}\n- import_playbook: ${self}\n`;
      return `${t}\n- import_tasks: ${self}\n`;
    },
  },
  {
    name: 'duplicate key',
    apply: (t, r) => {
      const l = lines(t);
      const keyed = l.map((x, i) => [i, /^(\s*)(- )?([\w.]+):/.exec(x)] as const).filter(([, m]) => m);
      if (keyed.length === 0) return `${t}\nkey: 1\nkey: 2\n`;
      const [i, m] = pick(r, keyed);
      l.splice(i + 1, 0, `${m![1]}${m![2] ? '  ' : ''}${m![3]}: duplicate`);
      return l.join('\n');
    },
  },
  {
    name: "swap two lines' indentation",
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l.slice(1));
      const a = /^\s*/.exec(l[i] ?? '')![0];
      const b = /^\s*/.exec(l[i + 1] ?? '')![0];
      l[i] = b + (l[i] ?? '').slice(a.length);
      if (i + 1 < l.length) l[i + 1] = a + (l[i + 1] ?? '').slice(b.length);
      return l.join('\n');
    },
  },
  {
    name: 'huge host pattern',
    apply: (t) =>
      /^(\s*-?\s*)hosts: .*$/m.test(t)
        ? t.replace(/^(\s*-?\s*)hosts: .*$/m, `$1hosts: '${'web'.repeat(100_000)}'`)
        : `${t}\n- hosts: '${'web'.repeat(100_000)}'\n  tasks: []\n`,
  },
  {
    name: 'deeply nested value',
    apply: (t, r) => {
      const l = lines(t);
      const i = lineIndex(r, l);
      l[i] = (l[i] ?? '').replace(/:\s+(\S.*)$/, `: ${'['.repeat(20_000)}${']'.repeat(20_000)}`);
      return l.join('\n');
    },
  },
  {
    name: 'alias bomb',
    apply: (t) =>
      `${t}\nbomb_a: &a [x, x, x, x, x, x, x, x, x, x]\nbomb_b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nbomb_c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nbomb_d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
  },
  {
    name: 'random garbage line',
    apply: (t, r) => {
      const l = lines(t);
      l.splice(lineIndex(r, l), 0, pick(r, ['- - - :', ']]][[', '{{{', ': :', '- [', '!!binary zzz', '&a *a', '? complex']));
      return l.join('\n');
    },
  },
];

const byName = (name: string): Mutation => {
  const m = MUTATIONS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutation ${name}`);
  return m;
};

/** YAML inventories: everything above, plus groups that are their own ancestors. */
export const YAML_INVENTORY_MUTATIONS: Mutation[] = [
  ...MUTATIONS,
  // appended under all.children (4 spaces) of the seed's layout
  {
    name: 'cyclic children (YAML)',
    apply: (t) => `${t.replace(/\n*$/, '')}\n    loop_a:\n      children:\n        loop_b:\n          children:\n            loop_a:\n`,
  },
  { name: 'group its own child (YAML)', apply: (t) => t.replace(/^(\s*)nodes:\n/m, '$1nodes:\n$1  children:\n$1    nodes:\n') },
];

/** INI inventories break differently. */
export const INI_MUTATIONS: Mutation[] = [
  byName('delete a line'),
  byName('duplicate a line'),
  byName('truncate'),
  byName('binary bytes'),
  { name: 'duplicate host var (INI)', apply: (t) => t.replace(/^(\S+ .*?(\w+)=(\S+))$/m, '$1 $2=other') },
  {
    name: 'wrong type (INI)',
    apply: (t, r) => {
      const l = lines(t);
      const i = l.findIndex((x) => /^[^[#;\s]/.test(x));
      l.splice(
        i >= 0 ? i + 1 : lineIndex(r, l),
        0,
        pick(r, ['h7 ansible_port=notaport', 'h7 ansible_port=99999999', 'h7 ansible_host=[1,2]', 'h7 ansible_connection={}']),
      );
      return l.join('\n');
    },
  },
  { name: 'huge value (INI)', apply: (t) => `${t}\n[all:vars]\nbig=${'x'.repeat(200_000)}\nh${'y'.repeat(100_000)}\n` },
  { name: 'self-referencing group (INI)', apply: (t) => `${t}\n[self_loop:children]\nself_loop\n` },
  {
    name: 'broken section',
    apply: (t, r) => {
      const l = lines(t);
      l.splice(lineIndex(r, l), 0, pick(r, ['[broken', '[a:b:c]', '[g:weird]', '[]']));
      return l.join('\n');
    },
  },
  {
    name: 'bad host var',
    apply: (t, r) => {
      const l = lines(t);
      const i = l.findIndex((x) => /ansible_host=/.test(x));
      if (i >= 0) l[i] = `${l[i]} noequals`;
      else l.splice(lineIndex(r, l), 0, 'h9 noequals');
      return l.join('\n');
    },
  },
  {
    name: 'bad range',
    apply: (t, r) => {
      const l = lines(t);
      l.splice(lineIndex(r, l), 0, pick(r, ['web[9:1]', 'web[a:9]', 'web[1:', 'web[1:100000000]']));
      return l.join('\n');
    },
  },
  { name: 'cyclic children', apply: (t) => `${t}\n[loop_a:children]\nloop_b\n[loop_b:children]\nloop_a\n` },
  {
    name: 'unterminated quote',
    apply: (t, r) => {
      const l = lines(t);
      const i = l.findIndex((x) => /=/.test(x));
      if (i >= 0) l[i] = `${l[i]} x="open`;
      else l.splice(lineIndex(r, l), 0, 'h8 x="open');
      return l.join('\n');
    },
  },
];
