// Host ranges: web[1:3] -> web1 web2 web3; db[01:10] keeps the width; [a:c] letters;
// [1:10:2] steps. Several ranges in one name multiply.
export function expandHostRange(pattern: string): string[] {
  const m = /^(.*?)\[([^\]]*)\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, head, range, tail] = m as unknown as [string, string, string, string];
  const parts = range.split(':');
  if (parts.length < 2 || parts.length > 3) throw new Error('expected [start:end] or [start:end:step]');
  const [start, end, stepText] = parts as [string, string, string | undefined];
  const step = stepText === undefined || stepText === '' ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) throw new Error('step must be a positive integer');
  const values: string[] = [];
  if (/^\d+$/.test(start) && /^\d+$/.test(end)) {
    const width = start.length > 1 && start.startsWith('0') ? start.length : 0;
    const a = Number(start);
    const b = Number(end);
    if (a > b) throw new Error('start is after end');
    if ((b - a) / step > 100_000) throw new Error('range too large');
    for (let i = a; i <= b; i += step) values.push(String(i).padStart(width, '0'));
  } else if (/^[a-z]$/.test(start) && /^[a-z]$/.test(end)) {
    const a = start.charCodeAt(0);
    const b = end.charCodeAt(0);
    if (a > b) throw new Error('start is after end');
    for (let i = a; i <= b; i += step) values.push(String.fromCharCode(i));
  } else {
    throw new Error('start and end must both be numbers or both single lowercase letters');
  }
  return values.flatMap((v) => expandHostRange(`${head}${v}${tail}`));
}
