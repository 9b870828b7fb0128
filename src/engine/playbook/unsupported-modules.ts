// `lvsplay validate --list-unsupported DIR`: which modules the playbooks and task files of a
// tree use that lvsplay does not offer, and how often. A survey, not a check: it reads every
// YAML file that looks like a playbook or a task list and never stops at the first problem.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ModuleRegistry } from '../../modules/registry.js';
import { BLOCK_ONLY_KEYWORDS, isTaskKeyword } from './keywords.js';

/** Task keywords of Ansible that lvsplay's own keyword tables do not name; never a module. */
const OTHER_ANSIBLE_TASK_KEYWORDS = new Set(['action', 'become_exe', 'become_flags', 'connection', 'port', 'remote_user', 'loop_control']);

/** Where a play keeps its task lists. */
const PLAY_TASK_LISTS = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'];

export interface UnsupportedModuleUse {
  module: string;
  tasks: number;
  /** Files (relative to the tree) that use it. */
  files: string[];
}

export interface UnsupportedSurvey {
  /** Playbooks and task files read. */
  filesRead: number;
  /** YAML files that did not parse. */
  unreadable: string[];
  /** Most used first. */
  modules: UnsupportedModuleUse[];
}

export function surveyUnsupportedModules(root: string, registry: ModuleRegistry): UnsupportedSurvey {
  const uses = new Map<string, { tasks: number; files: Set<string> }>();
  const unreadable: string[] = [];
  let filesRead = 0;
  for (const file of yamlFiles(root)) {
    const rel = relative(root, file);
    let docs: unknown[];
    try {
      docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
        if (d.errors.length > 0) throw d.errors[0]!;
        return d.toJS() as unknown;
      });
    } catch {
      unreadable.push(rel);
      continue;
    }
    const tasks = docs.flatMap((doc) => tasksOf(doc, inTaskFolder(rel)));
    if (tasks.length === 0) continue;
    filesRead++;
    for (const module of tasks.flatMap((t) => modulesOf(t))) {
      if (registry.has(module)) continue;
      const use = uses.get(module) ?? { tasks: 0, files: new Set<string>() };
      use.tasks++;
      use.files.add(rel);
      uses.set(module, use);
    }
  }
  const modules = [...uses].map(([module, u]) => ({ module, tasks: u.tasks, files: [...u.files].sort() }));
  modules.sort((a, b) => b.tasks - a.tasks || a.module.localeCompare(b.module));
  return { filesRead, unreadable, modules };
}

function* yamlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') yield* yamlFiles(full);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) yield full;
  }
}

/** Files under a tasks/ or handlers/ folder are task lists; elsewhere only playbooks count (vars files are lists too). */
function inTaskFolder(rel: string): boolean {
  return rel.split(sep).some((part) => part === 'tasks' || part === 'handlers');
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The task mappings of one YAML document: a playbook's plays' task lists, or a task file's list. */
function tasksOf(doc: unknown, taskFolder: boolean): Array<Record<string, unknown>> {
  if (!Array.isArray(doc)) return [];
  const items = doc.filter(isMapping);
  const isPlaybook = items.length > 0 && items.every((i) => 'hosts' in i || 'import_playbook' in i || 'ansible.builtin.import_playbook' in i);
  if (isPlaybook) return items.flatMap((play) => PLAY_TASK_LISTS.flatMap((k) => (Array.isArray(play[k]) ? play[k].filter(isMapping) : [])));
  return taskFolder ? items : [];
}

/** The module each task (or each task inside a block) names. */
function modulesOf(task: Record<string, unknown>): string[] {
  if ('block' in task) {
    return [...BLOCK_ONLY_KEYWORDS].flatMap((k) => (Array.isArray(task[k]) ? (task[k] as unknown[]).filter(isMapping).flatMap(modulesOf) : []));
  }
  for (const k of ['action', 'local_action']) {
    const action = task[k];
    if (typeof action === 'string') return [action.trim().split(/\s+/)[0]!];
    if (isMapping(action) && typeof action.module === 'string') return [action.module];
  }
  return Object.keys(task).filter((k) => !isTaskKeyword(k) && !k.startsWith('with_') && !OTHER_ANSIBLE_TASK_KEYWORDS.has(k));
}
