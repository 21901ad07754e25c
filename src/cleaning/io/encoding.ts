import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { badRequest } from '../../shared/errors.js';

/** Encodings the readers report; any other name iconv-lite knows can be forced. */
export type KnownEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

/** What the first bytes of a file say about it. */
export interface Sniffed {
  /** the first bytes (up to `SAMPLE_BYTES`) */
  sample: Buffer;
  encoding: string;
  /** the file starts with a byte-order mark (removed while decoding) */
  bom: boolean;
}

/** How much of a file is looked at to guess its encoding and format. */
export const SAMPLE_BYTES = 1 << 20;

/** True when `bytes` is valid UTF-8, allowing a sequence cut off at the end of the sample. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Guesses the text encoding from the byte-order mark, else UTF-8 when the sample is valid
 * UTF-8, else Windows-1258 (Vietnamese legacy). A forced `encoding` wins over the guess.
 *
 * @example detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])) // { encoding: 'utf-8', bom: true }
 */
export function detectEncoding(sample: Buffer, forced?: string): { encoding: string; bom: boolean } {
  const bom8 = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const bomLe = sample[0] === 0xff && sample[1] === 0xfe;
  const bomBe = sample[0] === 0xfe && sample[1] === 0xff;
  const bom = bom8 || bomLe || bomBe;
  if (forced) {
    if (!iconv.encodingExists(forced))
      throw badRequest('dataset.encoding', `Unknown text encoding "${forced}"`, [
        { field: 'encoding', message: 'not an encoding name, e.g. utf-8, utf-16le, windows-1258' },
      ]);
    return { encoding: forced.toLowerCase(), bom };
  }
  if (bom8) return { encoding: 'utf-8', bom };
  if (bomLe) return { encoding: 'utf-16le', bom };
  if (bomBe) return { encoding: 'utf-16be', bom };
  return { encoding: isUtf8(sample) ? 'utf-8' : 'windows-1258', bom: false };
}

/** Reads the first `SAMPLE_BYTES` of a file. */
export async function readSample(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Decodes a stream of byte chunks to text chunks in `encoding`, dropping a byte-order mark
 * and turning CR LF and lone CR line ends into LF (so that line numbers count physical lines
 * the same way whatever wrote the file). `sawReplacement` is set once a character could
 * not be decoded (U+FFFD appeared).
 */
export function textChunks(
  bytes: AsyncIterable<Buffer | string>,
  encoding: string,
): { chunks: AsyncGenerator<string>; sawReplacement: () => boolean } {
  let replaced = false;
  async function* gen() {
    const decoder = iconv.getDecoder(encoding, { stripBOM: true });
    // Windows-1258 writes most tone marks as combining characters: compose them (NFC),
    // holding back a chunk's last character in case a mark follows in the next chunk.
    const compose = /^(windows-?1258|cp-?1258)$/i.test(encoding);
    let held = '';
    const fix = (text: string, last = false): string => {
      let s = held + text;
      held = '';
      if (!last && s.length > 0) {
        const cut = compose || s.endsWith('\r') ? s.length - 1 : s.length;
        held = s.slice(cut);
        s = s.slice(0, cut);
      }
      if (!replaced && s.includes('\uFFFD')) replaced = true;
      if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
      return compose ? s.normalize('NFC') : s;
    };
    for await (const chunk of bytes) {
      const s = fix(decoder.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
      if (s) yield s;
    }
    const s = fix(decoder.end() ?? '', true);
    if (s) yield s;
  }
  return { chunks: gen(), sawReplacement: () => replaced };
}
