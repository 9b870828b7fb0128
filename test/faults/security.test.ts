// Security campaign on the lab: nothing runs that the user did not write, and secrets stay secret.
// - Every path variable of every role (the values the schema accepts: security-schema.test.ts
//   refuses the rest without a lab) is given values with shell metacharacters, newlines, quotes
//   and $(...), and written literally on real lab hosts by the same modules the roles use; a
//   canary file that every payload would create if it ran proves nothing ran.
// - Unknown and changed host keys: every host refused, no command runs.
// - no_log values and the become password appear in no output (text, JSON, -vvv with --diff);
//   a private key copied without a mode, and rendered secrets, are 0600 on the host.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { execInHost, type LabState } from '../../src/lab/index.js';
import { runCli, runJson } from '../helpers/cli.js';
import { repoPath } from '../helpers/paths.js';
import { hostFile, hostList } from '../helpers/lab.js';
import { useLab, writeProject } from './lab-tools.js';
import { CANARY, PAYLOADS, roleVariables, valueFor } from './role-variables.js';

const NODES = 10;

function canaries(lab: LabState): string[] {
  const hosts = Array.from({ length: NODES }, (_, i) => `s${i + 1}`);
  return [
    ...hosts.filter((h) => hostList(lab, h, '/root').includes(CANARY)),
    ...(existsSync(`/${CANARY}`) || existsSync(`/root/${CANARY}`) ? ['this machine'] : []),
  ];
}

describe('security campaign', function () {
  this.timeout(600_000);
  const variables = roleVariables();

  describe('on the lab', function () {
    let lab: LabState;
    let dir: string;
    useLab(NODES, 'lvsplay-security-', (l, d) => {
      lab = l;
      dir = d;
    });

    it("accepted values are written literally by the roles' own tasks, and no canary appears", async () => {
      let literal = 0;
      const problems: string[] = [];
      // The node role runs on the lab nodes as site.yaml applies it: one payload per node.
      const nodePaths = variables.filter((v) => v.role === 'node' && v.type === 'path');
      await Promise.all(
        PAYLOADS.map(async (payload, i) => {
          const host = `s${i + 1}`;
          const vars = Object.fromEntries(nodePaths.map((v, k) => [v.name, valueFor(v, payload, `.${k}`)]));
          const res = await runJson(['run', repoPath('playbooks', 'site.yaml'), '-i', lab.inventoryPath, '-l', host, '-e', JSON.stringify(vars)]);
          if (res.code !== 0) problems.push(`${host}: site.yaml exit ${res.code}: ${res.stderr.slice(0, 300)}`);
          for (const [name, path] of Object.entries(vars)) {
            const content = hostFile(lab, host, path);
            if (content === undefined) problems.push(`${host}: ${name} not written at the literal path ${JSON.stringify(path)}`);
            else literal++;
          }
        }),
      );
      // The director and ha roles need the IPVS VM; their path variables go through the same
      // modules with the same arguments as in those roles (template for the unit, copy-like
      // write for the rules file) on a lab node.
      const names = variables.filter((v) => v.role !== 'node' && v.type === 'path').map((v) => v.name);
      expect(nodePaths.length + names.length, 'path variables to write').to.be.greaterThan(0);
      writeProject(dir, {
        'paths.yaml': `- hosts: s8
  gather_facts: false
  tasks:
${names
  .map(
    (n) => `    - copy:
        dest: "{{ ${n} }}"
        content: "written for ${n}\\n"
        mode: "0644"`,
  )
  .join('\n')}
`,
      });
      for (const payload of PAYLOADS) {
        const vars = Object.fromEntries(names.map((n, k) => [n, `/etc/lvsplay-sec-${payload}.other${k}`]));
        const res = await runJson(['run', join(dir, 'paths.yaml'), '-i', lab.inventoryPath, '-e', JSON.stringify(vars)]);
        if (res.code !== 0) problems.push(`s8: exit ${res.code}: ${res.stderr.slice(0, 300)}`);
        for (const [n, path] of Object.entries(vars)) {
          if (hostFile(lab, 's8', path) === `written for ${n}\n`) literal++;
          else problems.push(`s8: ${n} not written at the literal path ${JSON.stringify(path)}`);
        }
      }
      const found = canaries(lab);
      // Control: the payloads do create the canary when a shell is asked to run them.
      writeProject(dir, { 'control.yaml': `- hosts: s10\n  gather_facts: false\n  tasks:\n    - shell: "{{ p }}"\n` });
      const control = await runCli(['run', join(dir, 'control.yaml'), '-i', lab.inventoryPath, '-e', JSON.stringify({ p: PAYLOADS[0] })]);
      expect(control.code, control.stdout).to.equal(0);
      expect(canaries(lab), 'the control run creates the canary').to.deep.equal(['s10']);
      await execInHost('s10', ['rm', '-f', `/root/${CANARY}`]);
      console.log(
        `      security/literal: ${PAYLOADS.length} payloads through site.yaml (node role) and the director/ha path variables, ${literal} files at their literal paths, ${found.length} canaries`,
      );
      expect(problems, problems.slice(0, 5).join('\n')).to.deep.equal([]);
      expect(found).to.deep.equal([]);
    });

    it('unknown and changed host keys are refused on every host and no command runs', async () => {
      const other = join(dir, 'other-key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
      const [type, key] = readFileSync(`${other}.pub`, 'utf8').trim().split(' ');
      const unknownFile = join(dir, 'known_hosts.empty');
      writeFileSync(unknownFile, '');
      const changedFile = join(dir, 'known_hosts.changed');
      writeFileSync(
        changedFile,
        readFileSync(lab.knownHostsPath, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => `${l.split(' ')[0]} ${type} ${key}`)
          .join('\n') + '\n',
      );
      writeProject(dir, { 'hostkey.yaml': `- hosts: nodes\n  gather_facts: false\n  tasks:\n    - command: touch /root/lvsplay-hostkey-canary\n` });
      let refusals = 0;
      for (const [file, says] of [
        [unknownFile, 'not found in'],
        [changedFile, 'HAS CHANGED'],
      ] as const) {
        const res = await runJson(['run', join(dir, 'hostkey.yaml'), '-i', lab.inventoryPath, '-e', `lvsplay_known_hosts=${file}`]);
        expect(res.code).to.equal(4);
        for (let i = 1; i <= NODES; i++) {
          const r = res.report.plays[0]!.tasks[0]!.hosts[`s${i}`]!;
          expect(r.status).to.equal('unreachable');
          expect(String(r.result.msg)).to.include(says);
          refusals++;
        }
      }
      const ran = Array.from({ length: NODES }, (_, i) => `s${i + 1}`).filter((h) => hostList(lab, h, '/root').includes('lvsplay-hostkey-canary'));
      console.log(`      security/host keys: ${refusals} host connections refused (${NODES} unknown, ${NODES} changed keys), ${ran.length} commands ran`);
      expect(ran).to.deep.equal([]);
    });

    it('no_log values and the become password never appear in any output; keys and rendered secrets are 0600', async () => {
      const secret = `SeCrEt-${Date.now().toString(36)}`;
      const password = readFileSync(join(lab.stateDir, 'become-password'), 'utf8').trim();
      writeProject(dir, {
        'files/id_ed25519': 'PRIVATE KEY MATERIAL\n',
        'templates/auth.conf.j2': 'auth_pass {{ secret }}\n',
        'secrets.yaml': `- hosts: s9
  gather_facts: false
  vars:
    secret: ${secret}
  tasks:
    - command: "echo {{ secret }}"
      no_log: true
    - copy:
        dest: /etc/lvsplay-secret.conf
        content: "password={{ secret }}\\n"
        mode: "0600"
      no_log: true
    - template:
        src: templates/auth.conf.j2
        dest: /etc/lvsplay-auth.conf
        mode: "0600"
      no_log: true
    - debug:
        msg: "{{ secret }}"
      no_log: true
    - shell: "echo {{ secret }} >&2; exit 3"
      no_log: true
      ignore_errors: true
    - copy:
        src: files/id_ed25519
        dest: /etc/lvsplay-id_ed25519
`,
      });
      chmodSync(join(dir, 'files', 'id_ed25519'), 0o600);
      // an existing world-readable file at the key's destination must not keep its 0644
      await execInHost('s9', [
        'sh',
        '-c',
        'rm -f /etc/lvsplay-secret.conf /etc/lvsplay-auth.conf; echo old > /etc/lvsplay-id_ed25519; chmod 0644 /etc/lvsplay-id_ed25519',
      ]);
      const common = ['run', join(dir, 'secrets.yaml'), '-i', lab.inventoryPath, '-u', 'lvsplaypw', '-b', '-K'];
      const outputs: Array<[string, string[]]> = [
        ['text', common],
        ['json', [...common, '--output', 'json']],
        ['-vvv --diff', [...common, '-vvv', '--diff']],
        ['json -vvv --diff', [...common, '--output', 'json', '-vvv', '--diff']],
        // the password as a variable instead of -K
        [
          'ansible_become_password -vvv --diff',
          [...common.filter((x) => x !== '-K'), '-e', JSON.stringify({ ansible_become_password: password }), '-vvv', '--diff'],
        ],
      ];
      const leaks: string[] = [];
      for (const [label, args] of outputs) {
        await execInHost('s9', ['sh', '-c', 'rm -f /etc/lvsplay-secret.conf /etc/lvsplay-auth.conf']);
        const res = await runCli(args, { input: `${password}\n` });
        expect(res.code, `${label}: ${res.stdout.slice(-1500)}${res.stderr}`).to.equal(0);
        const all = res.stdout + res.stderr;
        if (all.includes(secret)) leaks.push(`${label}: the no_log value`);
        if (all.includes(password)) leaks.push(`${label}: the become password`);
      }
      const modes = ['/etc/lvsplay-secret.conf', '/etc/lvsplay-auth.conf', '/etc/lvsplay-id_ed25519'].map((p) =>
        (statSync(join(lab.stateDir, 'hosts', 's9', 'etc.up', p.slice(5))).mode & 0o777).toString(8),
      );
      const roleMode = (
        parse(readFileSync(repoPath('roles', 'ha', 'tasks', 'main.yaml'), 'utf8')) as Array<{ block?: Array<{ template?: { dest: string; mode: string } }> }>
      )
        .flatMap((t) => t.block ?? [])
        .find((t) => t.template?.dest === '/etc/keepalived/keepalived.conf')?.template?.mode;
      console.log(
        `      security/secrets: ${outputs.length} runs (${outputs.map(([l]) => l).join(', ')}) with 5 no_log tasks and a sudo password, ${leaks.length} leaks; on the host: secret file ${modes[0]}, rendered secret ${modes[1]}, copied private key ${modes[2]} (was 644); keepalived.conf (VRRP auth_pass) is written ${roleMode}`,
      );
      expect(leaks).to.deep.equal([]);
      expect(modes).to.deep.equal(['600', '600', '600']);
      expect(roleMode).to.equal('0600');
    });
  });
});
