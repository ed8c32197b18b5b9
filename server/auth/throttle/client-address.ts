import { BlockList, isIP } from 'node:net';

/** The header on which the resolved client address is handed to Better Auth. */
export const clientAddressHeader = 'x-parley-client-address';

/**
 * Resolves who a request comes from: the connection's peer, or, when that peer is one of
 * `trustedProxies` (addresses or CIDR ranges), the client its `X-Forwarded-For` names. The
 * chain is read from the right, skipping our own proxies: every entry left of the first
 * untrusted one was written by the client and proves nothing.
 */
export function clientAddressResolver(trustedProxies: readonly string[]) {
  const proxies = new BlockList();
  for (const entry of trustedProxies) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) proxies.addAddress(address, family);
    else proxies.addSubnet(address, Number(prefix), family);
  }
  const trusted = (address: string) =>
    proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

  return (peer: string | undefined, forwardedFor: string | null): string | undefined => {
    let client = plainAddress(peer);
    if (client === undefined || forwardedFor === null || !trusted(client)) return client;
    const hops = forwardedFor.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = plainAddress(hops[i]);
      // Not an address: the nearest one we could believe stands for the client.
      if (hop === undefined) return client;
      client = hop;
      if (!trusted(hop)) return hop;
    }
    return client;
  };
}

/**
 * An address as one canonical string: no port or brackets, an IPv4-mapped IPv6 address as
 * IPv4, lower case. Anything that is not an address is undefined.
 */
export function plainAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let address = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) === 0 ? undefined : address;
}

/**
 * What one client is counted as: its IPv4 address, or its IPv6 /64 network, since one
 * subscriber is handed a whole /64 and could otherwise take a fresh address per attempt.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  // An embedded IPv4 tail (`64:ff9b::192.0.2.1`) stands for two groups.
  const width = (parts: string[]) => parts.length + (parts.at(-1)?.includes('.') ? 1 : 0);
  const groups = [...left, ...Array(8 - left.length - width(right)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
