import os from "node:os";
import { withClient } from "./bench-database.js";

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly loadAverage: readonly number[];
  readonly node: string;
  readonly postgres: string;
}

/** What the numbers were measured on; the load average shows whether something else competed for the CPUs. */
export const machineInfo = async (serverUrl: string): Promise<MachineInfo> => {
  const cpus = os.cpus();
  const postgres = await withClient(serverUrl, async (c) => (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v);
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.versions.node,
    postgres: `PostgreSQL ${postgres.split(" ")[0]}`,
  };
};
