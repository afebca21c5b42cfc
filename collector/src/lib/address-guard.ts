import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Address ranges a webhook may never reach (SSRF): the collector's own machine, its private network and
 * the cloud metadata services. IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`) match the IPv4 ranges, as
 * `net.BlockList` compares them as IPv4. Sources: RFC 6890 (special-purpose registries), RFC 4193, RFC 4291.
 */
const BLOCKED_RANGES: ReadonlyArray<readonly [network: string, prefix: number, kind: 'ipv4' | 'ipv6', why: string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  // Carrier-grade NAT space; also Alibaba Cloud's metadata service (100.100.100.200).
  ['100.64.0.0', 10, 'ipv4', 'private'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  // Link-local, incl. the AWS/GCP/Azure metadata service 169.254.169.254.
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  // IETF protocol assignments, incl. Oracle Cloud's metadata service 192.0.0.192.
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  // Class E and the broadcast address 255.255.255.255.
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  // Deprecated IPv4-compatible addresses (`::127.0.0.1`).
  ['::', 96, 'ipv6', 'reserved'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'private'],
  // Unique local addresses, incl. the AWS metadata service's IPv6 address fd00:ec2::254.
  ['fc00::', 7, 'ipv6', 'private'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const BLOCK_LISTS = BLOCKED_RANGES.map(([network, prefix, kind, why]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, kind);
  return { list, why };
});

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad becomes the last two). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address a translating IPv6 prefix carries, which the translator would call: NAT64
 * `64:ff9b::/96` (RFC 6052, DNS64 networks) and 6to4 `2002::/16` (RFC 3056). Null for other addresses.
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return quad(g[6] ?? 0, g[7] ?? 0);
  if (g[0] === 0x2002) return quad(g[1] ?? 0, g[2] ?? 0);
  return null;
}

/** Why an IP address may not be called (`loopback`, `private`, …), or null when it is a public address. */
export function blockedReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const version = isIP(bare);
  if (version === 0) return null;
  const kind = version === 4 ? 'ipv4' : 'ipv6';
  const why = BLOCK_LISTS.find((b) => b.list.check(bare, kind))?.why ?? null;
  if (why || version === 4) return why;
  const inner = embeddedIpv4(bare);
  return inner ? blockedReason(inner) : null;
}

/** Error code of a call refused because its host is, or resolves to, a blocked address. */
export const ADDRESS_BLOCKED = 'TP_WEBHOOK_ADDRESS_BLOCKED';

/** A host that is, or resolves to, a loopback, private, link-local or otherwise internal address. */
export class BlockedAddressError extends Error {
  readonly code = ADDRESS_BLOCKED;
  constructor(
    readonly host: string,
    readonly address: string,
    readonly why: string,
  ) {
    super(`${host} ${host === address ? 'is' : `resolves to ${address},`} a ${why} address`);
  }
}

/** `dns.lookup`'s shape, so tests can resolve names their own way. */
export type Lookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemLookup: Lookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for `http.request` that resolves every address of the name and refuses the connection
 * (with a BlockedAddressError) if any of them is blocked, so the socket connects only to an address that
 * was checked: no second resolution that DNS rebinding could answer differently.
 */
export function guardedLookup(resolve: Lookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      for (const a of addresses) {
        const why = blockedReason(a.address);
        if (why) return callback(new BlockedAddressError(hostname, a.address, why), '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * Checks a URL's host before it is saved: an IP literal directly, a name by resolving it now (the call
 * itself checks again, at connect time). Resolves to the refusal, or null when the host may be called.
 * A name that does not resolve (yet) is accepted: only addresses known to be internal are refused.
 */
export function checkUrlHost(url: string, resolve: Lookup = systemLookup): Promise<BlockedAddressError | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const why = blockedReason(host);
    return Promise.resolve(why ? new BlockedAddressError(host, host, why) : null);
  }
  return new Promise((done) => {
    resolve(host, { all: true }, (err, addresses) => {
      if (err) return done(null);
      for (const a of addresses) {
        const why = blockedReason(a.address);
        if (why) return done(new BlockedAddressError(host, a.address, why));
      }
      done(null);
    });
  });
}
