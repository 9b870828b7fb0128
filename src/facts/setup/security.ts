// dns, selinux, apparmor, fips, cmdline and ssh_pub_keys: small 'min' facts that roles test
// (`ansible_selinux.status == 'enabled'`), each from one file.
import { firstLine, type FactCollector } from './collector.js';

export const dnsCollector: FactCollector = {
  name: 'dns',
  sections: { resolv: 'lvsplay_read /etc/resolv.conf 2>/dev/null; true' },
  collect(sections) {
    const dns: Record<string, unknown> = {};
    const nameservers: string[] = [];
    for (const line of sections.get('resolv') ?? []) {
      const [key, ...values] = line
        .replace(/[#;].*$/, '')
        .trim()
        .split(/\s+/);
      if (key === 'nameserver' && values[0]) nameservers.push(values[0]);
      else if (key === 'domain' && values[0]) dns.domain = values[0];
      else if (key === 'search') dns.search = values;
      else if (key === 'sortlist') dns.sortlist = values;
      else if (key === 'options') dns.options = Object.fromEntries(values.map((o) => (o.includes(':') ? [o.split(':')[0], o.split(':')[1]] : [o, true])));
    }
    if (nameservers.length) dns.nameservers = nameservers;
    return { ansible_dns: dns };
  },
};

export const selinuxCollector: FactCollector = {
  name: 'selinux',
  sections: { selinux: 'lvsplay_read /sys/fs/selinux/enforce 2>/dev/null; true' },
  collect(sections) {
    const enforce = firstLine(sections, 'selinux');
    if (enforce === '') return { ansible_selinux: { status: 'disabled' } };
    const mode = enforce === '1' ? 'enforcing' : 'permissive';
    return { ansible_selinux: { status: 'enabled', mode } };
  },
};

export const apparmorCollector: FactCollector = {
  name: 'apparmor',
  sections: { apparmor: '[ -e /sys/kernel/security/apparmor ] && echo enabled; true' },
  collect(sections) {
    return { ansible_apparmor: { status: firstLine(sections, 'apparmor') === 'enabled' ? 'enabled' : 'disabled' } };
  },
};

export const fipsCollector: FactCollector = {
  name: 'fips',
  sections: { fips: 'lvsplay_read /proc/sys/crypto/fips_enabled 2>/dev/null; true' },
  collect(sections) {
    return { ansible_fips: firstLine(sections, 'fips') === '1' };
  },
};

export const cmdlineCollector: FactCollector = {
  name: 'cmdline',
  sections: { cmdline: 'lvsplay_read /proc/cmdline 2>/dev/null; true' },
  collect(sections) {
    const words = firstLine(sections, 'cmdline').split(/\s+/).filter(Boolean);
    if (words.length === 0) return {};
    // cmdline: the last value of each key wins; proc_cmdline keeps repeated values as a list
    const cmdline: Record<string, unknown> = {};
    const procCmdline: Record<string, unknown> = {};
    for (const word of words) {
      const eq = word.indexOf('=');
      const [key, value] = eq >= 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, true];
      cmdline[key] = value;
      const seen = procCmdline[key];
      procCmdline[key] = seen === undefined ? value : Array.isArray(seen) ? [...(seen as unknown[]), value] : [seen, value];
    }
    return { ansible_cmdline: cmdline, ansible_proc_cmdline: procCmdline };
  },
};

export const sshPubKeysCollector: FactCollector = {
  name: 'ssh_pub_keys',
  sections: { ssh_keys: 'cat /etc/ssh/ssh_host_*_key.pub 2>/dev/null; true' },
  collect(sections) {
    const facts: Record<string, unknown> = {};
    const kinds: Record<string, string> = { 'ssh-rsa': 'rsa', 'ssh-dss': 'dsa', 'ssh-ed25519': 'ed25519' };
    for (const line of sections.get('ssh_keys') ?? []) {
      const [keytype, key] = line.trim().split(/\s+/);
      if (!keytype || !key) continue;
      const kind = kinds[keytype] ?? (keytype.startsWith('ecdsa-') ? 'ecdsa' : undefined);
      if (!kind) continue;
      facts[`ansible_ssh_host_key_${kind}_public`] = key;
      facts[`ansible_ssh_host_key_${kind}_public_keytype`] = keytype;
    }
    return facts;
  },
};
