// Runs one case with one tool, the way the corpus README asks: a fresh scratch folder on a
// private tmpfs mounted over /tmp, every process inside `unshare --mount --net --pid --fork`
// (no network but loopback, nothing left behind), the local connection only.
import { spawn } from 'node:child_process';
import type { ConformanceCase } from './cases.js';
import { expandInventoryTokens } from './cases.js';

export type Tool = 'lvsplay' | 'ansible';

export interface SandboxRun {
  /** Exit status of the tool (null when it was killed at the timeout). */
  status: number | null;
  timedOut: boolean;
  output: string;
  ms: number;
}

/** The scratch folder, the same path for both tools so that their outputs compare. */
export const SCRATCH = '/tmp/case';
const INTEGRATION = `${SCRATCH}/integration`;
const TARGETS = `${INTEGRATION}/targets`;

const INVENTORIES = {
  // What ansible-test writes for a local POSIX run.
  inv: { path: `${INTEGRATION}/inventory`, text: '[testgroup]\ntesthost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' },
  local: { path: `${SCRATCH}/inventory.local`, text: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' },
  hosts12: {
    path: `${SCRATCH}/inventory.hosts12`,
    text: 'host1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\nhost2 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
  },
};

export interface ToolPaths {
  corpus: string;
  /** The lvsplay checkout whose bin/lvsplay.js runs. */
  project: string;
}

// A checkout or corpus under /tmp (CI may clone there) would vanish under the private /tmp, so
// both are bind-mounted here first, on a tmpfs over /mnt that only this sandbox sees.
const KEPT = '/mnt/conformance';
const KEPT_CORPUS = `${KEPT}/corpus`;
const KEPT_PROJECT = `${KEPT}/project`;

function keepReachable(paths: ToolPaths): string[] {
  return [
    `mount -t tmpfs -o size=1m conformance-kept /mnt`,
    `mkdir -p ${KEPT_CORPUS} ${KEPT_PROJECT}`,
    `mount --bind ${shellQuote(paths.corpus)} ${KEPT_CORPUS}`,
    `mount --bind ${shellQuote(paths.project)} ${KEPT_PROJECT}`,
  ];
}

/** Shell-quote one word for bash. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function heredoc(path: string, text: string): string {
  return `cat > ${shellQuote(path)} <<'CONFORMANCE_EOF'\n${text}${text.endsWith('\n') ? '' : '\n'}CONFORMANCE_EOF`;
}

/** The generated playbook of a role target, as ansible-test writes it. */
function rolePlaybook(c: ConformanceCase): string {
  const head = ['- hosts: testhost', '  gather_facts: true', '  vars:', `    output_dir: ${SCRATCH}/output`];
  if (c.kind.type === 'role-tasks') {
    return [...head, '  tasks:', '    - import_role:', `        name: ${c.target}`, `        tasks_from: ${c.kind.tasksFrom}`, ''].join('\n');
  }
  return [...head, '  roles:', `    - ${c.target}`, ''].join('\n');
}

/** The bash script that prepares the scratch folder inside the sandbox and runs the tool. */
export function caseScript(c: ConformanceCase, tool: Tool, paths: ToolPaths): string {
  const isRole = c.kind.type !== 'play';
  const caseDir = isRole ? INTEGRATION : `${TARGETS}/${c.target}`;
  const entry = isRole ? `${INTEGRATION}/conformance-${c.id}.yml` : c.entry;
  const args = expandInventoryTokens(c.args, { inv: INVENTORIES.inv.path, local: INVENTORIES.local.path, hosts12: INVENTORIES.hosts12.path });
  const env: Array<[string, string]> = isRole ? [['ANSIBLE_ROLES_PATH', TARGETS], ...c.env] : c.env;
  const rolesPaths = env.filter(([k]) => k === 'ANSIBLE_ROLES_PATH').flatMap(([, v]) => v.split(':'));
  const command =
    tool === 'ansible'
      ? `ansible-playbook ${shellQuote(entry)} ${args}`
      : `node ${KEPT_PROJECT}/bin/lvsplay.js run ${shellQuote(entry)} ${args}${rolesPaths.map((p) => ` --roles-path ${shellQuote(p)}`).join('')}`;
  const corpus = KEPT_CORPUS;
  return [
    'set -e',
    'exec 2>&1',
    ...keepReachable(paths),
    'mount -t tmpfs -o size=512m conformance /tmp',
    'ip link set lo up 2>/dev/null || true',
    `mkdir -p ${TARGETS} ${SCRATCH}/home ${SCRATCH}/output ${SCRATCH}/remote_tmp`,
    `cp -r ${corpus}/targets/. ${TARGETS}/`,
    // The shims replace the setup roles that would change this machine's accounts or need modules
    // lvsplay has no business with; prepare_tests is an empty role in ansible-core's tree.
    `for shim in ${corpus}/shims/*/; do name=$(basename "$shim"); rm -rf ${TARGETS}/"$name"; cp -r "$shim" ${TARGETS}/"$name"; done`,
    `find ${TARGETS}/setup_* -name '*.yml' -exec sed -i 's|@REMOTE_TMP@|${SCRATCH}/remote_tmp|g' {} +`,
    `[ -d ${TARGETS}/prepare_tests ] || { mkdir -p ${TARGETS}/prepare_tests/tasks; echo '[]' > ${TARGETS}/prepare_tests/tasks/main.yml; }`,
    ...Object.values(INVENTORIES).map((i) => heredoc(i.path, i.text)),
    ...(isRole ? [heredoc(entry, rolePlaybook(c))] : []),
    ...(c.kind.type === 'role-tasks' ? [`cp ${corpus}/wrappers/${c.target}/${c.kind.tasksFrom}.yml ${TARGETS}/${c.target}/tasks/`] : []),
    `export HOME=${SCRATCH}/home OUTPUT_DIR=${SCRATCH}/output TMPDIR=/tmp ANSIBLE_NOCOLOR=1 NO_COLOR=1 ANSIBLE_FORCE_COLOR=0`,
    // ansible-playbook's temporary folders default to ~ of the passwd entry, outside the scratch folder.
    `export ANSIBLE_LOCAL_TEMP=${SCRATCH}/home/.ansible/tmp ANSIBLE_REMOTE_TMP=${SCRATCH}/home/.ansible/tmp`,
    `cd ${shellQuote(caseDir)}`,
    'set +e',
    ...(c.pre ? [`( ${c.pre} )`] : []),
    `${env.map(([k, v]) => `${k}=${shellQuote(v)} `).join('')}${command}`,
  ].join('\n');
}

/** Run a script in a fresh mount, network and PID namespace; kill the whole namespace at the timeout. */
export function runInSandbox(script: string, timeoutMs: number): Promise<SandboxRun> {
  const started = Date.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn('unshare', ['--mount', '--net', '--pid', '--fork', '--kill-child', 'bash', '-c', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (b: Buffer): void => {
      if (size < 4_000_000) chunks.push(b);
      size += b.length;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolveRun({ status: timedOut ? null : status, timedOut, output: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
    });
  });
}
