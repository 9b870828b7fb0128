// The regular files of a configuration folder (/etc/modprobe.d, /etc/modules-load.d), links
// followed as Python's os.path.isfile follows them, each with the path its content lives at and
// the content. A missing folder has no files.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface ConfigFile {
  /** The name in the folder. */
  path: string;
  /** Where its content lives (the link's target for a link): the file to write. */
  realPath: string;
  content: string;
}

export const configDirFilesFact: FactDefinition<ConfigFile[], { dir: string }> = {
  name: 'config_dir_files',
  command({ dir }) {
    const d = quote(dir);
    // path, real path and base64 content, each NUL-terminated; hidden names too, as os.listdir
    return `for f in ${d}/* ${d}/.[!.]* ${d}/..?*; do [ -f "$f" ] || continue; printf '%s\\0' "$f" "$(readlink -f -- "$f")"; base64 -w0 < "$f" || exit 3; printf '\\0'; done`;
  },
  parse(result, { dir }) {
    if (result.exitCode !== 0) throw new FactParseError('config_dir_files', `cannot read ${dir}: ${result.stderr.trim()}`, result.stdout);
    const fields = result.stdout.split('\0');
    if (fields.pop() !== '' || fields.length % 3 !== 0) throw new FactParseError('config_dir_files', `unexpected listing of ${dir}`, result.stdout);
    const files: ConfigFile[] = [];
    for (let i = 0; i < fields.length; i += 3) {
      const encoded = fields[i + 2]!;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new FactParseError('config_dir_files', `malformed content of ${fields[i]}`, result.stdout);
      files.push({ path: fields[i]!, realPath: fields[i + 1]!, content: Buffer.from(encoded, 'base64').toString('utf8') });
    }
    return files;
  },
};
