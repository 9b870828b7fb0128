// The declaration language declared in itself: what an option's spec may say. Role argument
// specs (meta/argument_specs.yaml, written by users) are checked with it by the same validator
// before they judge any variable.
import type { ArgumentSpec } from './declaration.js';
import { ARGUMENT_FORMATS } from './formats.js';

const TYPES = ['str', 'path', 'int', 'float', 'bool', 'list', 'dict', 'raw'];

export const OPTION_SPEC: ArgumentSpec = {
  short_description: 'the spec of one option (an argument of a module, a variable of a role)',
  options: {
    type: { choices: TYPES, description: 'The type of the value (default str).' },
    description: { type: 'raw', description: 'What it does: text, or a list of paragraphs.' },
    required: { type: 'bool', description: 'Whether it must be given.' },
    default: { type: 'raw', description: 'The value when it is not given.' },
    choices: { type: 'list', elements: 'raw', description: 'The values accepted.' },
    aliases: { type: 'list', elements: 'str', description: 'Other names for it.' },
    elements: { choices: TYPES, description: 'The type of each element of a list.' },
    options: { type: 'dict', description: 'Sub-options of a dict (or of each dict of a list).' },
    no_log: { type: 'bool', description: 'A secret: never shown.' },
    format: { choices: Object.keys(ARGUMENT_FORMATS), description: 'lvsplay: the shape of a string.' },
    minimum: { type: 'float', description: 'lvsplay: the smallest number accepted.' },
    maximum: { type: 'float', description: 'lvsplay: the largest number accepted.' },
    version_added: { description: 'The version that added it.' },
    unique_keys: { type: 'list', elements: 'list', description: 'lvsplay: sets of sub-options no two elements of a list may share.' },
    // Ansible's rules across the sub-options of a dict (or of each dict of a list), the two a
    // role's main spec states across its variables; the role loader checks that they name
    // declared sub-options
    required_one_of: { type: 'list', elements: 'list', description: 'Sets of sub-options of which at least one must be given.' },
    mutually_exclusive: { type: 'list', elements: 'list', description: 'Sets of sub-options of which at most one may be given.' },
  },
};
