// `lvsplay lab up|down|status`: the built-in local lab of real test hosts (network namespaces
// with their own sshd, and directors on a real IPVS kernel under qemu).
import { formatOptions, intOption, parseArgs, type OptionSpec } from '../../args.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';

const OPTIONS: OptionSpec[] = [
  { name: 'hosts', kind: 'value', valueName: 'N', help: 'number of node hosts (default 3)' },
  { name: 'directors', kind: 'value', valueName: 'N', help: 'directors on the IPVS kernel VM, 0 to 2 (default 2)' },
  { name: 'no-client', kind: 'flag', help: 'do not create the client namespace' },
  {
    name: 'ha',
    kind: 'value',
    valueName: 'MODE',
    help: 'native (default): keepalived on the IPVS VM; container: directors that boot systemd with Docker, lvs_ha: keepalived_container',
  },
  { name: 'connections', kind: 'value', valueName: 'N', help: 'traffic: new connections to open to the VIP (default 30)' },
  { name: 'verbose', short: 'v', kind: 'count', help: 'print timings' },
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

export function labHelp(): string {
  return [
    'Usage: lvsplay lab up [--hosts N] [--directors N] [--ha native|container] [-v] | lvsplay lab down | lvsplay lab status',
    '       lvsplay lab traffic [--connections N] | lvsplay lab reboot [-v] | lvsplay lab image [--ha native|container] [-v]',
    '',
    'Test hosts on this machine (root needed): each node is a network namespace on the bridge',
    'lvsbr0 (10.77.0.0/22) with its own /etc, /root, /var, /run and a real OpenSSH server;',
    'directors run in a qemu VM with a Debian kernel that has IPVS. `up` writes an inventory',
    'to .lab/inventory.ini, which lvsplay uses by default when no -i is given. Every node',
    'serves its name over HTTP on port 80; `traffic` opens new connections from the client',
    'namespace to the VIP and counts which node answered each (exit 2 unless every connection',
    'was answered and every node answered some). With --ha container each director is a VM of its',
    'own that boots systemd as PID 1 and runs Docker, and the client host serves a Docker registry',
    'holding the keepalived image (minutes to boot under emulation). `reboot` power-cycles the',
    "directors' VM (systemd directors: `systemctl reboot` in each) and",
    "recreates the nodes' namespaces, then runs on each only what Debian runs at boot (sysctl",
    '--system, netfilter-persistent, ifup -a, the ipvsadm init script, enabled services).',
    "`image` builds the directors' VM images into .cache/lab, or finds them built (with --ha",
    "container also the systemd directors' root and the keepalived image); `up` builds what is",
    'missing, scripts/setup.sh runs it ahead so the tests do not wait for it.',
    '',
    'Options:',
    formatOptions(OPTIONS),
  ].join('\n');
}

export default async function lab(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'lab');
  const [action, ...rest] = args.positionals;
  if (args.flags.get('help') || action === undefined) {
    process.stdout.write(labHelp() + '\n');
    return action === undefined && !args.flags.get('help') ? EXIT.usage : EXIT.ok;
  }
  if (rest.length) throw new UserInputError(`lvsplay lab: unexpected argument '${rest[0]}'`, undefined, 'up, down, status, traffic, reboot or image');
  const labApi = await import('../../../lab/index.js');
  labApi.checkLabMachine();
  const verbose = (args.counts.get('verbose') ?? 0) > 0;
  switch (action) {
    case 'up': {
      const directors = args.values.has('directors') ? Number(args.values.get('directors')) : 2;
      if (!Number.isInteger(directors) || directors < 0 || directors > 2) throw new UserInputError('lvsplay lab: --directors must be 0, 1 or 2');
      const ha = args.values.get('ha') ?? 'native';
      if (ha !== 'native' && ha !== 'container') throw new UserInputError(`lvsplay lab: --ha must be native or container, not '${ha}'`);
      const state = await labApi.labUp({ hosts: intOption(args, 'hosts', 3, 'lab'), directors, client: !args.flags.get('no-client'), ha, verbose });
      process.stdout.write(`lab is up: inventory ${state.inventoryPath}\n`);
      return EXIT.ok;
    }
    case 'image': {
      const ha = args.values.get('ha') ?? 'native';
      if (ha !== 'native' && ha !== 'container') throw new UserInputError(`lvsplay lab: --ha must be native or container, not '${ha}'`);
      const seconds = await labApi.prepareLabImages({ systemd: ha === 'container', verbose });
      process.stdout.write(`lab images ready in .cache/lab (${seconds.toFixed(1)} s)\n`);
      return EXIT.ok;
    }
    case 'down':
      await labApi.labDown({ verbose });
      process.stdout.write('lab is down\n');
      return EXIT.ok;
    case 'status': {
      const hosts = await labApi.labStatus({});
      for (const h of hosts) process.stdout.write(`${h.name.padEnd(8)} ${h.address.padEnd(12)} ${h.answers ? `ssh ok (${h.sshMs} ms)` : 'DOWN'}\n`);
      return hosts.every((h) => h.answers) ? EXIT.ok : EXIT.unreachable;
    }
    case 'traffic': {
      const result = await labApi.probeVip({ connections: intOption(args, 'connections', 30, 'lab') });
      process.stdout.write(labApi.formatTraffic(result) + '\n');
      const everyNode = Object.values(result.answeredBy).every((n) => n > 0);
      return result.failed === 0 && everyNode ? EXIT.ok : EXIT.taskFailed;
    }
    case 'reboot': {
      const result = await labApi.labReboot({ verbose });
      for (const b of result.hosts) {
        process.stdout.write(`${b.host}: rebooted\n`);
        if (verbose) process.stdout.write(b.log.trimEnd().replace(/^/gm, `  ${b.host} | `) + '\n');
      }
      const hasDirectors = labApi.readLabState()?.hosts.some((h) => h.role === 'director');
      if (hasDirectors)
        process.stdout.write(
          result.vipAnswersAfterMs !== undefined
            ? `the VIP answers again (after ${(result.vipAnswersAfterMs / 1000).toFixed(1)} s)\n`
            : 'the VIP does not answer (was site.yaml run before the reboot?)\n',
        );
      return EXIT.ok;
    }
    default:
      throw new UserInputError(`lvsplay lab: unknown action '${action}'`, undefined, 'up, down, status, traffic, reboot or image');
  }
}
