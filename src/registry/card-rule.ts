import { addYears } from './dates.js';

/** Ages at which a chip ID card must be renewed. */
const RENEWAL_AGES = [25, 40, 60] as const;

/**
 * The 25/40/60 rule: a card is valid until the day its holder turns 25, 40 or 60,
 * whichever comes next after issue; a card issued within two years before such an age is
 * valid until the following one; a card issued at 58 or later is valid for life (null).
 *
 * @example
 *   cardExpiry('2000-05-10', '2014-06-01') // '2025-05-10'
 *   cardExpiry('2000-05-10', '2023-06-01') // '2040-05-10' (within two years of 25)
 */
export function cardExpiry(dateOfBirth: string, issuedOn: string): string | null {
  for (const age of RENEWAL_AGES) {
    if (issuedOn < addYears(dateOfBirth, age - 2)) return addYears(dateOfBirth, age);
  }
  return null;
}

export type StoredCardStatus = 'valid' | 'lost' | 'revoked' | 'replaced';
export type CardStatusNow = StoredCardStatus | 'expired' | 'holder_deceased';

/**
 * A card's status as shown today: 'expired' (after its expiry day) and 'holder_deceased'
 * are derived at read time from the stored status, the expiry and the holder's status.
 */
export function cardStatusOn(
  card: { status: StoredCardStatus; expiresOn: string | null },
  holderDeceased: boolean,
  today: string,
): CardStatusNow {
  if (card.status !== 'valid') return card.status;
  if (holderDeceased) return 'holder_deceased';
  if (card.expiresOn !== null && today > card.expiresOn) return 'expired';
  return 'valid';
}
