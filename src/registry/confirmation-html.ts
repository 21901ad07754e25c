import type { ResidenceConfirmation } from './registry.schemas.js';

/** Escapes a value for HTML text and attribute positions. */
export const escapeHtml = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const SEX = { male: 'Nam', female: 'Nữ' } as const;
const RELATION: Record<string, string> = {
  head: 'Chủ hộ',
  spouse: 'Vợ/chồng',
  child: 'Con',
  parent: 'Cha/mẹ',
  grandchild: 'Cháu',
  grandparent: 'Ông/bà',
  sibling: 'Anh/chị/em',
  child_in_law: 'Con dâu/con rể',
  relative: 'Họ hàng',
  other: 'Khác',
};

/** 2024-05-01 → 01/05/2024; partial dates keep what they have. */
const vnDate = (d: string | undefined) => (d ? d.split('-').reverse().join('/') : '');

const residenceRows = (label: string, r: ResidenceConfirmation['permanentResidence']) =>
  r
    ? `<tr><th>${label}</th><td>${escapeHtml([r.addressLine, r.unitName ?? r.unitCode].filter(Boolean).join(', '))}` +
      ` (từ ${escapeHtml(vnDate(r.since))}${r.until ? ` đến ${escapeHtml(vnDate(r.until))}` : ''})</td></tr>`
    : `<tr><th>${label}</th><td>Không có</td></tr>`;

/**
 * The printable residence confirmation (XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ): plain HTML with a
 * print stylesheet; every value is escaped.
 */
export function renderConfirmationHtml(c: ResidenceConfirmation): string {
  const p = c.person;
  const members = c.household?.members ?? [];
  const memberRows = members
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td><td>${escapeHtml(m.fullName)}</td><td>${escapeHtml(m.pid)}</td>` +
        `<td>${escapeHtml(vnDate(m.dateOfBirth))}</td><td>${escapeHtml(SEX[m.sex])}</td>` +
        `<td>${escapeHtml(RELATION[m.relationToHead] ?? m.relationToHead)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Xác nhận thông tin về cư trú — ${escapeHtml(p.fullName)}</title>
<style>
  body { font-family: "Times New Roman", serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5; }
  h1 { text-align: center; font-size: 1.3rem; }
  .top { text-align: center; font-weight: bold; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { border: 1px solid #444; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  .meta { font-size: .9rem; color: #333; }
  @media print { body { margin: 0; max-width: none; } .noprint { display: none; } @page { size: A4; margin: 2cm; } }
</style>
</head>
<body>
<p class="top">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p>
<h1>XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ</h1>
<p class="meta">Số: ${escapeHtml(c.documentNumber)}</p>
<table>
<tr><th>Họ, chữ đệm và tên</th><td>${escapeHtml(p.fullName)}</td></tr>
<tr><th>Số định danh cá nhân</th><td>${escapeHtml(p.pid)}</td></tr>
<tr><th>Ngày, tháng, năm sinh</th><td>${escapeHtml(vnDate(p.dateOfBirth))}</td></tr>
<tr><th>Giới tính</th><td>${escapeHtml(SEX[p.sex])}</td></tr>
${p.status === 'deceased' ? `<tr><th>Đã chết</th><td>${escapeHtml(vnDate(p.dateOfDeath))}</td></tr>` : ''}
${residenceRows('Nơi thường trú', c.permanentResidence)}
${residenceRows('Nơi tạm trú', c.temporaryResidence)}
${c.household ? `<tr><th>Số hộ</th><td>${escapeHtml(c.household.id)}</td></tr>` : ''}
</table>
${
  members.length
    ? `<h2>Thành viên hộ gia đình</h2>
<table>
<tr><th>TT</th><th>Họ và tên</th><th>Số định danh</th><th>Ngày sinh</th><th>Giới tính</th><th>Quan hệ với chủ hộ</th></tr>
${memberRows}
</table>`
    : ''
}
<p class="meta">Cấp lúc ${escapeHtml(c.issuedAt)} bởi ${escapeHtml(c.issuedBy)}</p>
<button class="noprint" onclick="window.print()">In</button>
</body>
</html>
`;
}
