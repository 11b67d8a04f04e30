import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/verify/client.js';
import { checkApiUrl, isLoopbackHost, isOfflineEnv, parseTimeout, resolveVerifyOptions } from '../../src/verify/options.js';

describe('parseTimeout', () => {
  it.each([
    ['5s', 5000],
    ['800ms', 800],
    ['500ms', 500],
    ['1.5s', 1500],
    ['0.25s', 250],
    ['1m', 60000],
    ['1.5m', 90000],
    [' 2s ', 2000],
  ])('reads %s as %i ms', (text, ms) => expect(parseTimeout(text)).toBe(ms));

  it.each(['', 'fast', '3m', '-1', '0', '0ms', '5', '0.5', '5 seconds', '121s', '1e3', '5h'])('refuses %j', (text) => {
    expect(() => parseTimeout(text)).toThrow(/--timeout/);
  });
});

it('a bare number names the units it needs', () => {
  expect(() => parseTimeout('5')).toThrow('--timeout needs a unit: ms, s or m (e.g. 5s or 5ms), got "5"');
});

describe('checkApiUrl', () => {
  it.each([
    ['https://api.cencori.com', 'https://api.cencori.com'],
    ['https://api.cencori.com/', 'https://api.cencori.com'],
    ['https://proxy.example.com/cencori/', 'https://proxy.example.com/cencori'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.9.9.9', 'http://127.9.9.9'],
    ['http://127.1:99', 'http://127.0.0.1:99'],
    ['http://0x7f.0.0.1', 'http://127.0.0.1'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://LOCALHOST', 'http://localhost'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]'],
  ])('accepts %s', (raw, normalised) => expect(checkApiUrl(raw, '--api-url')).toBe(normalised));

  it.each([
    'http://api.cencori.com',
    'http://10.0.0.1',
    'http://192.168.1.1',
    'http://128.0.0.1',
    'http://localhost.evil.com',
    'http://127.0.0.1.nip.io',
    'http://[::2]',
    'http://0.0.0.0',
    'file:///etc/passwd',
    'ws://127.0.0.1',
    'https://user:pass@api.cencori.com',
    'https://api.cencori.com/?x=1',
    'api.cencori.com',
  ])('refuses %s', (raw) => expect(() => checkApiUrl(raw, 'CENCORI_API_URL')).toThrow(/^CENCORI_API_URL /));

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.255.255.254')).toBe(true);
    expect(isLoopbackHost('126.0.0.1')).toBe(false);
  });
});

describe('resolveVerifyOptions', () => {
  it('defaults to Cencori over https with a 5 s budget, online', () => {
    expect(resolveVerifyOptions({}, {})).toEqual({ offline: false, apiUrl: 'https://api.cencori.com', timeoutMs: 5000 });
  });

  it('takes the flag over the environment, and ignores an empty CENCORI_API_URL', () => {
    expect(resolveVerifyOptions({ 'api-url': 'http://localhost:1' }, { CENCORI_API_URL: 'https://x.example' }).apiUrl).toBe('http://localhost:1');
    expect(resolveVerifyOptions({}, { CENCORI_API_URL: 'https://x.example' }).apiUrl).toBe('https://x.example');
    expect(resolveVerifyOptions({}, { CENCORI_API_URL: '' }).apiUrl).toBe('https://api.cencori.com');
  });

  it('reads CENCORI_SCAN_OFFLINE as a switch', () => {
    expect(isOfflineEnv({ CENCORI_SCAN_OFFLINE: '1' })).toBe(true);
    expect(isOfflineEnv({ CENCORI_SCAN_OFFLINE: 'true' })).toBe(true);
    expect(isOfflineEnv({ CENCORI_SCAN_OFFLINE: '0' })).toBe(false);
    expect(isOfflineEnv({ CENCORI_SCAN_OFFLINE: '' })).toBe(false);
    expect(isOfflineEnv({})).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
