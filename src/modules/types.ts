// The module contract (Ansible's result shape, pyinfra's plan-then-apply).
//
// A module declares its arguments (src/argspec), reads facts, and returns a Plan: the commands
// that would bring the host to the desired state. "Changed" is "the plan has steps" (planChanges:
// steps that count as changes; daemon-reload does not). Check mode
// is therefore structural: the engine plans and does not apply. No module ever tests a
// check-mode flag itself; the engine owns that decision.
import type { ExecResult } from '../connection/types.js';
import type { FactReader } from '../facts/types.js';
import type { SourceLocation } from '../errors.js';
import type { ArgsOf, ArgumentSpec, OptionSpecs } from '../argspec/declaration.js';

/** One command the plan would run on the target. */
export interface Step {
  /** Human summary shown by -v and --check (e.g. "write /etc/sysctl.d/90-lvs.conf"). */
  describe: string;
  /** Shell command line; every variable part quoted with util/shell.ts. */
  command: string;
  /** Data for the command's standard input (file contents travel this way). */
  stdin?: string;
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: number[];
  /**
   * The step may take the host's connection down with it (a reboot): a link lost while it runs
   * counts as success, as Ansible's reboot ignores connection errors on its reboot command.
   */
  endsConnection?: boolean;
  /**
   * false: the step runs but is no change of the host's state, so a plan of only such steps
   * reports ok (systemd's daemon-reload, which Ansible runs whenever asked and never counts).
   */
  changes?: false;
}

/** Before/after of content a module manages, for --diff. */
export interface ContentDiff {
  /** What the content is, usually a path, or e.g. "ipvs table" / "sysctl net.ipv4.ip_forward". */
  label: string;
  before: string;
  after: string;
}

/** One row of a check table: what was checked, what was expected and found. */
export interface CheckRow {
  check: string;
  expected: string;
  found: string;
  ok: boolean;
}

/**
 * How a result is shown, whatever the module (Ansible's `_ansible_verbose_always`): reporters
 * read this and never a module's name. It travels with the result but is not part of what
 * `register` stores.
 */
export interface ResultDisplay {
  /** The message is the point of the task (debug, assert): shown without -v. */
  verboseAlways?: boolean;
  /** A table of checks, shown under the host's line. */
  checks?: CheckRow[];
  /** Preformatted text (e.g. ipvsadm's counters), shown indented under the host's line. */
  text?: string;
  /** What --diff shows (the registered `diff` may be a module's own shape, as file's is). */
  diff?: ContentDiff[];
}

/** Where a result keeps its ResultDisplay: a symbol, so templates, register and JSON never see it. */
export const RESULT_DISPLAY: unique symbol = Symbol('lvsplay.display');

export interface Plan {
  /** Commands to run; empty means the host is already as desired. */
  steps: Step[];
  /** Before/after of managed content (shown with --diff). */
  diff?: ContentDiff[];
  /** Message for the result (e.g. why nothing was needed). */
  msg?: string;
  /** Extra fields for the result, available to `register` (e.g. stat, ansible_facts). */
  data?: Record<string, unknown>;
  /** The plan itself decides the task failed (assert, fail, a check that found a mismatch). */
  failed?: boolean;
  /** Report changed even though there are no steps (controller-side modules never do). */
  forceChanged?: boolean;
  /**
   * The steps' effect cannot be known without running them (a command with no creates/removes
   * to go by): check mode skips the task with this message instead of reporting a change.
   */
  checkModeSkip?: string;
  /**
   * This plan (not the module as a whole) cannot honour check mode: check mode skips the task
   * with this message, changes or not (unarchive's tar archives, as in Ansible; its zips can).
   */
  checkModeUnsupported?: string;
  /** How the result is shown. */
  display?: ResultDisplay;
}

/** Whether applying the plan changes the host: a step that counts as a change, or the module says so. */
export function planChanges(plan: Pick<Plan, 'steps' | 'forceChanged'>): boolean {
  return plan.steps.some((step) => step.changes !== false) || plan.forceChanged === true;
}

/** What every task result looks like (Ansible's contract). */
export interface ModuleResult {
  changed: boolean;
  failed: boolean;
  skipped?: boolean;
  msg?: string;
  /** As registered: the content diffs, or a module's own before/after mapping (file's, as in Ansible). */
  diff?: unknown;
  rc?: number;
  stdout?: string;
  stderr?: string;
  [RESULT_DISPLAY]?: ResultDisplay;
  [field: string]: unknown;
}

/** What a module can see and do while planning. Everything here is read-only. */
export interface ModuleContext {
  /** Inventory name of the host. */
  readonly host: string;
  /** The host's variables, already templated (for debug var=, facts). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Where the task came from, for error messages. */
  readonly where?: SourceLocation;
  /** Read a fact through the host's cache. */
  readonly fact: FactReader;
  /** Run a read-only command on the target (for what no fact covers). Never changes anything. */
  read(command: string, options?: { stdin?: string }): Promise<ExecResult>;
  /** Find a file a task names (`src:`) next to the role/playbook, as Ansible's lookup does. */
  findFile(relativePath: string, kind: 'files' | 'templates' | 'vars'): string;
  /** Read a YAML or JSON file on the controller (vaulted files and values opened), as variables files are read. */
  readVarsFile(path: string): unknown;
  /** Render a template file's text with the host's variables (its `#jinja2:` header applies). */
  renderTemplate(text: string, sourceName: string): string;
  /** Evaluate a bare Jinja expression (debug's var, assert's that) with the host's variables. */
  evaluate(expression: string): unknown;
  /** The same, as a condition (Jinja truthiness). */
  evaluateCondition(condition: unknown): boolean;
  /** async_status: a background job this run started on the host (its result, or its folder removed). */
  asyncJob?(jid: string, mode: 'status' | 'cleanup'): Promise<ModuleResult>;
}

/**
 * What a module may do once its steps have run (reboot: the host goes away and comes back):
 * the run's connection to the host is the engine's, so the module asks for these instead.
 */
export interface AfterApplyContext {
  readonly host: string;
  /** Close the host's connection (it is going away); the next read opens a new one. */
  dropConnection(): Promise<void>;
  /**
   * One attempt: open the host's connection (connecting for at most connectTimeoutMs when given)
   * and run a read-only command on it. Rejects with HostUnreachableError or CommandTimeoutError.
   */
  tryRead(command: string, options: { connectTimeoutMs?: number; timeoutMs: number }): Promise<ExecResult>;
}

interface ModuleBase<A> {
  /** Canonical name, e.g. "lineinfile"; aliases such as "ansible.builtin.lineinfile" are added by the registry. */
  name: string;
  /** Other names users write for it (e.g. "service" for "systemd"). */
  aliases?: string[];
  /** For modules that accept a free-form string (`command: ls -l`): the argument it fills. */
  freeFormArg?: string;
  /**
   * 'plan': check mode plans and does not apply (the normal case).
   * 'none': cannot honour check mode; the engine skips the task in check mode with a reason.
   */
  checkMode: 'plan' | 'none';
  /**
   * 'controller': runs entirely on the controller (debug, set_fact, assert, fail): plan() has
   * no steps, and no connection to the host is needed.
   */
  runsOn?: 'target' | 'controller';
  /** Runs once per task (each loop item), on the first host only, for no host in particular (add_host). */
  bypassHostLoop?: boolean;
  /** Produce the plan. Throw ModuleFailure for a task failure with a message. */
  plan(args: A, ctx: ModuleContext): Promise<Plan>;
  /**
   * After the steps ran without failure (never in check mode): wait for what they set going and
   * return more result fields (reboot). Runs on the controller; reads through `ctx`.
   */
  afterApply?(args: A, plan: Plan, ctx: AfterApplyContext): Promise<Partial<ModuleResult>>;
  /** Build result fields from what the steps printed (e.g. command's rc/stdout). */
  summarize?(args: A, plan: Plan, outputs: ExecResult[]): Partial<ModuleResult>;
}

export interface ModuleDefinition<A = Record<string, unknown>> extends ModuleBase<A> {
  /**
   * The declaration of its arguments (src/argspec/declaration.ts): checked after templating, and
   * the source of `lvsplay doc`, docs/modules.md and (through ArgsOf) the type of `args`.
   */
  spec: ArgumentSpec;
}

/**
 * A module as the engine holds it, whatever its argument type: the engine checks arguments against
 * the module's declaration and passes them on as a mapping (methods are bivariant, so each module fits).
 */
export type AnyModule = ModuleDefinition<object>;

/** Define a module: its argument type follows from its declaration (`spec.options`). */
export function defineModule<const O extends OptionSpecs>(
  definition: ModuleBase<ArgsOf<O>> & { spec: ArgumentSpec<O> },
): ModuleDefinition<ArgsOf<O>> & { spec: ArgumentSpec<O> } {
  return definition;
}
