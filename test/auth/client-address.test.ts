import { describe, expect, it } from 'vitest';
import {
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
  TrustedProxies,
} from '../../server/auth/client-address.js';
import { loadConfig } from '../../server/config.js';

const proxies = (list: string) =>
  new TrustedProxies((parseTrustedProxies(list) as { entries: string[] }).entries);

describe('resolveClientAddress', () => {
  it('trusts nothing by default: the socket address, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('203.0.113.5', '1.2.3.4', proxies(''))).toBe('203.0.113.5');
    expect(resolveClientAddress('203.0.113.5', undefined, proxies(''))).toBe('203.0.113.5');
  });

  it('ignores the header when the socket is not a listed proxy', () => {
    expect(resolveClientAddress('203.0.113.5', '1.2.3.4', proxies('10.0.0.0/8'))).toBe(
      '203.0.113.5',
    );
  });

  it('takes the right-most address that is not a trusted proxy', () => {
    const trusted = proxies('10.0.0.0/8, 172.16.0.1');
    expect(resolveClientAddress('10.1.2.3', '198.51.100.9', trusted)).toBe('198.51.100.9');
    // A forged left part is skipped: the client is what the first trusted hop saw.
    expect(resolveClientAddress('10.1.2.3', '1.1.1.1, 198.51.100.9', trusted)).toBe('198.51.100.9');
    // Two proxies in a row.
    expect(resolveClientAddress('10.1.2.3', '1.1.1.1, 198.51.100.9, 172.16.0.1', trusted)).toBe(
      '198.51.100.9',
    );
  });

  it('uses the socket when a trusted proxy sent no header, and stops at garbage', () => {
    const trusted = proxies('10.0.0.0/8');
    expect(resolveClientAddress('10.1.2.3', undefined, trusted)).toBe('10.1.2.3');
    expect(resolveClientAddress('10.1.2.3', 'not-an-ip', trusted)).toBe('10.1.2.3');
    expect(resolveClientAddress('10.1.2.3', '198.51.100.9, bogus', trusted)).toBe('10.1.2.3');
    // Every hop trusted: the left-most is the client.
    expect(resolveClientAddress('10.1.2.3', '10.9.9.9, 10.8.8.8', trusted)).toBe('10.9.9.9');
  });

  it('understands IPv6, IPv4-mapped sockets and ports', () => {
    expect(resolveClientAddress('::ffff:10.0.0.2', '198.51.100.9', proxies('10.0.0.0/8'))).toBe(
      '198.51.100.9',
    );
    expect(resolveClientAddress('::1', '2001:db8::7', proxies('::1'))).toBe('2001:db8::7');
    expect(resolveClientAddress('fd00::5', '[2001:db8::7]:4711', proxies('fd00::/8'))).toBe(
      '2001:db8::7',
    );
    expect(resolveClientAddress('10.0.0.2', '198.51.100.9:4711', proxies('10.0.0.2'))).toBe(
      '198.51.100.9',
    );
    expect(resolveClientAddress(undefined, '198.51.100.9', proxies('10.0.0.2'))).toBe('unknown');
  });

  it('normalizes what sockets and proxies write', () => {
    expect(normalizeAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress(' 2001:DB8::1 ')).toBe('2001:db8::1');
    expect(normalizeAddress('unknown')).toBe('');
  });
});

describe('TRUST_PROXY', () => {
  it('accepts addresses and CIDR ranges, and stops start-up naming a bad entry', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, ::1, fd00::/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    expect(loadConfig({}).trustProxy).toEqual([]);
    for (const bad of ['true', '1', '10.0.0.0/33', 'proxy.local', '10.0.0.1/8/2']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ LOGIN_BACKOFF_MAX_SECONDS: '0' })).toThrow(
      /LOGIN_BACKOFF_MAX_SECONDS/,
    );
  });
});
