import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardProcessStream } from '../../src/cli/output-boundary.js';
import { masked, secretKey } from '../helpers/keys.js';

/** An object shaped like `process` for its two output streams: each built on first access, as node does. */
function fakeProcess() {
  const written: string[] = [];
  let builds = 0;
  const build = () => {
    builds++;
    return new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  };
  const owner = {} as { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
  for (const name of ['stdout', 'stderr'] as const) {
    let stream: NodeJS.WriteStream | undefined;
    Object.defineProperty(owner, name, { configurable: true, enumerable: true, get: () => (stream ??= build()) });
  }
  return { owner, written, builds: () => builds };
}

describe('guardProcessStream', () => {
  it('does not build the stream until it is used, and masks every write once it is', () => {
    const fake = fakeProcess();
    guardProcessStream('stdout', fake.owner);
    guardProcessStream('stderr', fake.owner);
    expect(fake.builds()).toBe(0);
    const key = secretKey();
    fake.owner.stdout.write(`a dependency prints ${key}\n`);
    fake.owner.stdout.write(Buffer.from(`bytes too: ${key}\n`));
    expect(fake.builds()).toBe(1);
    // The same stream on every access: one guard, not one per read of the getter.
    expect(fake.owner.stdout).toBe(fake.owner.stdout);
    expect(fake.builds()).toBe(1);
    // Booleans, never toContain on the key: a failing assertion would print it.
    expect(fake.written.some((text) => text.includes(key))).toBe(false);
    expect(fake.written).toEqual([`a dependency prints ${masked(key)}\n`, `bytes too: ${masked(key)}\n`]);
  });

  it('guards a stream that is a plain property as it is', () => {
    const written: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => (written.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
    const owner = { stdout: stream, stderr: stream };
    guardProcessStream('stderr', owner);
    const key = secretKey();
    owner.stderr.write(key);
    expect(written.some((text) => text.includes(key))).toBe(false);
    expect(written).toEqual([masked(key)]);
  });
});
