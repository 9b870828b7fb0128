// Variable precedence, lowest first: Ansible's order for the levels lvsplay supports. A name
// defined in several layers takes the value of the highest one; mappings are replaced, not
// merged (Ansible's default hash_behaviour=replace). Keep docs/variables.md in step.
//
// | rank | layer         | what it holds                                                        |
// |------|---------------|----------------------------------------------------------------------|
// |  0   | magic         | inventory_hostname, groups, hostvars, play_hosts, omit, role_path... |
// |  1   | role_defaults | roles/x/defaults/main.yml                                            |
// |  2   | inventory     | inventory vars, group_vars/, host_vars/ (merged by the inventory)    |
// |  3   | facts         | ansible_facts and the ansible_* facts                                |
// |  4   | play          | play vars: and vars_files:                                           |
// |  5   | role_vars     | roles/x/vars/main.yml                                                |
// |  6   | block         | vars: on a block                                                     |
// |  7   | task          | vars: on a task, include_role vars:, role params                     |
// |  7b  | include_vars  | variables read by include_vars (templated when read, like vars files) |
// |  8   | set_fact      | set_fact: and register: results                                      |
// |  9   | include_params| vars:, k=v and loop item of an include_tasks, for what it includes   |
// | 10   | extra         | -e / --extra-vars                                                    |
// | 11   | loop          | a task's loop variable and index_var: above everything, -e included  |
//                         (Ansible sets them last; an inner loop's item hides an include's)
//
// Magic variables sit at the bottom: they are data the engine provides, and a user who
// defines `groups` in vars means to shadow it.

export const LAYER_ORDER = [
  'magic',
  'role_defaults',
  'inventory',
  'facts',
  'play',
  'role_vars',
  'block',
  'task',
  'include_vars',
  'set_fact',
  'include_params',
  'extra',
  'loop',
] as const;
export type LayerName = (typeof LAYER_ORDER)[number];

/** One layer: a source's own object (the scope keeps it, it does not copy it). */
export interface Layer {
  name: LayerName;
  vars: Record<string, unknown>;
}

/** Layers whose values are data, never templated again (a command's output containing "{{" stays text). */
export const DATA_LAYERS: ReadonlySet<LayerName> = new Set<LayerName>(['magic', 'facts', 'set_fact']);

export function rankOf(name: LayerName): number {
  const rank = LAYER_ORDER.indexOf(name);
  if (rank < 0) throw new Error(`unknown variable layer '${String(name)}'`);
  return rank;
}
