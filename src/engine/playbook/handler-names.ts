// What a notification is matched against, as in Ansible: a handler's name, the same prefixed
// with its role ("role : name"), and its `listen:` topics (compared as written, not templated).
import type { TaskDef } from './model.js';

/** The names `handler` answers to by its name (empty for a nameless one). */
export function handlerNames(handler: TaskDef, renderedName = handler.name): string[] {
  if (!renderedName) return [];
  return handler.role ? [renderedName, `${handler.role.name} : ${renderedName}`] : [renderedName];
}

/** Every notification that reaches `handler` (its names and its listen topics), its name as written. */
export function handlerNotifications(handler: TaskDef): string[] {
  return [...handlerNames(handler), ...handler.listen];
}

export function missingHandlerMessage(notification: string): string {
  return `the requested handler '${notification}' was not found in either the main handlers list nor in the listening handlers list`;
}
