// The generic modules. Each lives in its own file under builtin/.
import type { ModuleDefinition } from './types.js';
import { commandModule } from './builtin/command.js';
import { shellModule } from './builtin/shell.js';
import { copyModule } from './builtin/copy.js';
import { templateModule } from './builtin/template.js';
import { fileModule } from './builtin/file.js';
import { lineInFileModule } from './builtin/lineinfile.js';
import { sysctlModule } from './builtin/sysctl.js';
import { aptModuleDef, packageModuleDef } from './builtin/apt.js';
import { serviceModuleDef, systemdModule } from './builtin/service.js';
import { assertModule, debugModule, failModule, setFactModule } from './builtin/controller.js';
import { pingModule } from './builtin/ping.js';
import { waitForModule } from './builtin/wait-for.js';
import { statModule } from './builtin/stat.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const builtinModules: ModuleDefinition<any>[] = [
  commandModule,
  shellModule,
  copyModule,
  templateModule,
  fileModule,
  lineInFileModule,
  sysctlModule,
  aptModuleDef,
  packageModuleDef,
  systemdModule,
  serviceModuleDef,
  debugModule,
  assertModule,
  failModule,
  setFactModule,
  pingModule,
  waitForModule,
  statModule,
];
