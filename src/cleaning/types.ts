/**
 * The shapes every part of the cleaning module shares: column roles, rows read from a
 * file, person records normalised for comparison, and match results.
 */

/** What a column of an uploaded dataset holds. */
export type ColumnRole =
  | 'recordId'
  | 'fullName'
  | 'familyName'
  | 'middleName'
  | 'givenName'
  | 'dateOfBirth'
  | 'yearOfBirth'
  | 'sex'
  /** a 12-digit personal ID number or a 9-digit old ID number, whichever was written */
  | 'idNumber'
  | 'pid'
  | 'oldId'
  /** any other identifier of the person (passport, social security, customer number), compared as text */
  | 'otherId'
  | 'phone'
  | 'address'
  | 'provinceCode'
  | 'communeCode'
  | 'ignore';

/** Header (exactly as in the file) → role. Headers not named are `ignore`. */
export type ColumnMapping = Record<string, ColumnRole>;

/** One data row of a file: its line number in the file (the header is line 1 of a CSV) and its values by header. */
export interface RawRow {
  line: number;
  values: Record<string, string>;
}

/** Why a row was rejected or which field of it could not be used. */
export interface RowProblem {
  line: number;
  /** stable code, e.g. `row.ragged`, `row.no_identity`, `date.invalid` */
  code: string;
  reason: string;
  field?: string;
  /**
   * A rejected row as it was read, so that a reviewer can see what it held: its cells in
   * file order for a ragged row, the line's text (at most 2,000 characters) for a JSON line
   * that is not an object. Only on row-level problems.
   */
  cells?: string[];
}

/** A partial date: year, month and day as far as they are known. */
export interface PartialDate {
  y: number;
  m?: number;
  d?: number;
  /** day and month could be read either way round (05/04/1990) */
  ambiguous?: boolean;
}

/**
 * A person as the linkage model compares them, from a dataset row or from the register.
 * Strings are folded (lower case, no diacritics, đ → d) unless named otherwise; empty
 * or absent means unknown.
 */
export interface PersonRecord {
  /** row key: the line number for a dataset row, the personal ID number for the register */
  id: string;
  family?: string;
  /** family name mapped to its variant class (huynh → hoang, vo → vu) */
  familyClass?: string;
  middle?: string;
  given?: string;
  /**
   * The name parts with their diacritics (lower case, NFC, one tone placement), set only
   * when the name was written with diacritics; they tell Hùng from Hưng.
   */
  familyExact?: string;
  middleExact?: string;
  givenExact?: string;
  /** whole folded name, words separated by one space */
  full?: string;
  dob?: PartialDate;
  sex?: 'male' | 'female';
  /** 12 digits */
  pid?: string;
  /** 9 digits (old CMND); a register person may have several */
  oldIds?: string[];
  /** any other identifier (passport, social-security or customer number), upper case without spaces */
  otherId?: string;
  /** digits, national form starting with 0 */
  phone?: string;
  /** province code and commune code after 1 July 2025 (era 2025), when known */
  province2025?: string;
  commune2025?: string;
  /** province and commune code before 1 July 2025 (era pre2025), when known */
  provincePre?: string;
  communePre?: string;
}

/** How much one field added to (or took from) a match weight, and why. */
export interface Contribution {
  field: string;
  /** the comparison level's name, e.g. `exact`, `jw>=0.92`, `year+month`, `missing` */
  level: string;
  /** log2 Bayes factor (m/u), term-frequency adjusted */
  weight: number;
}

/** One scored candidate for a record. */
export interface Candidate {
  id: string;
  /** total match weight in bits (prior included) */
  weight: number;
  /** posterior match probability, 0..1 */
  probability: number;
  contributions: Contribution[];
}

export type MatchStatus = 'linked' | 'review' | 'unmatched';
