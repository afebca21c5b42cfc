import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_BLOCKED,
  blockedReason,
  checkUrlHost,
  guardedLookup,
  type Lookup,
} from '../../src/lib/address-guard.js';

/** A resolver that answers every name with the given addresses (or fails like an unknown name). */
const resolvesTo =
  (...addresses: string[]): Lookup =>
  (_host, _options, callback) => {
    if (addresses.length === 0) {
      callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), []);
      return;
    }
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };

/** Runs a guarded lookup as a socket would, with `all` as given. */
const connectLookup = (lookup: ReturnType<typeof guardedLookup>, all: boolean) =>
  new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
    lookup('hooks.example', { all }, (err, address) => resolve({ err, address })),
  );

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.45.6.7', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['100.100.100.200', 'private'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['192.0.0.192', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
  ])('refuses %s as a %s address', (address, why) => {
    expect(blockedReason(address)).toBe(why);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('lets the public address %s through', (address) => {
    expect(blockedReason(address)).toBeNull();
  });
});

describe('guardedLookup', () => {
  it('refuses a name when any of its addresses is internal, even after a public one', async () => {
    const { err } = await connectLookup(guardedLookup(resolvesTo('93.184.216.34', '127.0.0.1')), true);
    expect(err).toMatchObject({ code: ADDRESS_BLOCKED, address: '127.0.0.1', why: 'loopback' });
  });

  it('hands the checked addresses to the socket, as a list or as the first one', async () => {
    const lookup = guardedLookup(resolvesTo('93.184.216.34', '2606:4700:4700::1111'));
    expect(await connectLookup(lookup, true)).toEqual({
      err: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700:4700::1111', family: 6 },
      ],
    });
    expect(await connectLookup(lookup, false)).toEqual({ err: null, address: '93.184.216.34' });
  });
});

describe('checkUrlHost', () => {
  it.each([
    'http://127.0.0.1:8080/hooks',
    'http://10.0.0.5/hooks',
    'http://[::1]/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/hooks',
    'http://2130706433/hooks',
    'http://0x7f.1/hooks',
    'http://0.0.0.0/hooks',
  ])('refuses the internal address literal in %s', async (url) => {
    expect(await checkUrlHost(url, resolvesTo('93.184.216.34'))).toMatchObject({ code: ADDRESS_BLOCKED });
  });

  it('refuses localhost, which the system resolver maps to a loopback address', async () => {
    expect(await checkUrlHost('http://localhost:9/hooks')).toMatchObject({ code: ADDRESS_BLOCKED, why: 'loopback' });
  });

  it('refuses a name that resolves to the metadata service', async () => {
    const refused = await checkUrlHost('https://metadata.attacker.example/', resolvesTo('169.254.169.254'));
    expect(refused?.message).toBe('metadata.attacker.example resolves to 169.254.169.254, a link-local address');
  });

  it('accepts a public address and a name that does not resolve yet (the call checks again)', async () => {
    expect(await checkUrlHost('https://hooks.example/in', resolvesTo('93.184.216.34'))).toBeNull();
    expect(await checkUrlHost('https://not-yet.example/in', resolvesTo())).toBeNull();
  });
});
