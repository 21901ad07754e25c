/**
 * The column headers of a dataset file, read from its first 64 KB only (the rest of the
 * file stays on disk), so the data officer can map columns by hand before uploading.
 * Mirrors how the server reads them: byte-order mark or valid UTF-8, else Windows-1258;
 * the separator that occurs most often outside quotes; empty and repeated headers renamed.
 */

const PEEK_BYTES = 64 * 1024;
const SEPARATORS = [',', ';', '\t', '|'];

export interface Peek {
  headers: string[];
  /** what the page guessed the text encoding to be */
  encoding: string;
}

/** Windows-1258 writes most tone marks as combining characters; the server composes them (NFC). */
const legacy = (text: string, encoding: string) =>
  encoding === 'windows-1258' ? text.normalize('NFC') : text;

function decode(bytes: Uint8Array, forced?: string): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (forced) return { text: legacy(new TextDecoder(forced).decode(bytes), forced), encoding: forced };
  try {
    // `stream` so that a character cut off at the end of the sample is not an error.
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }),
      encoding: 'utf-8',
    };
  } catch {
    return {
      text: legacy(new TextDecoder('windows-1258').decode(bytes), 'windows-1258'),
      encoding: 'windows-1258',
    };
  }
}

/** The cells of the first record of a CSV text (quotes honoured, also across lines). */
export function firstCsvRecord(text: string): string[] {
  const start = text.search(/\S/);
  if (start < 0) return [];
  const counts = new Map(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let sep = ',';
  let most = 0;
  for (const [s, n] of counts)
    if (n > most) {
      sep = s;
      most = n;
    }
  const cells: string[] = [];
  let cell = '';
  quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cell += ch;
  }
  cells.push(cell);
  // An empty header (also after a trailing separator) is a column too: column_<n>.
  return cells;
}

/** Header names as the server keys rows: trimmed, empty → column_<n>, repeats → "name (2)". */
export function uniqueHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const name = raw.trim() || `column_${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/**
 * Reads the headers of a CSV or JSON Lines file; undefined for other formats (XLSX) or
 * when the start of the file cannot be read as either.
 */
export async function peekHeaders(file: File, forcedEncoding?: string): Promise<Peek | undefined> {
  if (/\.xlsx$/i.test(file.name)) return undefined;
  const bytes = new Uint8Array(await file.slice(0, PEEK_BYTES).arrayBuffer());
  let decoded: { text: string; encoding: string };
  try {
    decoded = decode(bytes, forcedEncoding);
  } catch {
    return undefined;
  }
  const { text, encoding } = decoded;
  const first = text.trimStart();
  if (first.startsWith('{')) {
    const line = first.split('\n', 1)[0] ?? '';
    try {
      const obj = JSON.parse(line) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj))
        return { headers: Object.keys(obj), encoding };
    } catch {
      return undefined;
    }
    return undefined;
  }
  const cells = firstCsvRecord(text);
  return cells.length > 0 ? { headers: uniqueHeaders(cells), encoding } : undefined;
}
