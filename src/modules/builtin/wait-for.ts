// wait_for: wait (bounded) on the host until a TCP port opens/closes or a path appears/goes
// (optionally until the file contains search_regex), or just sleep `timeout` seconds.
// Read-only: it runs in check mode too (a polling loop through ctx.read), and is never a change.
import { defineModule } from '../types.js';
import { INT, int } from '../lib/args.js';
import { quote } from '../../util/shell.js';

interface WaitForArgs {
  host?: string;
  port?: number | string;
  path?: string;
  search_regex?: string;
  state?: 'started' | 'stopped' | 'present' | 'absent';
  timeout?: number | string;
  connect_timeout?: number | string;
  delay?: number | string;
  sleep?: number | string;
  msg?: string;
}

/** The polling loop, run with /bin/sh on the target. Exit 0: condition met; 1: timed out. */
export function waitScript(args: WaitForArgs): string {
  const timeout = int(args.timeout, 300);
  const delay = int(args.delay, 0);
  if (args.port === undefined && args.path === undefined) return `sleep ${delay + timeout}`;
  const state = args.state ?? (args.path !== undefined ? 'present' : 'started');
  let check: string;
  if (args.path !== undefined) {
    const p = quote(args.path);
    check = args.search_regex !== undefined ? `grep -Eq -- ${quote(args.search_regex)} ${p} 2>/dev/null` : `[ -e ${p} ]`;
  } else {
    check = `probe ${quote(args.host ?? '127.0.0.1')} ${int(args.port)}`;
  }
  const wantTrue = state === 'started' || state === 'present';
  const connect = int(args.connect_timeout, 5);
  return [
    // nc where there is one; else bash's /dev/tcp (plain sh has none), bounded by timeout(1)
    `probe() { if command -v nc >/dev/null 2>&1; then nc -z -w ${connect} "$1" "$2" >/dev/null 2>&1; ` +
      `elif command -v bash >/dev/null 2>&1; then timeout ${connect} bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$1" "$2" >/dev/null 2>&1; ` +
      `else echo 'wait_for: neither nc nor bash on this host' >&2; exit 2; fi; }`,
    `sleep ${delay}`,
    `end=$(( $(date +%s) + ${timeout} ))`,
    'while :; do',
    `  if ${wantTrue ? '' : '! '}${check}; then exit 0; fi`,
    '  [ "$(date +%s)" -ge "$end" ] && exit 1',
    `  sleep ${int(args.sleep, 1)}`,
    'done',
  ].join('\n');
}

export const waitForModule = defineModule<WaitForArgs>({
  name: 'wait_for',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      host: { type: 'string', minLength: 1 },
      port: {
        anyOf: [
          { type: 'integer', minimum: 1, maximum: 65535 },
          { type: 'string', pattern: '^[0-9]{1,5}$' },
        ],
      },
      path: { type: 'string', minLength: 1 },
      search_regex: { type: 'string', minLength: 1 },
      state: { type: 'string', enum: ['started', 'stopped', 'present', 'absent'] },
      timeout: INT,
      connect_timeout: INT,
      delay: INT,
      sleep: INT,
      msg: { type: 'string' },
    },
  },
  async plan(args, ctx) {
    const what = args.path !== undefined ? args.path : args.port !== undefined ? `${args.host ?? '127.0.0.1'}:${int(args.port)}` : undefined;
    if (args.port !== undefined && args.path !== undefined) return { steps: [], failed: true, msg: 'wait_for: port and path are mutually exclusive' };
    if (args.search_regex !== undefined && args.path === undefined)
      return { steps: [], failed: true, msg: 'wait_for: search_regex is supported with path only' };
    const state = args.state ?? (args.path !== undefined ? 'present' : 'started');
    const started = Date.now();
    const out = await ctx.read(waitScript(args));
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (out.exitCode === 1 && what !== undefined) {
      const timeout = int(args.timeout, 300);
      return {
        steps: [],
        failed: true,
        msg:
          args.msg ?? `Timeout when waiting for ${what}${args.search_regex !== undefined ? ` to contain ${args.search_regex}` : ''} (${state}, ${timeout} s)`,
        data: { elapsed },
      };
    }
    if (out.exitCode !== 0) return { steps: [], failed: true, msg: `wait_for: ${out.stderr.trim() || `exit code ${out.exitCode}`}`, data: { elapsed } };
    return {
      steps: [],
      data: { elapsed, ...(args.path !== undefined ? { path: args.path } : {}), ...(args.port !== undefined ? { port: int(args.port) } : {}), state },
    };
  },
});
