// ansible-playbook's and lvsplay's PLAY RECAP, to compare two runs side by side.

/** `s1 : ok=8 changed=3 ...` per host, spacing normalised. */
export function recap(output: string): Record<string, string> {
  const out: Record<string, string> = {};
  const section = output.slice(output.lastIndexOf('PLAY RECAP'));
  for (const m of section.matchAll(/^(\S+)\s+:\s+(ok=.*?)\s*$/gm)) out[m[1]!] = m[2]!.replace(/\s+/g, ' ');
  return out;
}
