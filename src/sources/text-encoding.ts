import { TextDecoder } from 'node:util';

/**
 * How a file's bytes are text, decided on the bytes alone, the same way for every source (files,
 * staged blobs, history blobs): a key in a UTF-16 file must not pass as "binary, skipped".
 *
 * - a byte order mark says it: EF BB BF (UTF-8), FF FE (UTF-16LE), FE FF (UTF-16BE);
 * - UTF-16 without a mark is told only where it is unmistakable: at least MIN_BOMLESS_UTF16_BYTES
 *   sniffed, and in every code unit of the sniffed head one byte is NUL and the other a printable
 *   Latin-1 character (what ASCII-range text looks like in UTF-16, and nothing else does by chance);
 * - anything else is UTF-8, or binary when a NUL shows in the first 8 KB (git's own rule).
 */

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export interface SniffedEncoding {
  encoding: TextEncoding;
  /** Bytes of byte order mark to skip. */
  bomLength: number;
}

/** Git and most tools treat a NUL byte in the first 8 KB as "binary". */
export const SNIFF_BYTES = 8192;
/** Fewer bytes than this without a byte order mark are never taken for UTF-16: 16 characters. */
export const MIN_BOMLESS_UTF16_BYTES = 32;

/** The encoding of a file whose first bytes are `head`, or undefined when it is binary. */
export function sniffEncoding(head: Uint8Array): SniffedEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bomLength: 3 };
  // FF FE 00 00 is UTF-32LE's mark: no UTF-16 text starts with a NUL character.
  if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0)) return { encoding: 'utf16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  // A native byte search (memchr), not a loop: this runs on every file scanned.
  const sniffed = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, SNIFF_BYTES));
  if (sniffed.indexOf(0) === -1) return { encoding: 'utf8', bomLength: 0 };
  if (isBomlessUtf16(head, 1)) return { encoding: 'utf16le', bomLength: 0 };
  if (isBomlessUtf16(head, 0)) return { encoding: 'utf16be', bomLength: 0 };
  return undefined;
}

/** Every sniffed code unit has a NUL at `zeroAt` (0: high byte first) and a printable byte beside it. */
function isBomlessUtf16(head: Uint8Array, zeroAt: 0 | 1): boolean {
  const end = Math.min(head.length, SNIFF_BYTES) & ~1;
  if (end < MIN_BOMLESS_UTF16_BYTES) return false;
  for (let i = 0; i < end; i += 2) {
    if (head[i + zeroAt] !== 0) return false;
    const c = head[i + 1 - zeroAt]!;
    const printable = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c >= 0xa0;
    if (!printable) return false;
  }
  return true;
}

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** A UTF-16 file with an odd byte count: its last byte is no character and was not decoded. */
  droppedLastByte: boolean;
}

/** The text of a whole file, or undefined when it is binary. Pure: a Buffer in, a string out. */
export function decodeText(buffer: Buffer): DecodedText | undefined {
  const sniffed = sniffEncoding(buffer);
  if (sniffed === undefined) return undefined;
  const { encoding, bomLength } = sniffed;
  if (encoding === 'utf8') return { text: buffer.toString('utf8', bomLength), encoding, droppedLastByte: false };
  const end = bomLength + ((buffer.length - bomLength) & ~1);
  const body = buffer.subarray(bomLength, end);
  const text = encoding === 'utf16le' ? body.toString('utf16le') : Buffer.from(body).swap16().toString('utf16le');
  return { text, encoding, droppedLastByte: end < buffer.length };
}

/**
 * Decodes a file read in pieces (larger than memory should hold at once) in the encoding sniffed
 * from its first piece. Pieces may end anywhere, mid-character included.
 */
export class StreamTextDecoder {
  readonly encoding: TextEncoding;
  #skip: number;
  #decoder: TextDecoder;
  /** UTF-16BE: a byte left over from the previous piece, swapped with the next one. */
  #odd: number | undefined;
  #bytes = 0;

  constructor(sniffed: SniffedEncoding) {
    this.encoding = sniffed.encoding;
    this.#skip = sniffed.bomLength;
    this.#decoder = new TextDecoder(sniffed.encoding === 'utf8' ? 'utf-8' : 'utf-16le', { ignoreBOM: true });
  }

  write(piece: Uint8Array): string {
    let bytes = piece;
    if (this.#skip > 0) {
      const n = Math.min(this.#skip, bytes.length);
      bytes = bytes.subarray(n);
      this.#skip -= n;
    }
    this.#bytes += bytes.length;
    if (this.encoding !== 'utf16be') return this.#decoder.decode(bytes, { stream: true });
    const joined = this.#odd === undefined ? Buffer.from(bytes) : Buffer.concat([Buffer.of(this.#odd), bytes]);
    const even = joined.length & ~1;
    this.#odd = even < joined.length ? joined[even] : undefined;
    return this.#decoder.decode(joined.subarray(0, even).swap16(), { stream: true });
  }

  /** The rest of the text, and whether an odd last byte of UTF-16 was left out. */
  end(): { text: string; droppedLastByte: boolean } {
    const droppedLastByte = this.encoding !== 'utf8' && this.#bytes % 2 === 1;
    if (this.encoding === 'utf16le' && droppedLastByte) {
      // TextDecoder would turn the lone byte into U+FFFD: drop it instead, as decodeText does.
      const text = this.#decoder.decode(new Uint8Array(0), { stream: true });
      this.#decoder = new TextDecoder('utf-16le');
      return { text, droppedLastByte };
    }
    return { text: this.#decoder.decode(), droppedLastByte };
  }
}
