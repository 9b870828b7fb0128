// Picks the connection kind for a host.
import type { Connection, ConnectionSpec } from './types.js';
import { LocalConnection } from './local.js';
import { SshConnection, type SshOptions } from './ssh.js';

export function createConnection(spec: ConnectionSpec, options: SshOptions = {}): Connection {
  return spec.kind === 'local' ? new LocalConnection(spec.hostName) : new SshConnection(spec, options);
}
