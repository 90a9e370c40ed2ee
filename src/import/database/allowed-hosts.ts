import dns from "node:dns/promises";
import net from "node:net";
import { DatabaseSourceError } from "../../errors/database-source.error.js";

/** DATABASE_IMPORT_ALLOWED_HOSTS read once: exact host names, and addresses or CIDR ranges. */
export interface AllowedHosts {
  readonly names: ReadonlySet<string>;
  readonly ranges: net.BlockList;
  readonly empty: boolean;
}

const RESERVED = new net.BlockList();
for (const [net4, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  RESERVED.addSubnet(net4, bits, "ipv4");
}
for (const [net6, bits] of [
  ["::", 127],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["::ffff:0:0", 96],
] as const)
  RESERVED.addSubnet(net6, bits, "ipv6");

/** Parses the comma-separated list; a malformed entry is a configuration error at start-up. */
export const parseAllowedHosts = (text: string | undefined): AllowedHosts => {
  const names = new Set<string>();
  const ranges = new net.BlockList();
  const entries = (text ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits] = entry.split("/");
    const family = net.isIP(address!);
    if (family !== 0) {
      const type = family === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) ranges.addAddress(address!, type);
      else {
        const prefix = Number(bits);
        if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
          throw new Error(`DATABASE_IMPORT_ALLOWED_HOSTS: bad CIDR "${entry}"`);
        ranges.addSubnet(address!, prefix, type);
      }
    } else if (bits !== undefined || !/^[a-z0-9.-]+$/i.test(entry)) {
      throw new Error(`DATABASE_IMPORT_ALLOWED_HOSTS: "${entry}" is neither a host name, an address nor a CIDR range`);
    } else names.add(entry.toLowerCase());
  }
  return { names, ranges, empty: entries.length === 0 };
};

const typeOf = (address: string) => (net.isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * Resolves the host and checks every address it has: each must be listed (as an address or in a
 * range), or the host name itself must be listed and the address public. Loopback, private and
 * link-local addresses pass only when listed, so a listed public name that resolves inward is
 * refused. Returns the address to connect to, so the connection goes where the check looked.
 */
export const checkHostAllowedOrThrow = async (host: string, allowed: AllowedHosts): Promise<string> => {
  if (allowed.empty) {
    throw new DatabaseSourceError(
      "DATABASE_HOST_NOT_ALLOWED",
      "Importing from a database is off on this server: set DATABASE_IMPORT_ALLOWED_HOSTS to the hosts it may read.",
    );
  }
  const refused = () => new DatabaseSourceError("DATABASE_HOST_NOT_ALLOWED", `The host ${host} is not in DATABASE_IMPORT_ALLOWED_HOSTS.`);
  const nameListed = allowed.names.has(host.toLowerCase());
  let addresses: string[];
  if (net.isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new DatabaseSourceError("DATABASE_UNREACHABLE", `The host ${host} cannot be resolved.`, true);
    }
  }
  if (addresses.length === 0) throw refused();
  for (const address of addresses) {
    const type = typeOf(address);
    if (allowed.ranges.check(address, type)) continue;
    if (nameListed && !RESERVED.check(address, type)) continue;
    throw refused();
  }
  return addresses[0]!;
};
