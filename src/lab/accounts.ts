// The lab's users, written straight into each host's /etc overlay (upper dir) before its sshd
// starts: the machine's account files plus `lvsplay` (passwordless sudo) and `lvsplaypw` (sudo
// asks for the password in the lab folder). Computed once per `lab up` instead of running
// useradd/chpasswd in every host, which dominated the start-up time of large labs.
import { readFileSync, statSync } from 'node:fs';
import { must } from './sh.js';

export const SUDO_NOPASSWD_USER = 'lvsplay';
export const SUDO_PASSWORD_USER = 'lvsplaypw';

export interface EtcFile {
  /** Path relative to /etc. */
  path: string;
  text: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface LabAccounts {
  files: EtcFile[];
  users: Array<{ name: string; uid: number; gid: number; home: string }>;
}

/** First `count` ids from `start` used by no line of passwd or group. */
export function freeIds(passwd: string, group: string, start: number, count: number): number[] {
  const used = new Set<number>();
  for (const line of `${passwd}\n${group}`.split('\n')) {
    const id = Number(line.split(':')[2]);
    if (line && Number.isInteger(id)) used.add(id);
  }
  const ids: number[] = [];
  for (let id = start; ids.length < count; id++) if (!used.has(id)) ids.push(id);
  return ids;
}

/**
 * The account files of a lab host (pure). Without PAM, sshd refuses accounts whose shadow entry
 * is locked ('!'), so key-only accounts (root, lvsplay) get '*' instead.
 */
export function renderAccounts(
  machine: { passwd: string; shadow: string; group: string; gshadow: string },
  passwordHash: string,
  today: number,
): { passwd: string; shadow: string; group: string; gshadow: string; sudoers: string; users: LabAccounts['users'] } {
  const ours = new Set([SUDO_NOPASSWD_USER, SUDO_PASSWORD_USER]);
  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !ours.has(l.split(':')[0]!));
  const [uidA, uidB] = freeIds(lines(machine.passwd).join('\n'), lines(machine.group).join('\n'), 2900, 2) as [number, number];
  const users = [
    { name: SUDO_NOPASSWD_USER, uid: uidA, gid: uidA, home: `/home/${SUDO_NOPASSWD_USER}`, hash: '*' },
    { name: SUDO_PASSWORD_USER, uid: uidB, gid: uidB, home: `/home/${SUDO_PASSWORD_USER}`, hash: passwordHash },
  ];
  const shadow = lines(machine.shadow).map((l) => (l.startsWith('root:!') ? l.replace(/^root:![^:]*:/, 'root:*:') : l));
  const block = (text: string[], add: string[]): string => [...text, ...add].join('\n') + '\n';
  return {
    passwd: block(
      lines(machine.passwd),
      users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:lvsplay lab user:${u.home}:/bin/sh`),
    ),
    shadow: block(
      shadow,
      users.map((u) => `${u.name}:${u.hash}:${today}:0:99999:7:::`),
    ),
    group: block(
      lines(machine.group),
      users.map((u) => `${u.name}:x:${u.gid}:`),
    ),
    gshadow: block(
      lines(machine.gshadow),
      users.map((u) => `${u.name}:!::`),
    ),
    sudoers: [
      '# lvsplay lab users, for become tests.',
      `${SUDO_NOPASSWD_USER} ALL=(ALL:ALL) NOPASSWD: ALL`,
      `${SUDO_PASSWORD_USER} ALL=(ALL:ALL) ALL`,
      '',
    ].join('\n'),
    users: users.map(({ hash: _hash, ...u }) => u),
  };
}

/** Read the machine's account files, hash the sudo password once, and render every host's copy. */
export async function labAccounts(sudoPassword: string): Promise<LabAccounts> {
  const read = (p: string): string => readFileSync(`/etc/${p}`, 'utf8');
  const hash = (await must(['openssl', 'passwd', '-6', '-stdin'], { input: `${sudoPassword}\n` })).trim();
  const r = renderAccounts(
    { passwd: read('passwd'), shadow: read('shadow'), group: read('group'), gshadow: read('gshadow') },
    hash,
    Math.floor(Date.now() / 86_400_000),
  );
  // Same owner and mode as the machine's files (shadow is root:shadow 0640 on Debian).
  const like = (path: string, text: string): EtcFile => {
    const st = statSync(`/etc/${path}`);
    return { path, text, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  };
  return {
    files: [
      like('passwd', r.passwd),
      like('shadow', r.shadow),
      like('group', r.group),
      like('gshadow', r.gshadow),
      { path: 'sudoers.d/lvsplay-lab', text: r.sudoers, mode: 0o440, uid: 0, gid: 0 },
    ],
    users: r.users,
  };
}
