// Every `notify:` must name a handler (or a `listen:` topic) of its play, as in Ansible.
import { UserInputError } from '../../errors.js';
import type { PlayDef, TaskNode } from '../playbook/model.js';
import { closest } from '../playbook/keywords.js';

export function checkHandlerNames(play: PlayDef): void {
  const known = new Set<string>();
  for (const h of play.handlers) {
    if (h.name) known.add(h.name);
    h.listen.forEach((l) => known.add(l));
  }
  const visit = (nodes: TaskNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'block') {
        visit(node.block);
        visit(node.rescue);
        visit(node.always);
        continue;
      }
      for (const name of node.notify) {
        if (name.includes('{{')) continue;
        if (!known.has(name)) {
          const hint = closest(name, known);
          throw new UserInputError(`notify names handler '${name}', which this play does not have`, node.where, hint ? `did you mean '${hint}'?` : `one of: ${[...known].join(', ') || '(no handlers defined)'}`);
        }
      }
    }
  };
  for (const section of play.sections) visit(section.tasks);
  visit(play.handlers);
}
