import dns from "node:dns";
import net from "node:net";

/**
 * Addresses a webhook may never reach unless private networks are allowed: this host, private
 * and carrier-grade NAT ranges, link-local (where cloud metadata services answer, e.g.
 * 169.254.169.254 and fd00:ec2::254), multicast and reserved ranges. Node's BlockList matches an
 * IPv4-mapped IPv6 address (::ffff:10.0.0.1) against the IPv4 rules itself; NAT64 and 6to4
 * addresses, which embed an IPv4 address elsewhere, are unwrapped below. That, and resolving
 * every address of a name with dns.lookup (what the connection itself uses), covers it without
 * a dependency.
 */
const BLOCKED = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv6");

/** The IPv4 address an IPv6 address carries (mapped, NAT64 64:ff9b::/96, 6to4 2002::/16), or null. */
const embeddedIpv4 = (address: string): string | null => {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const toV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) return toV4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return toV4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return toV4(groups[1]!, groups[2]!);
  return null;
};

const expandIpv6 = (address: string): number[] | null => {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split(".").map(Number);
    text = text.slice(0, -dotted[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const split = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const left = split(head);
  const right = tail === undefined ? [] : split(tail);
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return null;
  return [...left, ...Array.from({ length: fill }, () => 0), ...right];
};

/** True when an IP address is one a webhook may not reach. */
export const isBlockedAddress = (address: string): boolean => {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true;
  const plain = address.replace(/%.*$/, "");
  if (BLOCKED.check(plain, "ipv6")) return true;
  const v4 = embeddedIpv4(plain);
  return v4 !== null && BLOCKED.check(v4, "ipv4");
};

export interface UrlPolicy {
  /** Loopback, private and link-local targets allowed (WEBHOOK_ALLOW_PRIVATE_NETWORKS=1). */
  readonly allowPrivate: boolean;
  /** Plain http allowed (not in production, or with private networks allowed). */
  readonly allowHttp: boolean;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; code: "INVALID_URL" | "WEBHOOK_URL_NOT_ALLOWED"; message: string };

const MAX_URL_LENGTH = 2048;

/** The URL's form: absolute http(s), no credentials, https unless the policy allows http. */
export const checkUrlShape = (raw: string, policy: UrlPolicy): UrlCheck => {
  const url = raw.length <= MAX_URL_LENGTH ? URL.parse(raw.trim()) : null;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname) {
    return { ok: false, code: "INVALID_URL", message: `The URL must be an absolute https URL of at most ${MAX_URL_LENGTH} characters.` };
  }
  if (url.username || url.password) return { ok: false, code: "INVALID_URL", message: "The URL must not carry a user name or password." };
  if (url.protocol === "http:" && !policy.allowHttp) {
    return { ok: false, code: "WEBHOOK_URL_NOT_ALLOWED", message: "Webhook URLs must use https." };
  }
  return { ok: true, url };
};

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * Resolves the host the way the connection will and checks every address. Used when an
 * endpoint is saved; at send time the same check runs inside the connection's own lookup.
 */
export const checkUrlTarget = async (url: URL, policy: UrlPolicy): Promise<UrlCheck> => {
  if (policy.allowPrivate) return { ok: true, url };
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return { ok: false, code: "INVALID_URL", message: `The host "${host}" does not resolve.` };
  }
  const blocked = addresses.find(isBlockedAddress);
  if (blocked !== undefined || addresses.length === 0) {
    return {
      ok: false,
      code: "WEBHOOK_URL_NOT_ALLOWED",
      message: `The URL resolves to a loopback, private, link-local or reserved address (${blocked ?? "none"}); webhooks may not reach it.`,
    };
  }
  return { ok: true, url };
};

/** Thrown by the guarded lookup: the name resolved to an address webhooks may not reach. */
export class BlockedAddressError extends Error {
  readonly code = "WEBHOOK_URL_NOT_ALLOWED";
}

/**
 * A `lookup` for http.request that refuses blocked addresses: the check applies to the very
 * addresses the socket connects to, so a name that resolves to a public address when saved and
 * to a private one when sent (DNS rebinding) is still refused. An IP literal skips lookup, so
 * the sender checks those itself.
 */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    const blocked = list.find((a) => isBlockedAddress(a.address));
    if (blocked || list.length === 0)
      return callback(new BlockedAddressError(`${hostname} resolves to a blocked address (${blocked?.address ?? "none"}).`), "", 0);
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export const urlHost = hostOf;
