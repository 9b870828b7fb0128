// Every installed package, as Ansible's package_facts lists them: name -> list of installed
// versions, from the host's package database (dpkg for apt, rpm, apk), whichever it has.
import type { FactDefinition } from './types.js';

export type PackageManagerName = 'apt' | 'rpm' | 'apk';

export interface InstalledPackage {
  name: string;
  version: string;
  source: PackageManagerName;
  [field: string]: unknown;
}

export interface InstalledPackages {
  /** The managers whose database the host has, in the order they were read. */
  managers: PackageManagerName[];
  packages: Record<string, InstalledPackage[]>;
}

const QUERIES: Record<PackageManagerName, string> = {
  apt: "command -v dpkg-query >/dev/null 2>&1 && { echo '@@apt'; dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Architecture}\\t${Section}\\n' 2>/dev/null; }",
  rpm: "command -v rpm >/dev/null 2>&1 && { echo '@@rpm'; rpm -qa --qf '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{EPOCH}\\t%{ARCH}\\n' 2>/dev/null; }",
  apk: "command -v apk >/dev/null 2>&1 && { echo '@@apk'; apk info -v 2>/dev/null; }",
};

export const installedPackagesFact: FactDefinition<InstalledPackages, void> = {
  name: 'installed_packages',
  needsBecome: false,
  command() {
    return Object.values(QUERIES).join('; ') + '; true';
  },
  parse(result) {
    const out: InstalledPackages = { managers: [], packages: {} };
    let manager: PackageManagerName | undefined;
    const add = (p: InstalledPackage): void => {
      (out.packages[p.name] ??= []).push(p);
    };
    for (const line of result.stdout.split('\n')) {
      const marker = /^@@(apt|rpm|apk)$/.exec(line);
      if (marker) {
        manager = marker[1] as PackageManagerName;
        out.managers.push(manager);
        continue;
      }
      if (line === '' || manager === undefined) continue;
      const f = line.split('\t');
      if (manager === 'apt') {
        // only what is installed (ii), as Ansible's apt backend lists it
        if (!f[0]?.startsWith('ii') || f.length < 5) continue;
        add({ name: f[1]!, version: f[2]!, arch: f[3]!, category: f[4]!, source: 'apt' });
      } else if (manager === 'rpm' && f.length >= 5) {
        const epoch = f[3] === '(none)' ? null : Number(f[3]);
        add({ name: f[0]!, version: f[1]!, release: f[2]!, epoch, arch: f[4]!, source: 'rpm' });
      } else if (manager === 'apk') {
        const m = /^(.+)-([^-]+-r\d+)$/.exec(line.trim());
        if (m) add({ name: m[1]!, version: m[2]!, source: 'apk' });
      }
    }
    return out;
  },
};
