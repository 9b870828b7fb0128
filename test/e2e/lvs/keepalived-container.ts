// The ha role's keepalived container as the systemd/Docker proofs see it on a lab host: its unit
// and container names, and a wait for the container to run. Shared by ha-container.test.ts and
// keepalived-swarm-proof.ts, which run the same unit on the same VMs.
import { sshLabOk } from '../../helpers/lab.js';
import { until } from '../../helpers/until.js';
import type { LabState } from '../../../src/lab/index.js';

export const UNIT_NAME = 'docker-swarm-keepalived.service';
export const CONTAINER = 'docker-swarm-keepalived';

/** Whether the container runs on HOST now. */
export async function containerRunning(lab: LabState, host: string): Promise<boolean> {
  return (await sshLabOk(lab, host, `docker ps -q --filter name=^${CONTAINER}$`)).trim() !== '';
}

/** Wait (up to timeoutMs) until the container runs on HOST; the unit may still be pulling its image. */
export async function waitContainerRunning(lab: LabState, host: string, why: string, timeoutMs = 120_000): Promise<void> {
  await until(`the container on ${host} ${why}`.trim(), timeoutMs, async () => ((await containerRunning(lab, host)) ? true : undefined));
}
