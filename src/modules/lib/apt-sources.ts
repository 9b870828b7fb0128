// One-line apt sources (`deb [options] URI suite components`) as ansible-core 2.14's
// apt_repository reads and writes them: every line of /etc/apt/sources.list and
// /etc/apt/sources.list.d/*.list is parsed; when a repository is added or removed, every file is
// written back in its normalised form (runs of spaces collapsed, `#comment` as `# comment`), and
// a file left without lines is deleted. The edit itself is pure: file texts in, file texts out.

export const SOURCES_LIST = '/etc/apt/sources.list';
export const SOURCES_DIR = '/etc/apt/sources.list.d';

const SOURCE_TYPES = ['deb', 'deb-src'];

/** One line of a sources file. */
export interface SourceLine {
  /** Starts with deb or deb-src (once a leading # is taken away). */
  valid: boolean;
  /** Not commented out. */
  enabled: boolean;
  /** The line without its # and comment, spaces collapsed when it is a source. */
  source: string;
  /** What followed a later #. */
  comment: string;
}

export function parseSourceLine(raw: string): SourceLine {
  let line = raw.trim();
  let enabled = true;
  if (line.startsWith('#')) {
    enabled = false;
    line = line.slice(1);
  }
  let comment = '';
  // a # after the first character starts a comment (Ansible's rule, whatever the URI holds)
  const hash = line.indexOf('#');
  if (hash > 0) {
    comment = line.slice(hash + 1).trim();
    line = line.slice(0, hash);
  }
  let source = line.trim();
  const words = source.split(/\s+/);
  const valid = source !== '' && SOURCE_TYPES.includes(words[0]!);
  if (valid) source = words.join(' ');
  return { valid, enabled, source, comment };
}

export function renderSourceLine(l: SourceLine): string {
  return `${l.enabled ? '' : '# '}${l.source}${l.comment ? ` # ${l.comment}` : ''}\n`;
}

/** The repository a task names, as a source; undefined when it is not an enabled deb/deb-src line. */
export function repositorySource(repo: string): string | undefined {
  const parsed = parseSourceLine(repo);
  return parsed.valid && parsed.enabled ? parsed.source : undefined;
}

/**
 * The file a new repository goes to when the task names none: options, schemes and user:password@
 * dropped, the URI's host and path with every run of other characters as one `_`
 * (`deb http://deb.example.org/debian bookworm main` -> deb_example_org_debian.list).
 * With `filename`: that name plus .list.
 */
export function sourcesFileFor(source: string, filename?: string): string {
  let name: string;
  if (filename !== undefined) name = filename;
  else {
    const line = source.replace(/\[[^\]]+\]/g, '').replace(/\w+:\/\//g, '');
    const words = line.split(/\s+/).filter((w) => w !== '' && !SOURCE_TYPES.includes(w));
    const uri = words[0] ?? '';
    const host = uri.includes('@') ? uri.slice(uri.indexOf('@') + 1) : uri;
    name = host
      .split(/[^a-zA-Z0-9]+/)
      .filter(Boolean)
      .join('_');
  }
  const file = `${name}.list`;
  // a name with a slash is a path of its own (as Ansible takes it)
  return file.includes('/') ? file : `${SOURCES_DIR}/${file}`;
}

export interface SourcesEdit {
  /** Every sources file's new text, or null when it is to be deleted (only files that change). */
  changes: Map<string, string | null>;
  /** Files that gained a line (the task's mode applies to these). */
  added: Set<string>;
}

/**
 * Add (enable) or remove a source across all files, then normalise every file as Ansible's
 * save does. No changes when the repository is already as asked.
 */
export function editSources(files: ReadonlyMap<string, string>, source: string, state: 'present' | 'absent', newFile: string): SourcesEdit {
  const parsed = new Map([...files].map(([path, text]) => [path, splitLines(text).map(parseSourceLine)] as const));
  const added = new Set<string>();
  if (state === 'present') {
    let found = false;
    for (const lines of parsed.values())
      lines.forEach((l, i) => {
        if (l.valid && l.source === source) {
          lines[i] = { ...l, enabled: true };
          found = true;
        }
      });
    if (!found) {
      const lines = parsed.get(newFile) ?? [];
      lines.push({ valid: true, enabled: true, source, comment: '' });
      parsed.set(newFile, lines);
      added.add(newFile);
    }
  } else {
    for (const [path, lines] of parsed)
      parsed.set(
        path,
        lines.filter((l) => !(l.valid && l.enabled && l.source === source)),
      );
  }
  const dump = (lines: SourceLine[]): string => lines.map(renderSourceLine).join('');
  const before = new Map([...files].map(([path, text]) => [path, dump(splitLines(text).map(parseSourceLine))]));
  const changed = [...parsed].some(([path, lines]) => (lines.length ? dump(lines) : undefined) !== (before.get(path) || undefined));
  const changes = new Map<string, string | null>();
  if (!changed) return { changes, added };
  for (const [path, lines] of parsed) {
    const after = lines.length ? dump(lines) : null;
    if (after !== (files.has(path) ? files.get(path) : null)) changes.set(path, after);
  }
  return { changes, added };
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}
