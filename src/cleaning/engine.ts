/**
 * The one place where jobs meet the linkage model: a matcher built from the model and the
 * reference records answers a batch of dataset records with a decision each. The same code
 * runs in a worker thread (link.worker.ts) and, with `workers: 0`, in the calling thread.
 */
import { decide, disagreements, type LinkModel, matchRecord, type ReferenceIndex } from './model/index.js';
import { packCandidates } from './stored-candidates.js';
import { threadCpuMs } from './thread-cpu.js';
import type { MatchStatus, PersonRecord } from './types.js';

export interface MatchInput {
  line: number;
  /**
   * The normalised record, or its JSON text as stored: text costs the sending thread no
   * parsing and crosses to a worker thread as one string.
   */
  record: PersonRecord | string;
}

export interface MatchOutput {
  line: number;
  status: MatchStatus;
  pid: string | null;
  probability: number | null;
  /** where the record says the person lives (province and commune code, either era) */
  province: string | null;
  commune: string | null;
  /**
   * The candidates, packed for storage (stored-candidates.ts) where they are found: the
   * thread that matched does this work, and the main thread receives one string per row
   * instead of a tree of objects to copy and collect.
   */
  candidates: string;
  /** id of the best candidate (a reviewer's earlier decision may name it) */
  top: string | null;
  disagreements: string[];
}

export interface Matcher {
  /**
   * `computeMs`: the wall time spent matching this batch in its thread; `cpuMs`: the CPU
   * time of it (Linux only), which leaves out the moments the thread waited for a core.
   */
  match(batch: readonly MatchInput[]): {
    results: MatchOutput[];
    comparisons: number;
    computeMs: number;
    cpuMs?: number;
  };
}

/** Candidates kept per row: enough for a reviewer to pick another one. */
const TOP_K = 3;

export function createMatcher(model: LinkModel, index: ReferenceIndex): Matcher {
  const byId = {
    get(id: string): PersonRecord | undefined {
      const row = index.rowOf(id);
      return row === undefined ? undefined : index.record(row);
    },
  };
  return {
    match(batch) {
      const t0 = performance.now();
      const cpu0 = threadCpuMs();
      let comparisons = 0;
      const results = batch.map(({ line, record: input }) => {
        const record: PersonRecord = typeof input === 'string' ? JSON.parse(input) : input;
        const m = matchRecord(model, index, record, TOP_K);
        comparisons += m.comparisons;
        const d = decide(model, m.candidates);
        const best = m.candidates[0];
        const chosen = d.pid ?? (d.status === 'review' ? best?.id : undefined);
        const ref = chosen ? byId.get(chosen) : undefined;
        return {
          line,
          status: d.status,
          pid: d.status === 'linked' ? (d.pid ?? null) : null,
          probability: best ? best.probability : null,
          province: record.province2025 ?? record.provincePre ?? null,
          commune: record.commune2025 ?? record.communePre ?? null,
          candidates: packCandidates(m.candidates),
          top: best?.id ?? null,
          disagreements: ref ? disagreements(record, ref) : [],
        };
      });
      const computeMs = performance.now() - t0;
      const cpu1 = threadCpuMs();
      return cpu0 === undefined || cpu1 === undefined
        ? { results, comparisons, computeMs }
        : { results, comparisons, computeMs, cpuMs: cpu1 - cpu0 };
    },
  };
}
