import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sniffEncoding } from '../../src/sources/text-encoding.js';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, runBuiltCli, tempFolders } from './helpers.js';

/**
 * Promise: a key in UTF-16 text is found as in UTF-8 text: with or without a byte order mark
 * (where the bytes say so unmistakably), in files larger than the reader holds whole, and in
 * files with an odd byte count (the whole characters are scanned, the last byte is said).
 */
const temps = tempFolders('cencori-trust-utf16-');
afterEach(() => temps.cleanup());

const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('cencori-scan files reads UTF-16 text', () => {
  it('without a byte order mark, little- and big-endian, at the right line and column', () => {
    const [le, be] = [makeKey(), makeKey('secret-test')];
    const dir = temps.make({
      'le.ps1': utf16le(`# settings\r\n$env:CENCORI_API_KEY = "${le}"\r\n`),
      'be.txt': utf16be(`first line\nkey=${be}\n`),
    });
    const ran = runBuiltCli(['files', '--format', 'json'], dir);
    expect(findingsOf(ran).map((f) => [f.file, f.line, f.column, f.redacted])).toEqual([
      ['be.txt', 2, 5, masked(be)],
      ['le.ps1', 2, '$env:CENCORI_API_KEY = "'.length + 1, masked(le)],
    ]);
    expect(ran.status).toBe(1);
  });

  it('with an odd byte count: the key is found and the dropped last byte is said', () => {
    const key = makeKey();
    const dir = temps.make({ 'odd.txt': Buffer.concat([Buffer.of(0xff, 0xfe), utf16le(`k = ${key}\n`), Buffer.of(0x41)]) });
    const ran = runBuiltCli(['files', '--format', 'json'], dir);
    expect(findingsOf(ran).map((f) => f.redacted)).toEqual([masked(key)]);
    expect(ran.stderr).toContain('odd.txt: UTF-16LE text with an odd number of bytes: its last byte is no character and was not scanned');
  });

  it('larger than the reader holds whole (12 MB, streamed), big-endian with a mark, key at the end', { timeout: 60_000 }, () => {
    const key = makeKey();
    const dir = temps.make();
    const fd = openSync(path.join(dir, 'big.log'), 'w');
    writeSync(fd, Buffer.of(0xfe, 0xff));
    const block = utf16be('log line with nothing in it ✓ 😀\n'.repeat(20_000));
    let lines = 0;
    let bytes = 2;
    while (bytes < 12 * 1024 * 1024) {
      writeSync(fd, block);
      bytes += block.length;
      lines += 20_000;
    }
    writeSync(fd, utf16be(`😀 key ${key}\n`));
    closeSync(fd);
    const ran = runBuiltCli(['files', '--format', 'json', 'big.log'], dir);
    expect(findingsOf(ran).map((f) => [f.line, f.column, f.redacted])).toEqual([[lines + 1, 7, masked(key)]]);
  });

  it('binary with NUL bytes stays binary: no text is made up of it', () => {
    const dir = temps.make({ 'blob.bin': Buffer.concat([randomBytes(64), Buffer.alloc(16), randomBytes(64)]) });
    const ran = runBuiltCli(['files', '--verbose'], dir);
    expect(ran.stderr).toContain('skipped blob.bin: binary');
    expect(ran.status).toBe(0);
  });
});

describe('sniffEncoding tells UTF-16 without a mark only when the bytes say so unmistakably', () => {
  it('needs every code unit to be a NUL beside a printable byte, over at least 16 characters', () => {
    expect(sniffEncoding(utf16le('short text'))).toBeUndefined();
    expect(sniffEncoding(utf16le('a line long enough to tell'))).toEqual({ encoding: 'utf16le', bomLength: 0 });
    expect(sniffEncoding(utf16be('a line long enough to tell'))).toEqual({ encoding: 'utf16be', bomLength: 0 });
    // One control character (a binary header) is enough to say no.
    expect(sniffEncoding(utf16le('a line long enough \u0001 to tell'))).toBeUndefined();
    // Text beyond Latin-1 without a mark is not unmistakable: not taken for UTF-16.
    expect(sniffEncoding(utf16le('日本語のテキストは長いけれども'))?.encoding).toBe('utf8');
    expect(sniffEncoding(utf16le('mixed ASCII and 日本語 text here'))).toBeUndefined();
    expect(sniffEncoding(Buffer.from('plain utf-8 text'))).toEqual({ encoding: 'utf8', bomLength: 0 });
  });
});
