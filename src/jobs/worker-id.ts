import os from "node:os";
import crypto from "node:crypto";

/** A worker's owner id on the jobs it claims: host, pid (the crash tests find the process by it) and a random tail. */
export const newWorkerId = (): string => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
