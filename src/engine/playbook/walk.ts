// Every task of a task tree (blocks' block, rescue and always included, and what a dynamic
// include with a fixed name was found to include), in order.
import type { PlayDef, TaskDef, TaskNode } from './model.js';

export function* tasksOf(nodes: TaskNode[]): Generator<TaskDef> {
  for (const n of nodes) {
    if (n.kind === 'task') {
      yield n;
      if (n.include?.preloaded) {
        yield* tasksOf(n.include.preloaded.tasks);
        yield* tasksOf(n.include.preloaded.handlers);
      }
    } else {
      yield* tasksOf(n.block);
      yield* tasksOf(n.rescue);
      yield* tasksOf(n.always);
    }
  }
}

/** A play's tasks in run order, then its handlers. */
export function* allTasksOf(play: PlayDef): Generator<TaskDef> {
  for (const s of play.sections) yield* tasksOf(s.tasks);
  yield* tasksOf(play.handlers);
}

/** The play's handlers, then those of every include_role with a fixed name (read at load time). */
export function* allHandlersOf(play: PlayDef): Generator<TaskDef> {
  yield* play.handlers;
  for (const task of allTasksOf(play)) if (task.include?.preloaded) yield* task.include.preloaded.handlers;
}
