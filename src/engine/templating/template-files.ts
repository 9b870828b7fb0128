// `{% include %}`, `{% import %}` and `{% from ... import %}` in template files. The named
// template is looked for beside the file that names it, then in the role's and the playbook's
// templates folders (Ansible's search path for the template module and lookup), and compiled by
// the same compile() as every template. Rendering is synchronous, so the variables of the
// render in progress (a stack: a lookup('template') may render inside a render) are what an
// included template and an import `with context` see.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { hasOwn } from './python.js';

type Callback = (err: Error | null, value?: unknown) => void;

/** What nunjucks' compiled code calls on the template it got from env.getTemplate(). */
export interface LoadedTemplate {
  render(ctx: object, parentFrame: unknown, cb: Callback): void;
  getExported(ctx: object | Callback, parentFrame?: unknown, cb?: Callback): void;
}

/** How a template file is run: compile it, and run it with a context, a frame and variables. */
export interface TemplateRunner {
  load(path: string): (ctx: object, frame: unknown, vars: Record<string, unknown>, cb: Callback, exported: boolean) => void;
}

const active: Record<string, unknown>[] = [];

/** Run `body` with `vars` as the variables of the render in progress. */
export function withRenderVars<T>(vars: Record<string, unknown>, body: () => T): T {
  active.push(vars);
  try {
    return body();
  } finally {
    active.pop();
  }
}

function currentVars(): Record<string, unknown> {
  return active[active.length - 1] ?? {};
}

function searchDirs(parentName: string | null, vars: Record<string, unknown>): string[] {
  const dirs: string[] = [];
  if (parentName && isAbsolute(parentName)) dirs.push(dirname(parentName));
  for (const key of ['role_path', 'playbook_dir']) {
    const base = hasOwn(vars, key) ? vars[key] : undefined;
    if (typeof base === 'string') dirs.push(join(base, 'templates'), base);
  }
  dirs.push(process.cwd());
  return dirs;
}

/** env.getTemplate for compiled templates: find `name`, compile it, hand it over to `cb`. */
export function templateLoader(runner: TemplateRunner) {
  return (name: unknown, _eager: boolean, parentName: string | null, ignoreMissing: boolean, cb: Callback): void => {
    const file = String(name);
    const vars = currentVars();
    const path = isAbsolute(file)
      ? existsSync(file)
        ? file
        : undefined
      : searchDirs(parentName, vars)
          .map((d) => resolve(d, file))
          .find((p) => existsSync(p));
    if (!path) {
      if (ignoreMissing) return cb(null, { render: (_c: object, _f: unknown, done: Callback) => done(null, ''), getExported: () => undefined });
      return cb(new Error(`template not found: ${file}`));
    }
    let run: ReturnType<TemplateRunner['load']>;
    try {
      run = runner.load(path);
    } catch (err) {
      return cb(err as Error);
    }
    const loaded: LoadedTemplate = {
      render: (ctx, frame, done) => run(ctx, frame, vars, done, false),
      getExported: (ctx, frame, done) => {
        // `import 'x' as y` without context: only the template's own names and the globals
        if (typeof ctx === 'function') return run({}, undefined, {}, ctx as Callback, true);
        // `with context` inside a macro or loop: the imported macros see its local names too
        // (their bodies run in a frame of their own, which reaches only the context), as in Jinja
        run({ ...ctx, ...localNames(frame) }, frame, vars, done!, true);
      },
    };
    cb(null, loaded);
  };
}

interface FrameChain {
  variables?: Record<string, unknown>;
  parent?: FrameChain | null;
}

/** The names set in `frame` and the frames around it, the innermost winning. */
function localNames(frame: unknown): Record<string, unknown> {
  const chain: Record<string, unknown>[] = [];
  for (let f = frame as FrameChain | null | undefined; f; f = f.parent) if (f.variables) chain.unshift(f.variables);
  return Object.assign({}, ...chain) as Record<string, unknown>;
}

/** A template file's text. */
export function readTemplateFile(path: string): string {
  return readFileSync(path, 'utf8');
}
