// Files are UTF-8 (a BOM is fine). Anything else (Latin-1, Windows-1252, UTF-16 with or without a byte order mark)
// is refused with the line of its first offending byte, never decoded into U+FFFD. NUL bytes are refused too:
// PostgreSQL cannot store them, and they are what UTF-16 text without a byte order mark looks like.
import { isUtf8 } from 'node:buffer';
import { InputError } from '../core/errors.ts';

const NOT_UTF8 = 'bytes that are not UTF-8 (save the file as UTF-8)';
const NUL = 'a NUL byte: not UTF-8 text (UTF-16? save the file as UTF-8)';
const UTF16 = 'a UTF-16 byte order mark: not UTF-8 (save the file as UTF-8)';

/**
 * Checks UTF-8 chunk by chunk, carrying an unfinished character and the line count across chunks, and decodes.
 * Throws an InputError naming the file and the line of the first bad byte.
 */
export class Utf8Decoder {
  readonly #file: string;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  #line = 1;
  #first = true;
  /** Continuation bytes still expected by the character being read. */
  #pending = 0;
  /** The smallest and largest value allowed for the next continuation byte (overlongs, surrogates, > U+10FFFF). */
  #low = 0x80;
  #high = 0xbf;

  constructor(file: string) {
    this.#file = file;
  }

  get line(): number {
    return this.#line;
  }

  decode(chunk: Uint8Array, end = false): string {
    if (this.#first && chunk.length >= 2) {
      this.#first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) this.#fail(UTF16);
    }
    // The common case (ASCII or valid UTF-8 whole characters, no NUL) only counts lines.
    const fast = this.#pending === 0 && chunk.indexOf(0) === -1 && isUtf8(chunk);
    if (fast) this.#countLines(chunk);
    else this.#scan(chunk);
    if (end && this.#pending > 0) this.#fail(NOT_UTF8);
    return this.#decoder.decode(chunk, { stream: !end });
  }

  #countLines(chunk: Uint8Array): void {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.#line++;
  }

  #scan(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (this.#pending > 0) {
        if (byte < this.#low || byte > this.#high) this.#fail(NOT_UTF8);
        this.#pending--;
        this.#low = 0x80;
        this.#high = 0xbf;
        continue;
      }
      if (byte === 10) this.#line++;
      else if (byte === 0) this.#fail(NUL);
      else if (byte >= 0x80) this.#lead(byte);
    }
  }

  #lead(byte: number): void {
    if (byte >= 0xc2 && byte <= 0xdf) this.#pending = 1;
    else if (byte >= 0xe0 && byte <= 0xef) {
      this.#pending = 2;
      if (byte === 0xe0) this.#low = 0xa0;
      if (byte === 0xed) this.#high = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      this.#pending = 3;
      if (byte === 0xf0) this.#low = 0x90;
      if (byte === 0xf4) this.#high = 0x8f;
    } else this.#fail(NOT_UTF8);
  }

  #fail(found: string): never {
    throw new InputError({ file: this.#file, line: this.#line }, undefined, 'UTF-8 text', found);
  }
}

/** A whole file's bytes as text, refused as above when not UTF-8; a leading BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  return new Utf8Decoder(file).decode(bytes, true);
}
