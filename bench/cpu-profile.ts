import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileEntry {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly idleMs: number;
  readonly busyMs: number;
  readonly functions: readonly ProfileEntry[];
  /** Self time by package (node_modules), source folder (dist/...), Node internals, GC. */
  readonly areas: readonly ProfileEntry[];
}

const SPECIAL = new Set(["(garbage collector)", "(program)", "(idle)", "(root)"]);

const shortUrl = (url: string): string => {
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) return url.slice(modules + "/node_modules/".length);
  const dist = url.lastIndexOf("/dist/");
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, "");
};

const areaOf = (frame: ProfileNode["callFrame"]): string => {
  if (SPECIAL.has(frame.functionName)) return frame.functionName;
  const url = frame.url;
  if (url === "") return "(native: regexp, builtins)";
  if (url.startsWith("node:")) return "node internals";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = url.slice(modules + "/node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const dist = url.lastIndexOf("/dist/");
  if (dist >= 0) return path.dirname(url.slice(dist + 1));
  return url;
};

const top = (map: Map<string, number>, busy: number, n: number): ProfileEntry[] =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 1000),
      percent: Math.round((us / busy) * 1000) / 10,
    }));

/**
 * Self time per function and per area from a V8 .cpuprofile (node --cpu-prof). `skipMs` leaves
 * out the process's first milliseconds (loading modules, connecting) before the work measured.
 */
export const summarizeCpuProfile = async (file: string, skipMs = 0, count = 15): Promise<ProfileSummary> => {
  const profile = JSON.parse(await fs.promises.readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let idle = 0;
  let total = 0;
  let elapsed = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const dt = profile.timeDeltas[i + 1] ?? 0;
    elapsed += dt;
    if (!node || dt <= 0 || elapsed < skipMs * 1000) continue;
    total += dt;
    const frame = node.callFrame;
    if (frame.functionName === "(idle)") {
      idle += dt;
      continue;
    }
    const name =
      SPECIAL.has(frame.functionName) || frame.url === ""
        ? frame.functionName || "(anonymous native)"
        : `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + dt);
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + dt);
  }
  const busy = Math.max(1, total - idle);
  return {
    file,
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    busyMs: Math.round(busy / 1000),
    functions: top(functions, busy, count),
    areas: top(areas, busy, count),
  };
};
