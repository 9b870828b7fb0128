// virtualization_type/role and virtualization_tech_guest/host (Ansible's 'virtual' collector),
// from the marks containers and hypervisors leave: /.dockerenv, /run/.containerenv, PID 1's
// cgroups and `container=` variable, the DMI product and vendor, /dev/kvm, /proc/xen.
import type { FactCollector } from './collector.js';

export const virtualCollector: FactCollector = {
  name: 'virtual',
  sections: {
    virtual:
      '[ -e /.dockerenv ] && echo dockerenv; [ -e /run/.containerenv ] && echo containerenv; ' +
      'awk \'match($0, /docker|lxc|kubepods|containerd/) { print "cgroup " substr($0, RSTART, RLENGTH); exit }\' /proc/1/cgroup 2>/dev/null; ' +
      "tr '\\000' '\\n' 2>/dev/null < /proc/1/environ | grep '^container='; " +
      'for f in product_name sys_vendor; do { read -r v < "/sys/devices/virtual/dmi/id/$f"; } 2>/dev/null && echo "dmi $v"; done; ' +
      '[ -d /proc/xen ] && echo xen; [ -e /proc/vz ] && [ ! -e /proc/bc ] && echo openvz; [ -e /dev/kvm ] && echo devkvm; true',
  },
  collect(sections) {
    const marks = (sections.get('virtual') ?? []).map((l) => l.trim());
    const has = (m: string): boolean => marks.includes(m);
    const dmi = marks
      .filter((m) => m.startsWith('dmi '))
      .map((m) => m.slice(4))
      .join(' ');
    const containerVar = marks.find((m) => m.startsWith('container='))?.slice('container='.length);
    const cgroup = marks.find((m) => m.startsWith('cgroup '))?.slice('cgroup '.length);
    const guest: string[] = [];
    const host: string[] = [];
    let type = 'NA';
    let role = 'NA';
    const guestOf = (tech: string, extra: string[] = []): void => {
      if (type === 'NA') {
        type = tech;
        role = 'guest';
      }
      guest.push(tech, ...extra);
    };
    if (has('dockerenv') || cgroup === 'docker') guestOf('docker', ['container']);
    else if (has('containerenv') || containerVar === 'podman') guestOf('podman', ['container']);
    else if (containerVar === 'lxc' || cgroup === 'lxc') guestOf('lxc', ['container']);
    else if (containerVar === 'systemd-nspawn') guestOf('systemd-nspawn', ['container']);
    else if (cgroup === 'kubepods' || cgroup === 'containerd') guestOf('containerd', ['container']);
    if (/KVM|QEMU|Standard PC|OpenStack/i.test(dmi)) guestOf('kvm');
    else if (/VMware/i.test(dmi)) guestOf('VMware');
    else if (/VirtualBox/i.test(dmi)) guestOf('virtualbox');
    else if (/HVM domU|Xen/i.test(dmi) || has('xen')) guestOf('xen');
    else if (/Amazon EC2/i.test(dmi)) guestOf('amazon');
    else if (/Microsoft/i.test(dmi)) guestOf('VirtualPC');
    if (has('openvz')) guestOf('openvz');
    if (has('devkvm')) {
      host.push('kvm');
      if (type === 'NA') {
        type = 'kvm';
        role = 'host';
      }
    }
    return {
      ansible_virtualization_type: type,
      ansible_virtualization_role: role,
      ansible_virtualization_tech_guest: [...new Set(guest)],
      ansible_virtualization_tech_host: host,
    };
  },
};
