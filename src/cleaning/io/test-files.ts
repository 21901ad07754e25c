import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from './dataset.js';

/** A temporary folder for one test file's fixtures, removed by `cleanup`. */
export function tempFolder(prefix = 'dancu-io-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name: string, content: string | Uint8Array) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    path: (name: string) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every row of a dataset, read to the end. */
export async function allRows(ds: Dataset) {
  const out = [];
  for await (const batch of ds.rows) out.push(...batch);
  return out;
}
