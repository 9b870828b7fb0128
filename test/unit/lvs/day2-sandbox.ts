// Runs the day-2 playbooks (drain, undrain, rolling) for real, with lvsplay or ansible-playbook,
// over the local connection in the planned-run sandbox (plan-site.ts: private network and mount
// namespaces). This machine's kernel has no IPVS, so ipvsadm is a stand-in that lists a fixed
// table the way keepalived_native keeps it: a real server's weight is 0 while its drain file
// (the ha role's MISC_CHECK reads it) is in `drained/`, and a real server is out of the table
// while a file named after it is in `down/` (its health check fails).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ORACLE_SETTINGS } from '../../helpers/ansible-playbook.js';
import { repoPath } from '../../helpers/paths.js';
import { writeIn } from '../../helpers/scratch.js';
import { runSandboxed, TWO_DIRECTORS } from './plan-site.js';

/**
 * One IPVS service as `ipvsadm -Ln` heads it ("FWM  80 lc"), its real servers [address, port,
 * weight, 'stuck' when the drain file does not change its weight (a keepalived that has not run its check)].
 */
export interface StubService {
  header: string;
  servers: [address: string, port: number, weight: number, stuck?: 'stuck'][];
}

/**
 * Two directors, two nodes (s2 weight 3), one service (lvs_vip; lvs_services from -e replaces it),
 * keepalived_native with its drain folder in `dir`. Without lvs_interface, as on the lab: the
 * day-2 plays gather no facts, so lvsplay must never render the roles' default for it (facts).
 * ansible-playbook needs it set: it validates the director and ha roles' arguments even though
 * the plays tag those roles never (the validation task is tagged always), while lvsplay leaves a
 * value that needs facts to the role's own tasks (preflight/role-arguments.ts).
 */
export function day2Inventory(dir: string, tool: Tool = 'lvsplay'): string {
  const vars = [
    'lvs_vip=10.77.0.50',
    'lvs_ha=keepalived_native',
    `lvs_keepalived_drain_dir=${join(dir, 'drained')}`,
    'ansible_python_interpreter=/usr/bin/python3',
  ];
  const inventory = tool === 'ansible' ? TWO_DIRECTORS : TWO_DIRECTORS.replace('lvs_interface=eth0\n', '');
  return writeIn(dir, 'inv/hosts.ini', `${inventory}${vars.join('\n')}\n`);
}

function writeStub(dir: string, services: StubService[]): string {
  const rows = services.flatMap((s) => [`echo '${s.header}'`, ...s.servers.map(([a, p, w, stuck]) => `row ${a} ${p} ${w} ${stuck ?? ''}`)]);
  return writeIn(
    dir,
    'ipvsadm',
    [
      '#!/bin/sh',
      '# ipvsadm -Ln --exact as keepalived keeps the table (day2-sandbox.ts)',
      `row() { [ -e '${dir}/down/'"$1" ] && return; w=$3; [ -z "$4" ] && [ -e '${dir}/drained/'"$1" ] && w=0; printf '  -> %s:%s  Route  %s  0  0\\n' "$1" "$2" "$w"; }`,
      "echo 'IP Virtual Server version 1.2.1 (size=4096)'",
      "echo 'Prot LocalAddress:Port Scheduler Flags'",
      "echo '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'",
      ...rows,
      '',
    ].join('\n'),
  );
}

// Ansible resolves every module name of the roles it loads (their tasks never run here).
// modprobe and sysctl are community.general's and ansible.posix's in Ansible, not in ansible-core
// (what setup.sh installs), so they are stood in for too.
const LVSPLAY_ONLY_MODULES = ['ipvs', 'ip_address', 'lvs_verify', 'modprobe', 'sysctl'];
const STAND_IN = `#!/usr/bin/python3
# lvsplay's own module, named for Ansible to resolve: the day-2 sandbox never runs it
from ansible.module_utils.basic import AnsibleModule
AnsibleModule(argument_spec={}, supports_check_mode=True, bypass_checks=True).fail_json(msg='an lvsplay module')
`;

export type Tool = 'lvsplay' | 'ansible';

/** Runs playbooks/NAME with `tool` on the day-2 inventory, against a table of `services`. */
export function runDay2(dir: string, tool: Tool, playbook: string, services: StubService[], extra: string[]): { code: number; stdout: string; stderr: string } {
  const stub = writeStub(dir, services);
  for (const d of ['drained', 'down']) writeIn(dir, `${d}/.keep`, '');
  const args = [repoPath('playbooks', playbook), '-i', day2Inventory(dir, tool), '--forks', '1', '-e', 'drain_poll=1', ...extra];
  if (tool === 'lvsplay') return runSandboxed(dir, [process.execPath, repoPath('bin', 'lvsplay.js'), 'run', ...args], stub);
  return runSandboxed(dir, ['ansible-playbook', ...args], stub, ansibleEnv(dir));
}

/**
 * A stateful stand-in ipvsadm for the ipvs module's path (lvs_ha none): the table is `dir`/table.save
 * in `ipvsadm -Sn` form (written from `table` the first time). `-Sn` prints it (each service's
 * real servers after it), `-Ln` lists it, and the edits the module makes change it: -A/-E/-D a
 * service, -a/-e/-d a real server (a fwmark service's real server is given without its :0, as
 * the module does). Anything else fails, named. (This machine's kernel has no IPVS; the lab's
 * directors run the real one.)
 */
export function statefulIpvsadm(dir: string, table: string[]): string {
  const state = join(dir, 'table.save');
  if (!existsSync(state)) writeIn(dir, 'table.save', table.length ? `${table.join('\n')}\n` : '');
  return writeIn(
    dir,
    'ipvsadm',
    `#!/bin/sh
# a stateful ipvsadm for the ipvs module's path (day2-sandbox.ts)
T='${state}'
op=$1; shift
# the line as -Sn prints it: a real server's address with its port (:0 for a fwmark service)
line=$(printf '%s' "$*" | sed 's/-r \\([0-9.]*\\)\\( \\|$\\)/-r \\1:0\\2/')
svc=$(printf '%s' "$line" | cut -d' ' -f1-2)
rs=$(printf '%s' "$line" | sed -n 's/.*\\(-r [^ ]*\\).*/\\1/p')
keep() { awk -v drop="$1" 'index($0, drop) != 1' "$T" > "$T.new" && mv "$T.new" "$T"; }
swap() { awk -v old="$1" -v new="$2" 'index($0, old) == 1 { print new; next } { print }' "$T" > "$T.new" && mv "$T.new" "$T"; }
case "$op" in
-Sn) awk '$1 == "-A" { order[++n] = $2 " " $3; head[$2 " " $3] = $0 } $1 == "-a" { rows[$2 " " $3] = rows[$2 " " $3] $0 "\\n" }
    END { for (i = 1; i <= n; i++) printf "%s\\n%s", head[order[i]], rows[order[i]] }' "$T" ;;
-Ln) echo 'IP Virtual Server version 1.2.1 (size=4096)'
  "$0" -Sn | awk '$1 == "-A" { print ($2 == "-f" ? "FWM" : $2 == "-t" ? "TCP" : "UDP") "  " $3 " " $5 }
    $1 == "-a" { print "  -> " $5 "  Route  " $8 "  0  0" }' ;;
-A) echo "-A $line" >> "$T" ;;
-E) swap "-A $svc " "-A $line" ;;
-D) keep "-A $svc "; keep "-a $svc " ;;
-a) echo "-a $line" >> "$T" ;;
-e) swap "-a $svc $rs " "-a $line" ;;
-d) keep "-a $svc $rs" ;;
*) echo "stand-in ipvsadm: not emulated: $op $*" >&2; exit 1 ;;
esac
`,
  );
}

/**
 * Runs playbooks/NAME with lvsplay (Ansible has no ipvs module) on the day-2 inventory with
 * lvs_ha none, against statefulIpvsadm, and /etc as an overlay on `dir`/etc (its
 * /etc/ipvsadm.rules, which the module persists to, starts as the table).
 */
export function runWithIpvsTable(dir: string, playbook: string, table: string[], extra: string[]): { code: number; stdout: string; stderr: string } {
  const stub = statefulIpvsadm(dir, table);
  if (!existsSync(join(dir, 'etc'))) {
    writeIn(dir, 'etc/ipvsadm.rules', `${table.join('\n')}\n`);
    writeIn(dir, 'etc/default/ipvsadm', 'AUTO="true"\n');
  }
  const args = [repoPath('playbooks', playbook), '-i', day2Inventory(dir), '--forks', '1', '-e', 'drain_poll=1', '-e', 'lvs_ha=none', ...extra];
  return runSandboxed(dir, [process.execPath, repoPath('bin', 'lvsplay.js'), 'run', ...args], stub, {}, join(dir, 'etc'));
}

/**
 * What ansible-playbook needs to load the project's playbooks: the roles, and lvsplay's own
 * modules named; with the oracle's settings (pipelining: drain-rolling.test.js took 90 CPU
 * seconds with it, 135 without).
 */
export function ansibleEnv(dir: string): Record<string, string> {
  for (const m of LVSPLAY_ONLY_MODULES) writeIn(dir, `library/${m}.py`, STAND_IN);
  return { ANSIBLE_ROLES_PATH: repoPath('roles'), ANSIBLE_LIBRARY: join(dir, 'library'), ...ORACLE_SETTINGS };
}

/**
 * The messages a run printed: lvsplay's `=> msg` lines and Ansible's `"msg": "..."` lines, in
 * order, a drain's time (`after 1 s`, which depends on where the second turns) as `after N s`.
 */
export function messages(stdout: string): string[] {
  // (Ansible's own `ok: [d1] => {` opens its JSON result; a loop item's line is not a message)
  const ours = [...stdout.matchAll(/^(?:ok|failed): \[[^\]]+\] => (?!\(item=)(.*[^{\n])$/gm)].map((m) => m[1]!);
  const theirs = [...stdout.matchAll(/^ {4}"msg": (".*")$/gm)].map((m) => JSON.parse(m[1]!) as string);
  // a failure Ansible prints as one line of JSON
  const failures = [...stdout.matchAll(/^fatal: .* FAILED! => (\{.*\})$/gm)].map((m) => (JSON.parse(m[1]!) as { msg: string }).msg);
  return [...ours, ...theirs, ...failures].map((m) => m.replace(/ after \d+ s$/, ' after N s'));
}
