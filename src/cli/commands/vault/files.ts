// Reading and writing the files `lvsplay vault` works on. Like ansible-vault, every file it
// writes (encrypted or decrypted) is private to the user (0600), and is written to a temporary
// file first and renamed, so an interrupted command never leaves half a vault.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserInputError } from '../../../errors.js';

/** '-' (or nothing) is standard input. */
export function readInput(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (err) {
    throw new UserInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, undefined, 'a readable file');
  }
}

/** '-' is standard output. */
export function writeOutput(file: string, data: Buffer | string): void {
  if (file === '-') {
    process.stdout.write(data);
    return;
  }
  const temp = join(dirname(file), `.${basename(file)}.lvsplay-vault-${process.pid}`);
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new UserInputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, undefined, 'a writable folder');
  }
}
