import { BlockList, isIP } from 'node:net';

/**
 * Which address a request comes from, for the login limits. Behind a reverse proxy every
 * request arrives from the proxy, so the real client is in X-Forwarded-For; but anyone can
 * send that header, so it is read only when the socket itself is a proxy the operator listed
 * (TRUST_PROXY), and then from the right: each trusted proxy appends the address it saw, so
 * the right-most address that is not a trusted proxy is the first one nobody could forge.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly isEmpty: boolean;

  /** `entries`: IP addresses and CIDR ranges, IPv4 or IPv6 (validated by parseTrustedProxies). */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const { address, prefix, family } = parseEntry(entry)!;
      if (prefix === null) this.list.addAddress(address, family);
      else this.list.addSubnet(address, prefix, family);
    }
    this.isEmpty = entries.length === 0;
  }

  has(address: string): boolean {
    if (this.isEmpty) return false;
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The entries of TRUST_PROXY, or a message naming the first one that is no address or range. */
export function parseTrustedProxies(raw: string): { entries: string[] } | { error: string } {
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const entry of entries) {
    if (!parseEntry(entry))
      return { error: `"${entry}" is not an IP address or CIDR range such as 10.0.0.0/8` };
  }
  return { entries };
}

function parseEntry(
  entry: string,
): { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return null;
  const family = isIP(address);
  if (family === 0) return null;
  if (prefixText === undefined)
    return { address, prefix: null, family: family === 4 ? 'ipv4' : 'ipv6' };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) return null;
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Strips what proxies and dual-stack sockets add around an address: an IPv4-mapped IPv6 prefix
 * (::ffff:10.0.0.1), brackets and a port ([::1]:443, 10.0.0.1:443). Answers '' for no address.
 */
export function normalizeAddress(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) === 0 ? '' : a.toLowerCase();
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the right-most
 * address of X-Forwarded-For that is not a trusted proxy. When every listed address is a trusted
 * proxy, the left-most one is the client; an entry that is no address stops the walk at the
 * proxy that passed it on, so that garbage never becomes a key of its own.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string {
  const socket = normalizeAddress(socketAddress ?? '');
  if (!socket) return 'unknown';
  if (!trusted.has(socket) || forwardedFor === undefined) return socket;
  let client = socket;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]!);
    if (!hop) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}
