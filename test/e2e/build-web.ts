import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Global setup of the browser test: builds the console (`npm run build:web`) when
 * dist/web/index.html is missing or older than any file under web/.
 */
export default function buildWeb() {
  const index = path.join(root, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(path.join(root, 'web'))) return;
  console.log('building the console (npm run build:web)');
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit', env });
}
