// The Ansible configuration as the commands use it: loaded once per command (its warnings on
// standard error), and the few ways commands read it.
import { loadAnsibleConfig, type AnsibleConfig, type SettingName } from '../config/settings.js';
import type { VaultDefaults } from './vault-options.js';

export function commandConfig(): AnsibleConfig {
  const config = loadAnsibleConfig();
  for (const w of config.warnings) process.stderr.write(`[WARNING]: ${w}\n`);
  return config;
}

/** The value when the environment or ansible.cfg sets it; undefined at its default. */
export function configured<T>(config: AnsibleConfig, name: SettingName): T | undefined {
  const setting = config.settings.get(name);
  return setting && setting.origin !== 'default' ? (setting.value as T) : undefined;
}

/** The value, set or default. */
export function setting<T>(config: AnsibleConfig, name: SettingName): T {
  return config.settings.get(name)?.value as T;
}

export function vaultDefaultsOf(config: AnsibleConfig): VaultDefaults {
  const passwordFile = configured<string>(config, 'DEFAULT_VAULT_PASSWORD_FILE');
  return { identityList: setting<string[]>(config, 'DEFAULT_VAULT_IDENTITY_LIST'), ...(passwordFile !== undefined ? { passwordFile } : {}) };
}
