// A Docker container's state (`docker container inspect`): absent, or its status (running,
// exited, restarting, ...) and the image it was started from.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface ContainerState {
  exists: boolean;
  /** Docker's State.Status: created, running, paused, restarting, removing, exited, dead. */
  status?: string;
  image?: string;
}

const SEP = '|lvsplay|';

export const containerStateFact: FactDefinition<ContainerState, { name: string }> = {
  name: 'container_state',
  command: ({ name }) => `LC_ALL=C docker container inspect --format ${quote(`{{.State.Status}}${SEP}{{.Config.Image}}`)} -- ${quote(name)}`,
  parse(result, { name }) {
    if (result.exitCode !== 0) {
      const said = `${result.stderr}${result.stdout}`;
      if (/no such (container|object)/i.test(said)) return { exists: false };
      throw new FactParseError('container_state', `docker container inspect ${name} failed (exit ${result.exitCode}): ${said.trim()}`, result.stdout);
    }
    const line = result.stdout.trim();
    const at = line.indexOf(SEP);
    if (at <= 0) throw new FactParseError('container_state', `unexpected output for ${name}`, result.stdout);
    return { exists: true, status: line.slice(0, at), image: line.slice(at + SEP.length) };
  },
};
