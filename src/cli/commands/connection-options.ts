// How the commands that reach hosts (run, status) turn the command line and ansible.cfg into
// connection overrides: -u, --private-key, --timeout, then ansible.cfg's settings below them.
import { intOption, type OptionSpec, type ParsedArgs } from '../args.js';
import type { AnsibleConfig } from '../../config/settings.js';
import { configured, setting } from '../ansible-settings.js';
import type { ConnectionOverrides } from '../../engine/connection-specs.js';

export const CONNECTION_OPTIONS: OptionSpec[] = [
  { name: 'user', short: 'u', kind: 'value', valueName: 'USER', help: 'connect as this user' },
  { name: 'private-key', kind: 'value', valueName: 'FILE', help: 'SSH private key file' },
  { name: 'timeout', kind: 'value', valueName: 'SECONDS', help: 'SSH connect timeout (default: timeout in ansible.cfg, else 10)' },
];

export function connectionOverrides(args: ParsedArgs, config: AnsibleConfig, command: string): ConnectionOverrides {
  const timeoutSeconds = intOption(args, 'timeout', setting<number>(config, 'DEFAULT_TIMEOUT'), command);
  const remoteUser = args.values.get('user');
  const privateKey = args.values.get('private-key');
  const hostKeyChecking = configured<boolean>(config, 'HOST_KEY_CHECKING');
  const configuredUser = configured<string>(config, 'DEFAULT_REMOTE_USER');
  const configuredKey = configured<string>(config, 'DEFAULT_PRIVATE_KEY_FILE');
  const sshArgs = configured<string>(config, 'SSH_ARGS');
  return {
    connectTimeoutMs: timeoutSeconds * 1000,
    ...(remoteUser !== undefined ? { user: remoteUser } : {}),
    ...(privateKey !== undefined ? { privateKey } : {}),
    ...(hostKeyChecking !== undefined ? { hostKeyChecking } : {}),
    configured: {
      ...(configuredUser !== undefined ? { user: configuredUser } : {}),
      ...(configuredKey !== undefined ? { privateKey: configuredKey } : {}),
      ...(sshArgs !== undefined ? { sshArgs: sshArgs.replace(/\s+/g, ' ') } : {}),
    },
  };
}
