// One apt source in deb822 form (sources.list(5)), written as ansible-core 2.15's
// deb822_repository writes it: one field per option that is set, in the options' alphabetical
// order, named in apt's spelling (allow_weak -> Allow-Weak, uris -> URIs, name ->
// X-Repolib-Name); booleans as yes/no, lists space-separated; a value of several lines (an inline
// key) on the lines after its field name, each indented and an empty one written as ".".

/** The options that become fields, and how each is named in the file. */
export const DEB822_FIELDS = {
  allow_downgrade_to_insecure: 'Allow-Downgrade-To-Insecure',
  allow_insecure: 'Allow-Insecure',
  allow_weak: 'Allow-Weak',
  architectures: 'Architectures',
  by_hash: 'By-Hash',
  check_date: 'Check-Date',
  check_valid_until: 'Check-Valid-Until',
  components: 'Components',
  date_max_future: 'Date-Max-Future',
  enabled: 'Enabled',
  inrelease_path: 'Inrelease-Path',
  languages: 'Languages',
  name: 'X-Repolib-Name',
  pdiffs: 'Pdiffs',
  signed_by: 'Signed-By',
  suites: 'Suites',
  targets: 'Targets',
  trusted: 'Trusted',
  types: 'Types',
  uris: 'URIs',
} as const;

export type Deb822Values = { [K in keyof typeof DEB822_FIELDS]?: string | number | boolean | string[] | undefined };

/** The file's name part from the repository's name: lower case, blanks and _ as -, nothing else but a-z, 0-9 and -. */
export function deb822Slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\s]+/g, '-')
    .replace(/[^a-z0-9-]+/g, '');
}

function fieldValue(value: string | number | boolean | string[]): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

/** The stanza, ending in a newline. */
export function renderDeb822(values: Deb822Values): string {
  const lines: string[] = [];
  for (const key of Object.keys(DEB822_FIELDS).sort() as (keyof typeof DEB822_FIELDS)[]) {
    const value = values[key];
    if (value === undefined) continue;
    const text = fieldValue(value);
    if (text.includes('\n')) {
      const body = text
        .trim()
        .split('\n')
        .map((l) => `    ${l.trim() || '.'}`);
      lines.push(`${DEB822_FIELDS[key]}:`, ...body);
    } else lines.push(`${DEB822_FIELDS[key]}: ${text}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}
