// wait_for: wait (bounded) on the host until a TCP port opens/closes or a path appears/goes
// (optionally until the file contains search_regex), or just sleep `timeout` seconds.
// Read-only: it runs in check mode too (a polling loop through ctx.read), and is never a change.
import { defineModule } from '../types.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';
import { quote } from '../../util/shell.js';

const WAIT_FOR_OPTIONS = {
  host: { default: '127.0.0.1', description: 'The address to probe, as the host sees it.' },
  port: { type: 'int', minimum: 1, maximum: 65535, description: 'A TCP port to wait for (open with started, closed with stopped).' },
  path: { type: 'path', description: 'A file to wait for (present or absent).' },
  search_regex: { description: 'With path: wait until the file contains this (extended regular expression).' },
  state: {
    choices: ['started', 'stopped', 'present', 'absent'],
    description: 'What to wait for: started/present (the default) or stopped/absent.',
  },
  timeout: { type: 'int', default: 300, description: 'Seconds to wait at most; with neither port nor path, seconds to sleep.' },
  connect_timeout: { type: 'int', default: 5, description: 'Seconds one probe of the port may take.' },
  delay: { type: 'int', default: 0, description: 'Seconds to wait before the first probe.' },
  sleep: { type: 'int', default: 1, description: 'Seconds between probes.' },
  msg: { description: 'The message on timeout.' },
} as const satisfies OptionSpecs;

type WaitForArgs = ArgsOf<typeof WAIT_FOR_OPTIONS>;

/** The polling loop, run with /bin/sh on the target. Exit 0: condition met; 1: timed out. */
export function waitScript(args: WaitForArgs): string {
  const { timeout, delay } = args;
  if (args.port === undefined && args.path === undefined) return `sleep ${delay + timeout}`;
  const state = args.state ?? (args.path !== undefined ? 'present' : 'started');
  let check: string;
  if (args.path !== undefined) {
    const p = quote(args.path);
    check = args.search_regex !== undefined ? `grep -Eq -- ${quote(args.search_regex)} ${p} 2>/dev/null` : `[ -e ${p} ]`;
  } else {
    check = `probe ${quote(args.host)} ${args.port}`;
  }
  const wantTrue = state === 'started' || state === 'present';
  const connect = args.connect_timeout;
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
    `  sleep ${args.sleep}`,
    'done',
  ].join('\n');
}

export const waitForModule = defineModule({
  name: 'wait_for',
  checkMode: 'plan',
  spec: {
    short_description: 'Wait (bounded) until a TCP port opens or closes, a file appears or goes, or a time passes',
    description: ['Read-only: it runs in check mode too, and is never a change.'],
    options: WAIT_FOR_OPTIONS,
    mutually_exclusive: [['port', 'path']],
    examples: '- wait_for:\n    port: 80\n    timeout: 30\n\n- wait_for:\n    path: /var/log/keepalived.log\n    search_regex: Entering MASTER STATE',
    returns: { elapsed: { description: 'Seconds waited', type: 'int', returned: 'always' } },
  },
  async plan(args, ctx) {
    const what = args.path !== undefined ? args.path : args.port !== undefined ? `${args.host}:${args.port}` : undefined;
    if (args.search_regex !== undefined && args.path === undefined)
      return { steps: [], failed: true, msg: 'wait_for: search_regex is supported with path only' };
    const state = args.state ?? (args.path !== undefined ? 'present' : 'started');
    const started = Date.now();
    const out = await ctx.read(waitScript(args));
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (out.exitCode === 1 && what !== undefined) {
      const { timeout } = args;
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
      data: { elapsed, ...(args.path !== undefined ? { path: args.path } : {}), ...(args.port !== undefined ? { port: args.port } : {}), state },
    };
  },
});
