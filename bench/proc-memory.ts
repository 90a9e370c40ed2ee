import fs from "node:fs";

/** Resident memory of a process from the OS (Linux /proc), in kB. */
export interface ProcMemory {
  readonly rssKb: number;
  /** The peak resident set since start or the last reset (VmHWM). */
  readonly hwmKb: number;
}

const field = (status: string, name: string): number => {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
  return m ? Number(m[1]) : 0;
};

export const readProcMemory = (pid: number): ProcMemory | null => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return { rssKb: field(status, "VmRSS"), hwmKb: field(status, "VmHWM") };
  } catch {
    return null;
  }
};

/** Resets VmHWM to the current RSS (Linux ≥ 4.0, own processes); false when the kernel refuses. */
export const resetPeakRss = (pid: number): boolean => {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
};

export interface PeakRss {
  /** max(VmHWM at the end, the largest sampled VmRSS), in MB. */
  readonly peakMb: number;
  readonly sampledMaxMb: number;
  readonly hwmMb: number;
}

const mb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;

/** Samples VmRSS of some processes every intervalMs; stop() gives each one's peak. */
export class RssSampler {
  private readonly max = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pids: Readonly<Record<string, number>>,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const m = readProcMemory(pid);
      if (m && m.rssKb > (this.max.get(name) ?? 0)) this.max.set(name, m.rssKb);
    }
  }

  stop(): Record<string, PeakRss> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const result: Record<string, PeakRss> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const hwm = readProcMemory(pid)?.hwmKb ?? 0;
      const sampled = this.max.get(name) ?? 0;
      result[name] = { peakMb: mb(Math.max(hwm, sampled)), sampledMaxMb: mb(sampled), hwmMb: mb(hwm) };
    }
    return result;
  }
}
