// wait_for: wait (bounded) on the host until a TCP port opens/closes or a path appears/goes.
// Read-only: it runs in check mode too, and never reports a change.
import { defineModule } from '../types.js';
import { quote } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';

interface WaitForArgs {
  host?: string;
  port?: number;
  path?: string;
  state?: 'started' | 'stopped' | 'present' | 'absent';
  timeout?: number;
  delay?: number;
  sleep?: number;
  msg?: string;
}

export function waitScript(args: WaitForArgs): string {
  const timeout = args.timeout ?? 300;
  const state = args.state ?? (args.path !== undefined ? 'present' : 'started');
  let check: string;
  if (args.path !== undefined) {
    check = `[ -e ${quote(args.path)} ]`;
  } else {
    const host = quote(args.host ?? '127.0.0.1');
    const port = Number(args.port);
    check = `probe ${host} ${port}`;
  }
  const wantTrue = state === 'started' || state === 'present';
  return [
    `probe() { if command -v nc >/dev/null 2>&1; then nc -z -w 1 "$1" "$2" >/dev/null 2>&1; else bash -c "exec 3<>/dev/tcp/$1/$2" >/dev/null 2>&1; fi; }`,
    `sleep ${Number(args.delay ?? 0)}`,
    `end=$(( $(date +%s) + ${Number(timeout)} ))`,
    'while :; do',
    `  if ${wantTrue ? '' : '! '}${check}; then echo ready; exit 0; fi`,
    '  [ "$(date +%s)" -ge "$end" ] && exit 1',
    `  sleep ${Number(args.sleep ?? 1)}`,
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
      host: { type: 'string' },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      path: { type: 'string' },
      state: { type: 'string', enum: ['started', 'stopped', 'present', 'absent'] },
      timeout: { type: 'integer', minimum: 0, maximum: 86400 },
      delay: { type: 'integer', minimum: 0 },
      sleep: { type: 'integer', minimum: 1 },
      msg: { type: 'string' },
    },
    anyOf: [{ required: ['port'] }, { required: ['path'] }],
  },
  async plan(args, ctx) {
    const started = Date.now();
    const out = await ctx.read(waitScript(args));
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (out.exitCode !== 0) {
      throw new ModuleFailure(args.msg ?? `Timeout when waiting for ${args.path ?? `${args.host ?? '127.0.0.1'}:${args.port}`} (${args.timeout ?? 300} s)`, { elapsed });
    }
    return { steps: [], data: { elapsed } };
  },
});
