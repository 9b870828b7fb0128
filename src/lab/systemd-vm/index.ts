// Directors that boot systemd as PID 1 and run a real Docker engine (`lvsplay lab up --ha
// container`): one qemu VM per director (machine.ts) from a Debian image built once by mmdebstrap
// (image.ts), and the lab registry holding the keepalived image (registry.ts). Slower to boot than
// the IPVS VM's namespace directors, so only the labs and tests that need systemd or Docker use them.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkSpecs } from '../vm/config-disk.js';
import { log, type StartDirectorsOptions, type StartedDirector } from '../vm/types.js';
import { prepareSystemdImage } from './image.js';
import { bootsSoFar, readMachine, startMachine, stopMachine, waitBooted } from './machine.js';
import { startRegistry, stopRegistry } from './registry.js';

export { prepareSystemdImage, systemdCacheDir } from './image.js';
export { REGISTRY_ENDPOINT } from './registry.js';
export { MEMORY_MB, readMachine } from './machine.js';

/** Boot every director (in parallel); resolves once each shows its host key over SSH. */
export async function startSystemdDirectors(opts: StartDirectorsOptions): Promise<StartedDirector[]> {
  checkSpecs(opts);
  const t0 = Date.now();
  const image = await prepareSystemdImage(opts.verbose !== undefined ? { verbose: opts.verbose } : {});
  const labHosts = opts.directors.map((d) => `${d.address}\t${d.name}`).join('\n') + '\n';
  const machines = await Promise.all(
    opts.directors.map((d) => startMachine(opts.stateDir, image, d, { bridge: opts.bridge, labHosts, authorizedKey: opts.authorizedKey })),
  );
  log(
    opts.verbose,
    `${machines.length} systemd directors ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (boot to ready, VM uptime: ${machines.map((m) => `${m.name} ${m.bootSeconds[0]} s`).join(', ')})`,
  );
  return machines.map((m) => ({ name: m.name, address: m.address, hostKeyLine: m.hostKeyLine }));
}

/**
 * Wait for a director that was told to reboot (`systemctl reboot`, run by the caller over SSH):
 * `bootsBefore` is bootsSoFar() taken before; resolves when the next boot is ready, with its
 * seconds from power-on to ready.
 */
export async function waitRebooted(stateDir: string, name: string, bootsBefore: number): Promise<number> {
  const m = readMachine(stateDir, name);
  if (!m) throw new Error(`lvsplay lab: no systemd director ${name}`);
  await waitBooted(stateDir, m, bootsBefore + 1);
  return m.bootSeconds[bootsBefore]!;
}

export { bootsSoFar };

export async function stopSystemdDirectors(opts: { stateDir: string }): Promise<void> {
  const dir = join(opts.stateDir, 'systemd-vm');
  const names = existsSync(dir) ? readdirSync(dir) : [];
  await Promise.all(names.map((n) => stopMachine(opts.stateDir, n)));
  await stopRegistry(opts.stateDir);
}

/** The lab registry, serving the cached keepalived image from the client host. */
export async function startLabRegistry(stateDir: string): Promise<void> {
  const image = await prepareSystemdImage();
  await startRegistry(stateDir, join(image.dir, 'registry'));
}
