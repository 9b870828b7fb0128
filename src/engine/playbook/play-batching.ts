// The play keywords that decide which hosts run together and in what order: `order:` and
// `serial:`. Written values are checked at load; templated ones (`order: "{{ myorder }}"`) are
// rendered when the play starts, with the play's variables (no host's: Ansible templates play
// keywords once per play), and checked by the same rules.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { HOST_ORDERS, type HostOrder } from './keywords.js';
import { describeType } from './shapes.js';

export type SerialSize = number | string;

export function toHostOrder(value: unknown, where: SourceLocation): HostOrder {
  if (value === undefined || value === null) return 'inventory';
  if (HOST_ORDERS.includes(value as HostOrder)) return value as HostOrder;
  throw new UserInputError(`order is ${describeType(value)}`, where, `one of: ${HOST_ORDERS.join(', ')}`);
}

/** Batch sizes: positive numbers, or percentages like '30%' kept as strings. */
export function toSerial(value: unknown, where: SourceLocation): SerialSize[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((s: unknown) => {
    if (typeof s === 'number' && Number.isInteger(s) && s > 0) return s;
    if (typeof s === 'string' && /^\d+(\.\d+)?%$/.test(s.trim())) return s.trim();
    if (typeof s === 'string' && /^\d+$/.test(s.trim()) && Number(s) > 0) return Number(s);
    throw new UserInputError(`serial value ${JSON.stringify(s)} is not valid`, where, "a positive number or a percentage like '30%'");
  });
}
