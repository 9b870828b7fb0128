// The directors' VM: what a caller asks for, what it gets back, and what the state file keeps.

export interface DirectorSpec {
  name: string;
  address: string;
}

export interface StartedDirector {
  name: string;
  address: string;
  /** A known_hosts line: "10.77.0.11 ssh-ed25519 AAAA..." */
  hostKeyLine: string;
}

export interface StartDirectorsOptions {
  stateDir: string;
  cacheDir?: string;
  bridge: string;
  directors: DirectorSpec[];
  gateway: string;
  authorizedKey: string;
  verbose?: boolean;
}

/** <stateDir>/vm/state.json */
export interface VmState {
  pid: number;
  /** qemu's command line, to power the same VM on again (reboot). */
  argv: string[];
  /** known_hosts lines of the directors: the host keys they show after every boot. */
  hostKeyLines: Record<string, string>;
  tap: string;
  bridge: string;
  directors: DirectorSpec[];
  startedAt: string;
  timings: Record<string, number>;
}

export function log(verbose: boolean | undefined, text: string): void {
  if (verbose) process.stderr.write(`lab vm: ${text}\n`);
}
