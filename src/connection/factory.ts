// Picks the connection kind for a host.
import { LocalConnection } from './local.js';
import { SshConnection, type SshOptions } from './ssh.js';
import type { Connection, ConnectionSpec } from './types.js';

export type ConnectionOptions = SshOptions;

export function createConnection(spec: ConnectionSpec, options: ConnectionOptions = {}): Connection {
  return spec.kind === 'local' ? new LocalConnection(spec.hostName) : new SshConnection(spec, options);
}
