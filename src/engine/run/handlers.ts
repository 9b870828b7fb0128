// Which handlers a notification reaches, and on which hosts they are to run (Ansible 2.14's
// rules): the handler of that name (the play's own before the roles', the last role's before
// earlier ones, included roles' before both, the first of a list), and every handler listening to it. A templated handler
// name is rendered once, when first needed; one that cannot be rendered answers to no name.
import { UserInputError, formatLocation } from '../../errors.js';
import type { TaskDef } from '../playbook/model.js';
import { handlerNames, missingHandlerMessage } from '../playbook/handler-names.js';
import { renderValue } from '../templating/index.js';

type Vars = Record<string, unknown>;

export class NotifiedHandlers {
  private readonly renderedNames = new Map<TaskDef, string>();
  private readonly hostsOf = new Map<TaskDef, Set<string>>();
  /** Each warning is given once, as Ansible does. */
  private readonly warned = new Set<string>();

  /** `handlers`: the play's handlers in Ansible's order (static roles', the play's own, included roles'). */
  constructor(
    private readonly handlers: () => TaskDef[],
    private readonly emitWarning: (message: string) => void,
  ) {}

  /** Handlers searched by name: by group (a role's, or the play's own), the last group first; in a group, the first. */
  private byNamePriority(): TaskDef[] {
    const groups: TaskDef[][] = [];
    for (const h of this.handlers()) {
      const last = groups[groups.length - 1];
      if (last && last[0]!.role?.path === h.role?.path) last.push(h);
      else groups.push([h]);
    }
    return groups.reverse().flat();
  }

  /**
   * `task` changed on `host`: its notify entries, rendered with the host's variables (an entry
   * may render to a list of names), reach their handlers. A name no handler answers to is an
   * error, or with `errorOnMissing` off a warning.
   */
  notify(task: TaskDef, host: string, vars: Vars, errorOnMissing: boolean): void {
    for (const notification of this.notificationsOf(task, vars)) {
      const reached = this.find(notification, vars);
      if (reached.length === 0) {
        if (errorOnMissing) throw new UserInputError(missingHandlerMessage(notification), task.where, 'the name or a listen topic of a handler of this play');
        this.warn(`${formatLocation(task.where)}: ${missingHandlerMessage(notification)}`);
      }
      for (const handler of reached) {
        let hosts = this.hostsOf.get(handler);
        if (!hosts) this.hostsOf.set(handler, (hosts = new Set()));
        hosts.add(host);
      }
    }
  }

  /** The hosts `handler` is to run on now (those `runsNow` accepts), forgotten as they are taken; the others stay notified. */
  take(handler: TaskDef, runsNow: (host: string) => boolean): string[] {
    const notified = this.hostsOf.get(handler);
    if (!notified) return [];
    const hosts = [...notified].filter(runsNow);
    for (const h of hosts) notified.delete(h);
    if (notified.size === 0) this.hostsOf.delete(handler);
    return hosts;
  }

  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.emitWarning(message);
  }

  private notificationsOf(task: TaskDef, vars: Vars): string[] {
    return task.notify.flatMap((entry) => {
      if (!entry.includes('{{')) return [entry];
      const rendered = renderValue(entry, vars, { where: task.where, context: 'notify' });
      return Array.isArray(rendered) ? rendered.map(String) : [String(rendered)];
    });
  }

  private find(notification: string, vars: Vars): TaskDef[] {
    const named = this.byNamePriority().find((h) => handlerNames(h, this.nameOf(h, vars)).includes(notification));
    const listening = this.handlers().filter((h) => h !== named && h.listen.includes(notification));
    return named ? [named, ...listening] : listening;
  }

  private nameOf(handler: TaskDef, vars: Vars): string | undefined {
    if (!handler.name?.includes('{{')) return handler.name;
    if (this.renderedNames.has(handler)) return this.renderedNames.get(handler);
    try {
      const name = String(renderValue(handler.name, vars, { where: handler.where, context: 'handler name' }));
      this.renderedNames.set(handler, name);
      return name;
    } catch {
      // As in Ansible: a name that cannot be rendered yet (a variable set later) answers to nothing, this time.
      if (handler.listen.length === 0) this.warn(`handler '${handler.name}' is unusable: its name cannot be rendered and it has no listen topics`);
      return undefined;
    }
  }
}
