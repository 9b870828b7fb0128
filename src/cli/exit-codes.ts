// Exit codes (documented in the README): 4 (unreachable) wins over 2 (task failed).
export const EXIT = {
  ok: 0,
  badInput: 1,
  usage: 1,
  taskFailed: 2,
  internal: 3,
  unreachable: 4,
  interrupted: 130,
} as const;
