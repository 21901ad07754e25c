/**
 * The quality report of a cleaning job: for the whole dataset, each province and each
 * commune, how many rows were linked, sent to review, left unmatched, rejected or found
 * to be duplicates, and which fields most often disagree with the register. Served as
 * JSON and as a self-contained HTML page with bar charts (inline SVG, no scripts).
 */
import { sql } from 'kysely';
import type { Static } from 'typebox';
import type { Database } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { getUnit } from '../units/index.js';
import type * as S from './cleaning.schemas.js';
import { getJob } from './jobs.service.js';

/** One locality's outcome (the whole file, a province or a commune); see `S.LocalityQuality`. */
export type LocalityQuality = Static<typeof S.LocalityQuality>;

/** The report as GET /jobs/{id}/report sends it; its type is the response schema's. */
export type QualityReport = Static<typeof S.QualityReport>;

interface Agg {
  province: string | null;
  commune: string | null;
  status: string;
  dup: boolean;
  n: number;
}

const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10_000) / 10_000);

function summarise(
  code: string | null,
  name: string,
  aggs: Agg[],
  dis: { field: string; n: number }[],
): LocalityQuality {
  const c = { linked: 0, review: 0, unmatched: 0, rejected: 0, duplicates: 0 };
  let rows = 0;
  for (const a of aggs) {
    rows += a.n;
    c[a.status as 'linked'] += a.n;
    if (a.dup) c.duplicates += a.n;
  }
  const fields = new Map<string, number>();
  for (const d of dis) fields.set(d.field, (fields.get(d.field) ?? 0) + d.n);
  return {
    code,
    name,
    rows,
    ...c,
    shares: {
      linked: share(c.linked, rows),
      review: share(c.review, rows),
      unmatched: share(c.unmatched, rows),
      rejected: share(c.rejected, rows),
      duplicates: share(c.duplicates, rows),
    },
    disagreements: [...fields]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([field, n]) => ({ field, rows: n, share: share(n, c.linked) })),
  };
}

/** Builds the report from the job's results (cheap: a few grouped queries). */
export async function qualityReport(
  database: Database,
  actor: Actor | undefined,
  jobId: string,
): Promise<QualityReport> {
  const job = await getJob(database, actor, jobId);
  const db = database.db;
  const aggs = (
    await sql<Agg>`
      SELECT x.province, x.commune, x.status, k.cluster IS NOT NULL AS dup, count(*)::int AS n
      FROM cleaning_results x LEFT JOIN cleaning_clusters k ON k.job_id = x.job_id AND k.line = x.line
      WHERE x.job_id = ${jobId}
      GROUP BY 1, 2, 3, 4`.execute(db)
  ).rows;
  const dis = (
    await sql<{ province: string | null; commune: string | null; field: string; n: number }>`
      SELECT province, commune, f AS field, count(*)::int AS n
      FROM cleaning_results, unnest(disagreements) AS f
      WHERE job_id = ${jobId} AND status = 'linked'
      GROUP BY 1, 2, 3`.execute(db)
  ).rows;
  const rejections = (
    await sql<{ code: string; rows: number }>`
      SELECT p->>'code' AS code, count(*)::int AS rows
      FROM cleaning_rows, jsonb_array_elements(problems) AS p
      WHERE job_id = ${jobId} AND record IS NULL
      GROUP BY 1 ORDER BY 2 DESC LIMIT 10`.execute(db)
  ).rows;
  const names = new Map<string, string>();
  const nameOf = async (code: string | null) => {
    if (!code) return 'không rõ (unknown)';
    let n = names.get(code);
    if (!n) {
      n = (await getUnit(db, code))?.name ?? code;
      names.set(code, n);
    }
    return n;
  };
  const group = <K extends string | null>(
    key: (a: { province: string | null; commune: string | null }) => K,
  ) => {
    const m = new Map<K, { aggs: Agg[]; dis: { field: string; n: number }[] }>();
    for (const a of aggs) {
      const k = key(a);
      const e = m.get(k) ?? { aggs: [], dis: [] };
      e.aggs.push(a);
      m.set(k, e);
    }
    for (const d of dis) m.get(key(d))?.dis.push(d);
    return m;
  };
  const provinces: LocalityQuality[] = [];
  for (const [code, e] of group((a) => a.province))
    provinces.push(summarise(code, await nameOf(code), e.aggs, e.dis));
  const communes: (LocalityQuality & { province: string | null })[] = [];
  for (const [key, e] of group((a) => `${a.province ?? ''}|${a.commune ?? ''}`)) {
    const [p, c] = key.split('|');
    const code = c || null;
    communes.push({ ...summarise(code, await nameOf(code), e.aggs, e.dis), province: p || null });
  }
  provinces.sort((a, b) => b.rows - a.rows);
  communes.sort((a, b) => b.rows - a.rows);
  return {
    job: {
      id: job.id,
      name: job.name,
      kind: job.kind,
      mode: job.mode,
      status: job.status,
      rows: job.rows,
      rejected: job.rejected,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    },
    generatedAt: new Date().toISOString(),
    total: summarise(null, 'Toàn bộ (all rows)', aggs, dis),
    provinces,
    communes,
    rejections,
  };
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const COLOURS = { linked: '#2e7d32', review: '#f9a825', unmatched: '#9e9e9e', rejected: '#c62828' } as const;

/** One horizontal bar split by outcome. */
function bar(q: LocalityQuality, width = 320): string {
  let x = 0;
  const parts = (Object.keys(COLOURS) as (keyof typeof COLOURS)[]).map((k) => {
    const w = q.shares[k] * width;
    const rect = `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="14" fill="${COLOURS[k]}"><title>${k}: ${q[k]} (${pct(q.shares[k])})</title></rect>`;
    x += w;
    return rect;
  });
  return `<svg width="${width}" height="14" role="img" aria-label="${esc(q.name)}: ${pct(q.shares.linked)} linked">${parts.join('')}</svg>`;
}

function table(rows: LocalityQuality[], title: string, extra?: (q: LocalityQuality) => string): string {
  const body = rows
    .map(
      (q) =>
        `<tr><td>${esc(q.name)}${q.code ? ` <small>${esc(q.code)}</small>` : ''}${extra ? extra(q) : ''}</td><td class="n">${q.rows.toLocaleString('en')}</td><td>${bar(q)}</td><td class="n">${pct(q.shares.linked)}</td><td class="n">${pct(q.shares.review)}</td><td class="n">${pct(q.shares.unmatched)}</td><td class="n">${pct(q.shares.rejected)}</td><td class="n">${pct(q.shares.duplicates)}</td><td>${q.disagreements
          .slice(0, 3)
          .map((d) => `${esc(d.field)} ${pct(d.share)}`)
          .join(', ')}</td></tr>`,
    )
    .join('\n');
  return `<h2>${esc(title)}</h2><table><thead><tr><th>Đơn vị (unit)</th><th>Dòng (rows)</th><th>Kết quả (outcome)</th><th>Khớp (linked)</th><th>Cần xem (review)</th><th>Không khớp (unmatched)</th><th>Loại (rejected)</th><th>Trùng (duplicates)</th><th>Sai khác thường gặp (common disagreements)</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The report as one HTML page (no external assets), Vietnamese with English glosses. */
export function renderReportHtml(r: QualityReport, opts: { maxCommunes?: number } = {}): string {
  const communes = r.communes.slice(0, opts.maxCommunes ?? 500);
  const legend = (Object.keys(COLOURS) as (keyof typeof COLOURS)[])
    .map((k) => `<span><i style="background:${COLOURS[k]}"></i>${k}</span>`)
    .join(' ');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo chất lượng dữ liệu — ${esc(r.job.name)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin-bottom:2rem}td,th{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
td.n{text-align:right;font-variant-numeric:tabular-nums}small{color:#777}
.legend span{margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
</style></head><body>
<h1>Báo cáo chất lượng dữ liệu <small>(data quality report)</small></h1>
<p>Tập dữ liệu <b>${esc(r.job.name)}</b> (${esc(r.job.kind)}), ${r.job.rows.toLocaleString('en')} dòng; lập lúc ${esc(r.generatedAt)}. Job ${esc(r.job.id)}, ${esc(r.job.status)}.</p>
<p class="legend">${legend}</p>
${table([r.total], 'Toàn bộ (total)')}
${r.rejections.length ? `<h2>Lý do loại dòng (rejection reasons)</h2><ul>${r.rejections.map((x) => `<li>${esc(x.code)}: ${x.rows}</li>`).join('')}</ul>` : ''}
${table(r.provinces, 'Theo tỉnh (by province)')}
${table(communes, `Theo xã (by commune)${r.communes.length > communes.length ? `, ${communes.length} largest of ${r.communes.length}` : ''}`)}
</body></html>`;
}
