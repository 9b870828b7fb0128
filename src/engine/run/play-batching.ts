// `order:` and `serial:` of a play as they apply to this run: a templated value is rendered
// with the play's variables when the play starts; `omit` leaves the keyword at its default.
import type { HostOrder } from '../playbook/keywords.js';
import type { PlayDef, TemplatedKeyword } from '../playbook/model.js';
import { toHostOrder, toSerial, type SerialSize } from '../playbook/play-batching.js';
import { OMIT, renderValue } from '../templating/index.js';
import type { RunContext } from './run-context.js';
import { playScope } from './task-vars.js';

function rendered(run: RunContext, play: PlayDef, keyword: TemplatedKeyword, name: string): unknown {
  const value = renderValue(keyword.templated, playScope(run, play).view(), { where: play.where, context: `play keyword '${name}'` });
  return value === OMIT ? undefined : value;
}

function isTemplatedKeyword(value: unknown): value is TemplatedKeyword {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'templated' in value;
}

export function playHostOrder(run: RunContext, play: PlayDef): HostOrder {
  return isTemplatedKeyword(play.order) ? toHostOrder(rendered(run, play, play.order, 'order'), play.where) : play.order;
}

export function playSerial(run: RunContext, play: PlayDef): SerialSize[] {
  return isTemplatedKeyword(play.serial) ? toSerial(rendered(run, play, play.serial, 'serial'), play.where) : play.serial;
}
