// The lab's Docker registry: Debian's docker-registry serving the cached storage tree (the
// keepalived image, under the name the ha role's default points at) read-only, on the client
// host's address, so the directors' `docker pull` is a real pull over the lab network. The
// directors' Docker uses it as its mirror for Docker Hub names (daemon.json in their image).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { netnsName } from '../netns-host.js';
import { run } from '../sh.js';
import { CLIENT_ADDRESS } from '../state.js';

export const REGISTRY_PORT = 5000;
export const REGISTRY_ENDPOINT = `${CLIENT_ADDRESS}:${REGISTRY_PORT}`;

function registryDir(stateDir: string): string {
  return join(stateDir, 'registry');
}

function registryPid(stateDir: string): number | undefined {
  const f = join(registryDir(stateDir), 'registry.pid');
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, 'utf8'));
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('docker-registry') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Serve `storage` (read-only) from the client namespace; resolves once /v2/ answers. */
export async function startRegistry(stateDir: string, storage: string): Promise<void> {
  if (registryPid(stateDir) !== undefined) return;
  const dir = registryDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${storage} }, maintenance: { readonly: { enabled: true }, uploadpurging: { enabled: false } } }`,
      `http: { addr: "${REGISTRY_ENDPOINT}" }`,
      '',
    ].join('\n'),
  );
  const log = openSync(join(dir, 'registry.log'), 'a');
  const child = spawn('ip', ['netns', 'exec', netnsName('client'), 'docker-registry', 'serve', config], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  closeSync(log);
  if (child.pid === undefined) throw new Error('lvsplay lab: cannot start docker-registry');
  writeFileSync(join(dir, 'registry.pid'), String(child.pid));
  for (let i = 0; i < 200; i++) {
    const r = await run(['curl', '-sf', '-m', '2', `http://${REGISTRY_ENDPOINT}/v2/`]);
    if (r.code === 0) return;
    await sleep(100);
  }
  throw new Error(`lvsplay lab: the registry did not answer on ${REGISTRY_ENDPOINT} (log: ${join(dir, 'registry.log')})`);
}

export async function stopRegistry(stateDir: string): Promise<void> {
  const pid = registryPid(stateDir);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && registryPid(stateDir) !== undefined; i++) await sleep(100);
  }
  rmSync(registryDir(stateDir), { recursive: true, force: true });
}
