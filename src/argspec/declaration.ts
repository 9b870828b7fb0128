// The argument-spec language: how a module declares its arguments, once, in the shape an Ansible
// user knows from a module's `argument_spec` and DOCUMENTATION (and a role's
// meta/argument_specs.yml). From one declaration come the validation (json-schema.ts, ajv), the
// conversions (coerce.ts), `lvsplay doc`, docs/modules.md, and the module's TypeScript argument
// type (ArgsOf below), so a change to it shows everywhere without a second edit.
import type { ArgumentFormat } from './formats.js';

/** Ansible's option types. `path` is a string naming a path; `raw` is anything. */
export type OptionType = 'str' | 'path' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'raw';

/**
 * Ansible's rules across options. A module states them for its arguments, a role for its
 * variables, and a dict option (or each dict of a list) for its sub-options: Ansible checks
 * them at every level.
 */
export interface OptionRules {
  readonly mutually_exclusive?: readonly (readonly string[])[];
  readonly required_together?: readonly (readonly string[])[];
  readonly required_one_of?: readonly (readonly string[])[];
  readonly required_if?: readonly RequiredIf[];
}

export interface OptionSpec extends OptionRules {
  /** Default 'str', as in Ansible. */
  readonly type?: OptionType;
  /** What the option does; a list is one paragraph per entry. Every module option has one. */
  readonly description?: string | readonly string[];
  readonly required?: boolean;
  /** Filled in when the option is not given: the module sees it, `lvsplay doc` shows it. */
  readonly default?: unknown;
  /** The values accepted (for a list: of each element). */
  readonly choices?: readonly (string | number | boolean)[];
  /** Other names for the option (Ansible's `aliases`); the module only ever sees the option's name. */
  readonly aliases?: readonly string[];
  /** Type of each element of a list. */
  readonly elements?: OptionType;
  /** Sub-options of a dict, or of each dict of a list. */
  readonly options?: OptionSpecs;
  /** The value is a secret: results and logs never show it. */
  readonly no_log?: boolean;
  /** lvsplay: the shape a string must have (formats.ts); for a list, each element's. */
  readonly format?: ArgumentFormat;
  /** lvsplay: the range of a number (for a list: of each element). */
  readonly minimum?: number;
  readonly maximum?: number;
  /** Accepted in role argument specs, shown by `lvsplay doc`. */
  readonly version_added?: string;
  /**
   * lvsplay: for a list of dicts, sets of sub-options no two elements may share all the values
   * of (a sub-option left out counts as its default; a list value counts each of its items, so
   * [[vip, ports]] refuses one port of one VIP in two elements). Elements without a value for
   * one of the set are not compared on it.
   */
  readonly unique_keys?: readonly (readonly string[])[];
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A value returned in the result (Ansible's RETURN block). */
export interface ReturnSpec {
  readonly description: string;
  readonly type: OptionType;
  /** When it is returned: "always", "success", "changed", ... */
  readonly returned?: string;
  readonly sample?: unknown;
}

/** `[option, value, [options required then], any?]`: when option == value, the others are required (any: one of them). */
export type RequiredIf = readonly [string, unknown, readonly string[], boolean?];

/** A module's whole declaration: Ansible's argument_spec plus the parts of DOCUMENTATION people read. */
export interface ArgumentSpec<O extends OptionSpecs = OptionSpecs> extends OptionRules {
  readonly short_description: string;
  /** Longer description, one paragraph per entry. */
  readonly description?: readonly string[];
  readonly options: O;
  /**
   * Keys beyond the declared options are accepted (set_fact's variables, add_host's host
   * variables), each named as `format` says when it is given. Without it an undeclared key is an error.
   */
  readonly extra_keys?: { readonly format?: ArgumentFormat; readonly description: string };
  readonly notes?: readonly string[];
  /** YAML tasks, as shown by `lvsplay doc`. */
  readonly examples?: string;
  readonly returns?: Readonly<Record<string, ReturnSpec>>;
}

// ---- The TypeScript type of the arguments a module receives (after aliases, conversions and defaults).

/** The declared type, or undefined where it is left out (str, as in Ansible). */
type TypeOf<S, K extends 'type' | 'elements'> = S extends { readonly [k in K]: infer T } ? T : undefined;

type Scalar<T> = T extends 'int' | 'float' ? number : T extends 'bool' ? boolean : T extends 'str' | 'path' | undefined ? string : unknown;

type Element<S extends OptionSpec> = S extends { readonly options: infer O extends OptionSpecs }
  ? ArgsOf<O>
  : S extends { readonly choices: readonly (infer C)[] }
    ? C
    : S extends { readonly format: ArgumentFormat }
      ? string | number
      : Scalar<TypeOf<S, 'elements'>>;

/** The value an option's declaration admits. */
export type ValueOf<S extends OptionSpec> = S extends { readonly type: 'list' }
  ? Element<S>[]
  : S extends { readonly type: 'dict'; readonly options: infer O extends OptionSpecs }
    ? ArgsOf<O>
    : S extends { readonly type: 'dict' }
      ? Record<string, unknown>
      : S extends { readonly choices: readonly (infer C)[] }
        ? C
        : S extends { readonly type: 'raw'; readonly format: ArgumentFormat }
          ? string | number
          : Scalar<TypeOf<S, 'type'>>;

/** Options the module can count on: required, or with a default. */
type Always<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends { readonly required: true } | { readonly default: NonNullable<unknown> } ? K : never;
}[keyof O];

type Flatten<T> = { [K in keyof T]: T[K] };

/** The arguments a module with these options receives. */
export type ArgsOf<O extends OptionSpecs> = Flatten<
  { -readonly [K in Always<O>]: ValueOf<O[K]> } & { -readonly [K in Exclude<keyof O, Always<O>>]?: ValueOf<O[K]> }
>;
