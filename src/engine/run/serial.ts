// Ansible's `serial:` batches: numbers or percentages of the play's hosts; the last size
// repeats until every host had its turn.
export function serialBatches(hosts: string[], serial: Array<number | string>): string[][] {
  if (serial.length === 0 || hosts.length === 0) return [hosts];
  const sizes = serial.map((s) => (typeof s === 'number' ? s : Math.max(1, Math.floor((hosts.length * parseFloat(s)) / 100))));
  const batches: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < hosts.length) {
    const size = Math.max(1, sizes[Math.min(k, sizes.length - 1)]!);
    batches.push(hosts.slice(i, i + size));
    i += size;
    k++;
  }
  return batches;
}
