// Host names as Ansible writes them in inventories: ranges (web[1:3], db[01:10], [a:c],
// [1:10:2], several per name), an optional :port, and IPv6 addresses ([::1]:22 or bare ::1).
// Errors are plain Errors; the INI/YAML parsers add the file position.

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MAX_HOSTS_PER_RANGE = 100_000;

/** Ansible's expand_hostname_range, except that an empty or reversed range is an error (Ansible silently defines no host). */
export function expandHostRange(pattern: string): string[] {
  const open = pattern.indexOf('[');
  if (open < 0) return [pattern];
  const close = pattern.indexOf(']', open);
  if (close < 0) throw new Error("'[' without a closing ']'");
  const head = pattern.slice(0, open);
  const range = pattern.slice(open + 1, close);
  const tail = pattern.slice(close + 1);
  const bounds = range.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error('a range must be begin:end or begin:end:step');
  const [beginText, end, stepText] = bounds as [string, string, string | undefined];
  const begin = beginText === '' ? '0' : beginText;
  if (end === '') throw new Error('a range must have an end');
  const step = stepText === undefined || stepText === '' ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) throw new Error('the step must be a positive integer');
  let values: string[];
  const a = LETTERS.indexOf(begin);
  const b = LETTERS.indexOf(end);
  if (begin.length === 1 && end.length === 1 && a >= 0 && b >= 0) {
    if (a > b) throw new Error('the range begins after it ends');
    values = [];
    for (let i = a; i <= b; i += step) values.push(LETTERS[i]!);
  } else if (/^\d+$/.test(begin) && /^\d+$/.test(end)) {
    // A leading zero asks for fixed width (01..10); Ansible insists both ends show it.
    const width = begin.length > 1 && begin.startsWith('0') ? begin.length : 0;
    if (width && end.length !== width) throw new Error('with a leading zero, begin and end must have the same length');
    const from = Number(begin);
    const to = Number(end);
    if (from > to) throw new Error('the range begins after it ends');
    if ((to - from) / step > MAX_HOSTS_PER_RANGE) throw new Error(`the range has more than ${MAX_HOSTS_PER_RANGE} hosts`);
    values = [];
    for (let i = from; i <= to; i += step) values.push(String(i).padStart(width, '0'));
  } else {
    throw new Error('begin and end must both be numbers or both single letters');
  }
  return values.flatMap((v) => expandHostRange(`${head}${v}${tail}`));
}

export interface HostAddress {
  /** The name with any range still in it. */
  pattern: string;
  port?: number;
}

const BARE_IPV6 = /^[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[\w.-]+)?$/;

/** Split `name[:port]`, `[ipv6]:port` and bare IPv6 (Ansible's parse_address with ranges allowed). */
export function parseHostAddress(text: string): HostAddress {
  const bracketed = /^\[([^\]]*:[^\]]*:[^\]]*)\](?::(\d+))?$/.exec(text);
  if (bracketed && BARE_IPV6.test(bracketed[1]!)) return withPort(bracketed[1]!, bracketed[2]);
  if (BARE_IPV6.test(text)) return { pattern: text };
  // The port colon is the last one outside [...] ranges.
  let depth = 0;
  const colons: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ':' && depth === 0) colons.push(i);
  }
  if (colons.length === 0) return { pattern: text };
  const at = colons[colons.length - 1]!;
  const port = text.slice(at + 1);
  if (colons.length > 1 || !/^\d+$/.test(port)) {
    throw new Error(port === '' ? "a trailing ':' must be followed by a port number" : "':' outside a range must introduce a port number");
  }
  return withPort(text.slice(0, at), port);
}

function withPort(pattern: string, port: string | undefined): HostAddress {
  if (port === undefined) return { pattern };
  const n = Number(port);
  if (n < 1 || n > 65535) throw new Error(`port ${port} is out of range`);
  return { pattern, port: n };
}
