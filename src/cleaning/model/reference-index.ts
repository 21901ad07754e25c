/**
 * The reference side of linkage (the register, or the other file): records in columns and
 * one sorted key index per blocking rule. Built from plain data (PersonRecord arrays and
 * the JSON model), so a worker thread can build its own from a structured clone.
 */
import type { PersonRecord } from '../types.js';
import { type BlockData, BlockIndex, ruleHashes } from './blocking.js';
import { PairCache } from './compare.js';
import type { BlockingRule, LinkModel } from './model.js';
import { type Prepared, RecordStore, type StoreData } from './store.js';

/** A built index as plain data: what `toData` gives and `fromData` takes. */
export interface IndexData {
  rules: BlockingRule[];
  store: StoreData;
  blocks: BlockData[];
}

const hashes: number[] = [];

/** Blocks larger than this are skipped unless the rule says otherwise. */
const DEFAULT_MAX_BLOCK = 2000;
/** At most this many candidates are scored for one record. */
const MAX_CANDIDATES = 20_000;

/**
 * Reference records indexed for matching.
 *
 * @example
 *   const index = new ReferenceIndex(model, registerRecords);
 *   const { candidates } = matchRecord(model, index, datasetRecord);
 */
export class ReferenceIndex {
  readonly store: RecordStore;
  /** levels of name pairs already compared */
  readonly cache = new PairCache();
  readonly rules: BlockingRule[];
  private readonly blocks: BlockIndex[];
  private seen = new Uint32Array(0);
  private stamp = 0;
  private byId: Map<string, number> | undefined;
  /** candidate pairs left out because their block was too large, since the index was built */
  skippedBlocks = 0;

  constructor(model: LinkModel, records: readonly PersonRecord[] = [], built?: IndexData) {
    this.rules = (built?.rules ?? model.blocking).map((r) => ({ ...r, on: [...r.on] }));
    if (built) {
      this.store = RecordStore.fromData(built.store);
      this.blocks = this.rules.map((r, k) => BlockIndex.fromData(r, built.blocks[k]!));
    } else {
      this.store = new RecordStore();
      this.blocks = this.rules.map((r) => new BlockIndex(r));
    }
    this.add(records);
  }

  /**
   * The built index as plain data, to hand to worker threads instead of the records (they
   * then skip building). With `shared`, the typed arrays (most of the bytes) live in shared
   * memory: every thread reads one copy. Strings are copied per thread.
   *
   * @example
   *   const data = index.toData(true);
   *   worker.postMessage({ model, data }); // in the worker: ReferenceIndex.fromData(model, data)
   */
  toData(shared = false, stringSlice?: number): IndexData {
    return {
      rules: this.rules,
      store: this.store.toData(shared, stringSlice),
      blocks: this.blocks.map((b) => b.toData(shared)),
    };
  }

  /** An index over data from `toData` (the blocking rules are the ones it was built with). */
  static fromData(model: LinkModel, data: IndexData): ReferenceIndex {
    return new ReferenceIndex(model, [], data);
  }

  /** Number of reference records. */
  get size(): number {
    return this.store.size;
  }

  /**
   * Adds records (e.g. one page of the register at a time). Records for which `findable`
   * is false are stored (they count for term frequencies and can be queried by row) but
   * are never returned as candidates.
   */
  add(records: Iterable<PersonRecord>, findable?: (r: PersonRecord, row: number) => boolean): void {
    for (const r of records) {
      const row = this.store.add(r);
      if (this.byId && !this.byId.has(r.id)) this.byId.set(r.id, row);
      if (findable && !findable(r, row)) continue;
      for (let k = 0; k < this.rules.length; k++) {
        const n = ruleHashes(this.rules[k]!, r, 'reference', hashes);
        for (let h = 0; h < n; h++) this.blocks[k]!.add(hashes[h]!, row);
      }
    }
  }

  /** The row of a record id, if indexed. */
  rowOf(id: string): number | undefined {
    if (!this.byId) {
      this.byId = new Map();
      const ids = this.store.ids;
      for (let i = 0; i < ids.length; i++) if (!this.byId.has(ids[i]!)) this.byId.set(ids[i]!, i);
    }
    return this.byId.get(id);
  }

  /** Record `row` as a PersonRecord (rebuilt from the columns). */
  record(row: number): PersonRecord {
    return this.store.recordAt(row);
  }

  /** A query record prepared against this index's vocabularies. */
  prepare(r: PersonRecord): Prepared {
    return this.store.prepare(r);
  }

  /**
   * Rows that share a blocking key with `r` (under every rule, the sufficient ones, or rule
   * number `rules`), each once, `exclude` left out; written into `out`, whose filled length
   * is returned.
   */
  candidates(
    r: PersonRecord,
    out: Uint32Array,
    exclude = -1,
    rules: 'all' | 'sufficient' | number = 'all',
  ): number {
    if (this.seen.length < this.store.size) {
      this.seen = new Uint32Array(this.store.size);
      this.stamp = 0;
    }
    for (const b of this.blocks) b.seal();
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const seen = this.seen;
    const stamp = this.stamp;
    const cap = Math.min(out.length, MAX_CANDIDATES);
    let n = 0;
    for (let k = 0; k < this.blocks.length; k++) {
      const block = this.blocks[k]!;
      if (typeof rules === 'number' ? k !== rules : rules === 'sufficient' && !block.rule.sufficient)
        continue;
      const max = block.rule.maxBlock ?? DEFAULT_MAX_BLOCK;
      const nh = ruleHashes(block.rule, r, 'query', hashes);
      for (let h = 0; h < nh; h++) {
        const start = block.find(hashes[h]!);
        const count = block.found;
        if (count > max) {
          this.skippedBlocks++;
          continue;
        }
        for (let p = start; p < start + count; p++) {
          const row = block.rowAt(p);
          if (seen[row] === stamp || row === exclude) continue;
          seen[row] = stamp;
          if (n < cap) out[n++] = row;
        }
      }
    }
    return n;
  }

  /** Whether some rule is marked sufficient (matching then tries those first). */
  get hasSufficientRules(): boolean {
    return this.rules.some((r) => r.sufficient);
  }

  /** Bytes held by the blocking indexes (the columns come on top). */
  get blockingBytes(): number {
    return this.blocks.reduce((s, b) => s + b.bytes, 0);
  }
}
