// Every `notify:` must name a handler (or a `listen:` topic) of its play, as in Ansible; with
// error_on_missing_handler off (ANSIBLE_ERROR_ON_MISSING_HANDLER=false) it is a warning.
// Templated names are known only at run time (run/handlers.ts checks them there).
import { UserInputError } from '../../errors.js';
import type { PlayDef } from '../playbook/model.js';
import { allHandlersOf, allTasksOf } from '../playbook/walk.js';
import { closest } from '../playbook/keywords.js';
import { handlerNotifications, missingHandlerMessage } from '../playbook/handler-names.js';

/** Returns the warnings (when missing handlers are not errors); throws on the first missing one otherwise. */
export function checkHandlerNames(play: PlayDef, errorOnMissing: boolean): string[] {
  // The handlers of roles included with a fixed name count too: Ansible adds them when the include runs.
  const handlers = [...allHandlersOf(play)];
  // A handler whose name is a template may answer to any notification.
  if (handlers.some((h) => h.name?.includes('{{'))) return [];
  const known = new Set(handlers.flatMap(handlerNotifications));
  const warnings: string[] = [];
  for (const task of [...allTasksOf(play), ...play.handlers]) {
    for (const name of task.notify) {
      if (name.includes('{{') || known.has(name)) continue;
      if (!errorOnMissing) {
        warnings.push(missingHandlerMessage(name));
        continue;
      }
      const hint = closest(name, known);
      throw new UserInputError(
        `notify names handler '${name}', which this play does not have`,
        task.where,
        hint ? `did you mean '${hint}'?` : `one of: ${[...known].join(', ') || '(no handlers defined)'}`,
      );
    }
  }
  return warnings;
}
