// Every `notify:` must name a handler (or a `listen:` topic) of its play, as in Ansible.
import { UserInputError } from '../../errors.js';
import type { PlayDef } from '../playbook/model.js';
import { allTasksOf } from '../playbook/walk.js';
import { closest } from '../playbook/keywords.js';

export function checkHandlerNames(play: PlayDef): void {
  const known = new Set<string>();
  for (const h of play.handlers) {
    if (h.name) known.add(h.name);
    h.listen.forEach((l) => known.add(l));
  }
  for (const task of allTasksOf(play)) {
    for (const name of task.notify) {
      if (name.includes('{{')) continue;
      if (!known.has(name)) {
        const hint = closest(name, known);
        throw new UserInputError(
          `notify names handler '${name}', which this play does not have`,
          task.where,
          hint ? `did you mean '${hint}'?` : `one of: ${[...known].join(', ') || '(no handlers defined)'}`,
        );
      }
    }
  }
}
