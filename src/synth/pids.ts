import { permutation } from './prng.js';
import { encodePid } from './registry-port.js';

/** Serials available to one stream per (province, century/sex, year): 100 000. */
const PER_STREAM = 100_000;
/** Streams: 0 for the first seeding, 1–9 for appended populations. */
export const STREAMS = 10;

const hashKey = (key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/**
 * Issues personal ID numbers without retries: the 6-digit serial is `stream` × 100 000 plus
 * a per-key permutation of a counter, so IDs are unique within a run and across streams,
 * and scattered rather than sequential. Old 9-digit ID numbers come from one permutation
 * of 0..999 999 999 split the same way.
 */
export class PidAllocator {
  private readonly counters = new Map<string, number>();
  private readonly perms = new Map<string, (x: number) => number>();
  private oldIdCounter = 0;
  private readonly oldIdPerm = permutation(1_000_000_000, 0x01d1d);

  constructor(private readonly stream: number) {
    if (!Number.isInteger(stream) || stream < 0 || stream >= STREAMS)
      throw new RangeError(`stream ${stream} outside 0–${STREAMS - 1}`);
  }

  /** The next ID number for a person registered in `provinceCode`, of `sex`, born `birthYear`. */
  next(provinceCode: string, sex: 'male' | 'female', birthYear: number): string {
    const key = `${provinceCode}${sex === 'male' ? 0 : 1}${birthYear}`;
    const n = this.counters.get(key) ?? 0;
    if (n >= PER_STREAM)
      throw new RangeError(
        `more than ${PER_STREAM} persons of one province, sex and birth year in one stream`,
      );
    this.counters.set(key, n + 1);
    return encodePid({ provinceCode, sex, birthYear, serial: this.stream * PER_STREAM + this.perm(key)(n) });
  }

  /** The ID number the `n`-th person of a key gets in `stream` (for probing a registry). */
  static nth(
    stream: number,
    provinceCode: string,
    sex: 'male' | 'female',
    birthYear: number,
    n: number,
  ): string {
    const a = new PidAllocator(stream);
    const key = `${provinceCode}${sex === 'male' ? 0 : 1}${birthYear}`;
    return encodePid({ provinceCode, sex, birthYear, serial: stream * PER_STREAM + a.perm(key)(n) });
  }

  /** The next unique 9-digit old ID number (CMND). */
  nextOldId(): string {
    const n = this.oldIdCounter++;
    if (n >= 100_000_000) throw new RangeError('old ID numbers of this stream are exhausted');
    return String(this.oldIdPerm(this.stream * 100_000_000 + n)).padStart(9, '0');
  }

  private perm(key: string) {
    let p = this.perms.get(key);
    if (!p) {
      p = permutation(PER_STREAM, hashKey(key));
      this.perms.set(key, p);
    }
    return p;
  }
}
