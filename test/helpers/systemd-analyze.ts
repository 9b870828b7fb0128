// `systemd-analyze verify` without systemd on this machine: the Debian package is unpacked into
// .cache/ (not installed) and verify runs against a small root folder holding the unit, the
// package's own target units, and a stand-in /usr/bin/docker and docker.service (no Docker
// engine can run here; verify only checks that the unit parses and its programs exist).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, cpSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { repoPath } from './paths.js';

function unpackedSystemd(): string {
  const dir = repoPath('.cache', 'systemd');
  const bin = join(dir, 'x', 'usr', 'bin', 'systemd-analyze');
  if (existsSync(bin)) return dir;
  mkdirSync(dir, { recursive: true });
  execFileSync('apt-get', ['download', 'systemd'], { cwd: dir, stdio: 'ignore' });
  const deb = readdirSync(dir).find((f) => f.startsWith('systemd_') && f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download systemd gave no package');
  execFileSync('dpkg', ['-x', join(dir, deb), join(dir, 'x')]);
  return dir;
}

/** Verify a unit's text as if installed at unitPath; returns what systemd-analyze printed. */
export function verifyUnit(unitText: string, unitPath: string): { code: number; output: string } {
  const sd = unpackedSystemd();
  const root = mkdtempSync(join(tmpdir(), 'lvsplay-unit-'));
  mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
  mkdirSync(join(root, 'lib', 'systemd'), { recursive: true });
  cpSync(join(sd, 'x', 'lib', 'systemd', 'system'), join(root, 'lib', 'systemd', 'system'), { recursive: true });
  writeFileSync(join(root, 'usr', 'bin', 'docker'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  writeFileSync(
    join(root, 'lib', 'systemd', 'system', 'docker.service'),
    '[Unit]\nDescription=Docker stand-in (no engine runs here)\n[Service]\nExecStart=/usr/bin/docker\n',
  );
  mkdirSync(join(root, dirname(unitPath)), { recursive: true });
  writeFileSync(join(root, unitPath), unitText);
  const r = spawnSync(join(sd, 'x', 'usr', 'bin', 'systemd-analyze'), ['verify', `--root=${root}`, unitPath], {
    env: { ...process.env, LD_LIBRARY_PATH: join(sd, 'x', 'usr', 'lib', 'x86_64-linux-gnu', 'systemd') },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}`.trim() };
}
