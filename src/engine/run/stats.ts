// The recap counters, with Ansible's meanings: "ok" counts every task that ran without
// failing (changed ones included), "changed" the ones among them that changed something.
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

export class RunStats {
  readonly byHost = new Map<string, HostStats>();

  of(host: string): HostStats {
    let s = this.byHost.get(host);
    if (!s) {
      s = emptyStats();
      this.byHost.set(host, s);
    }
    return s;
  }

  anyUnreachable(): boolean {
    return [...this.byHost.values()].some((s) => s.unreachable > 0);
  }
}
