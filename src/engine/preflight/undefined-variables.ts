// Before any host is contacted: every variable a play's templates read must be defined
// somewhere the play can see it (inventory, vars, roles, register, set_fact, facts, -e), or
// be guarded by `is defined` / `default`. Anything else would fail mid-run; fail now, with
// the task's position.
import { UndefinedVariableError } from '../../errors.js';
import type { Inventory } from '../inventory/index.js';
import type { PlayDef, Playbook } from '../playbook/model.js';
import { allTasksOf } from '../playbook/walk.js';
import { namesInExpression, namesInTemplate, type TemplateNames } from '../templating/names.js';

const MAGIC = [
  'inventory_hostname',
  'inventory_hostname_short',
  'group_names',
  'groups',
  'hostvars',
  'play_hosts',
  'ansible_play_hosts',
  'ansible_play_hosts_all',
  'ansible_play_batch',
  'ansible_play_name',
  'ansible_check_mode',
  'ansible_diff_mode',
  'ansible_verbosity',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_version',
  'lvsplay_version',
  'playbook_dir',
  'inventory_dir',
  'omit',
  'role_path',
  'role_name',
  'ansible_search_path',
  'ansible_facts',
  'ansible_loop_var',
  'ansible_loop',
  'result',
  // functions and literals the template engine provides
  'lookup',
  'query',
  'q',
  'range',
  'dict',
  'cycler',
  'joiner',
  'namespace',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
];

export function checkUndefinedVariables(playbook: Playbook, inventory: Inventory, extraVars: Record<string, unknown>): void {
  const playbookWide = new Set<string>([...MAGIC, ...Object.keys(extraVars)]);
  for (const play of playbook.plays) {
    for (const task of allTasksOf(play)) {
      // What a dynamic include reads only at run time (a templated name, or a file that failed to load) may define any variable.
      if (task.include && !task.include.preloaded) return;
      if (task.module === 'include_vars') return;
      // add_host gives its other arguments to the host it adds, as host variables
      if (task.module === 'add_host') for (const k of Object.keys(task.args)) playbookWide.add(k);
      if (task.register) playbookWide.add(task.register);
      if (task.module === 'set_fact') {
        // A templated name (`set_fact: "{{ item }}=x"`) may define any variable: none can be called undefined before the run.
        if (Object.keys(task.args).some((k) => k.includes('{{'))) return;
        for (const k of Object.keys(task.args)) playbookWide.add(k);
      }
      playbookWide.add(task.loopVar);
      if (task.loopIndexVar !== undefined) playbookWide.add(task.loopIndexVar);
    }
  }
  for (const play of playbook.plays) checkPlay(play, inventory, playbookWide);
}

function checkPlay(play: PlayDef, inventory: Inventory, playbookWide: Set<string>): void {
  const known = new Set(playbookWide);
  const { hosts } = inventory.selectHosts(play.hosts);
  for (const h of hosts) for (const k of Object.keys(inventory.varsFor(h))) known.add(k);
  for (const k of Object.keys(play.vars)) known.add(k);
  for (const p of play.varsPrompt) known.add(p.name);
  for (const f of play.varsFromFiles) for (const k of Object.keys(f)) known.add(k);
  for (const role of play.roles) {
    for (const source of [role.defaults, role.vars, role.params]) for (const k of Object.keys(source)) known.add(k);
  }
  // A role included with `public: true` gives its variables to the tasks after it.
  for (const task of allTasksOf(play))
    for (const role of task.include?.preloaded?.roles ?? []) for (const k of Object.keys({ ...role.defaults, ...role.vars })) known.add(k);
  for (const task of allTasksOf(play)) {
    // A task that expects to fail may read what is undefined: Ansible fails it at run time.
    if (task.ignoreErrors !== undefined && task.ignoreErrors !== false) continue;
    const role = task.role ? [task.role.defaults, task.role.vars, task.role.params] : [];
    const local = new Set([task.vars, ...task.blockVars, ...task.includeParams, ...role].flatMap((v) => Object.keys(v)));
    // `when: x is defined` guards x everywhere in the task (its loop and arguments run only then)
    for (const cond of task.when) if (typeof cond === 'string') for (const name of namesInExpression(cond).guarded) local.add(name);
    const isKnown = (name: string): boolean => known.has(name) || local.has(name) || name.startsWith('ansible_') || name.startsWith('lvsplay_');
    const report = (names: TemplateNames, what: string): void => {
      for (const name of names.read) {
        if (isKnown(name) || names.guarded.has(name)) continue;
        throw new UndefinedVariableError(name, task.where, `${what} of task '${task.name ?? task.moduleAs}'`);
      }
    };
    forEachTemplate(
      task.args,
      (text) => report(namesInTemplate(text), 'arguments'),
      (expr) => report(namesInExpression(expr), 'arguments'),
    );
    for (const cond of task.when) if (typeof cond === 'string') report(namesInExpression(cond), "'when'");
    for (const [key, value] of [
      ['changed_when', task.changedWhen],
      ['failed_when', task.failedWhen],
      ['until', task.until],
    ] as const) {
      for (const cond of Array.isArray(value) ? value : value === undefined ? [] : [value])
        if (typeof cond === 'string') report(namesInExpression(cond), `'${key}'`);
    }
    if (task.loop !== undefined)
      forEachTemplate(
        task.loop,
        (text) => report(namesInTemplate(text), "'loop'"),
        () => undefined,
      );
    // A task's name is not checked: Ansible shows a name it cannot render as written.
  }
}

function forEachTemplate(value: unknown, onTemplate: (text: string) => void, onExpression: (expr: string) => void): void {
  if (typeof value === 'string') {
    if (value.includes('{{') || value.includes('{%')) onTemplate(value);
  } else if (Array.isArray(value)) {
    for (const v of value) forEachTemplate(v, onTemplate, onExpression);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) forEachTemplate(v, onTemplate, onExpression);
  }
}
