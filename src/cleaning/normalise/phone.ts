/**
 * Phone numbers to the national form "0xxxxxxxxx": +84 / 84 / 0084 prefixes, a leading
 * zero lost in a spreadsheet, and the 11-digit mobile numbers renumbered in 2018
 * (0168… → 038…). Numbers of other countries keep their "+" and digits.
 */

/** Mobile prefixes renumbered on 15 September 2018 (Viettel, MobiFone, VinaPhone, Vietnamobile, Gmobile). */
const RENUMBERED: Record<string, string> = {
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  '0186': '056',
  '0188': '058',
  '0199': '059',
};

export type PhoneResult = { phone: string } | { problem: { code: string; reason: string } };

/**
 * Reads one phone number (the first, when a cell holds several).
 *
 * @example
 *   parsePhone('+84 912 345 678') // { phone: '0912345678' }
 *   parsePhone('01683456789') // { phone: '0383456789' }
 */
export function parsePhone(text: string): PhoneResult | undefined {
  const first = text
    .normalize('NFKC')
    .split(/[,;/]|\s-\s/)[0]!
    .trim();
  if (!first) return undefined;
  const plus = first.startsWith('+');
  let d = first.replace(/\D/g, '');
  if (!d) return { problem: { code: 'phone.invalid', reason: `"${text}" holds no digits` } };
  if (plus || d.startsWith('00')) {
    d = d.replace(/^00/, '');
    if (!d.startsWith('84')) return { phone: `+${d}` };
    d = `0${d.slice(2)}`;
  } else if (d.startsWith('84') && (d.length === 11 || d.length === 12)) d = `0${d.slice(2)}`;
  else if (!d.startsWith('0') && (d.length === 9 || d.length === 10)) d = `0${d}`;
  if (d.length === 11 && RENUMBERED[d.slice(0, 4)]) d = RENUMBERED[d.slice(0, 4)] + d.slice(4);
  const mobile = /^0[35789]\d{8}$/.test(d);
  const landline = /^02\d{9}$/.test(d);
  if (!mobile && !landline)
    return { problem: { code: 'phone.invalid', reason: `"${text}" is not a Vietnamese phone number` } };
  return { phone: d };
}
