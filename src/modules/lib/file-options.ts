// Options every file-writing module declares the same way (Ansible's `files` documentation
// fragment): spread into a module's declaration, so they read and check alike everywhere.
import type { OptionSpecs, ReturnSpec } from '../../argspec/declaration.js';

/** mode, owner, group of the file a module manages. */
export const FILE_ATTRIBUTE_OPTIONS = {
  mode: {
    type: 'raw',
    format: 'mode',
    description: 'Permissions: octal (0644; quote it, or YAML 1.1 reads an unquoted 0644 as octal, as Ansible does) or symbolic (u=rw,g=r).',
  },
  owner: { description: 'The owning user (name or id).' },
  group: { description: 'The owning group (name or id).' },
} as const satisfies OptionSpecs;

/** The attributes plus what the one atomic writer offers: a backup and a validating command. */
export const WRITTEN_FILE_OPTIONS = {
  ...FILE_ATTRIBUTE_OPTIONS,
  backup: { type: 'bool', default: false, description: 'Keep the old file as FILE.TIMESTAMP~ before replacing it.' },
  validate: { description: 'A command that checks the new file before it replaces the old one; %s is the temporary file.' },
} as const satisfies OptionSpecs;

/** What copy and template return about the file they write (managed-file.ts: managedFileFields). */
export const WRITTEN_FILE_RETURNS = {
  dest: { description: 'the file written', type: 'str', returned: 'always' },
  checksum: { description: 'the SHA-1 of the content', type: 'str', returned: 'always' },
  md5sum: { description: 'the MD5 of the content', type: 'str', returned: 'when the content is written' },
  size: { description: 'the size of the content in bytes', type: 'int', returned: 'always' },
  state: { description: 'file', type: 'str', returned: 'always' },
  mode: { description: 'the mode the file has afterwards (octal)', type: 'str', returned: 'always' },
  owner: { description: 'the owner the file has afterwards', type: 'str', returned: 'when known' },
  group: { description: 'the group the file has afterwards', type: 'str', returned: 'when known' },
  backup_file: { description: 'where the old file was kept', type: 'str', returned: 'changed and backup' },
} as const satisfies Record<string, ReturnSpec>;
