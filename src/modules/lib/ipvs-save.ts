// Reads `ipvsadm -Sn` text (also the format of /etc/ipvsadm.rules) into services and their
// real servers, enough to compare with what the roles asked for.
export interface SavedRealServer {
  address: string;
  port: number;
  forwarding: 'dr' | 'nat' | 'tunnel';
  weight: number;
}

export interface SavedService {
  /** "fwmark:80" or "tcp:10.0.0.1:80". */
  key: string;
  scheduler: string;
  persistence?: number;
  realServers: SavedRealServer[];
}

const FORWARD: Record<string, SavedRealServer['forwarding']> = { '-g': 'dr', '-m': 'nat', '-i': 'tunnel' };

function serviceKey(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const v = words[i + 1];
    if (v === undefined) continue;
    if (w === '-f' || w === '--fwmark-service') return `fwmark:${v}`;
    if (w === '-t' || w === '--tcp-service') return `tcp:${v}`;
    if (w === '-u' || w === '--udp-service') return `udp:${v}`;
  }
  return undefined;
}

/** Parse; returns undefined for text that is not ipvsadm's save format. */
export function parseIpvsSave(text: string): SavedService[] | undefined {
  const services = new Map<string, SavedService>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    const key = serviceKey(words);
    if (!key) return undefined;
    const opt = (names: string[]): string | undefined => {
      const i = words.findIndex((w) => names.includes(w));
      return i >= 0 ? words[i + 1] : undefined;
    };
    if (words[0] === '-A') {
      const persistence = opt(['-p', '--persistent']);
      services.set(key, { key, scheduler: opt(['-s', '--scheduler']) ?? 'wlc', ...(persistence !== undefined ? { persistence: Number(persistence) } : {}), realServers: [] });
    } else if (words[0] === '-a') {
      const service = services.get(key);
      const server = opt(['-r', '--real-server']);
      if (!service || !server) return undefined;
      const [address, port] = server.split(':');
      const fwd = words.find((w) => w in FORWARD) ?? '-g';
      service.realServers.push({ address: address!, port: Number(port ?? 0), forwarding: FORWARD[fwd]!, weight: Number(opt(['-w', '--weight']) ?? 1) });
    } else {
      return undefined;
    }
  }
  return [...services.values()];
}

/** The `-A`/`-a` lines of one service, in ipvsadm -Sn's own form. */
export function formatIpvsService(s: SavedService): string[] {
  const [kind, ...rest] = s.key.split(':');
  const flag = kind === 'fwmark' ? '-f' : kind === 'udp' ? '-u' : '-t';
  const target = rest.join(':');
  const lines = [`-A ${flag} ${target} -s ${s.scheduler}${s.persistence ? ` -p ${s.persistence}` : ''}`];
  const fwd = { dr: '-g', nat: '-m', tunnel: '-i' } as const;
  for (const r of s.realServers) lines.push(`-a ${flag} ${target} -r ${r.address}:${r.port} ${fwd[r.forwarding]} -w ${r.weight}`);
  return lines;
}
