-- Administrative units of Vietnam in two eras:
--   pre2025: 63 provinces -> districts -> communes (until 30 June 2025)
--   2025:    34 provinces -> communes, no district level (from 1 July 2025)
-- A code is unique within its era only: 2025 communes reuse codes of old communes.

-- One row per imported official list (and one built-in row per era).
CREATE TABLE unit_list_versions (
  id serial PRIMARY KEY,
  era text NOT NULL CHECK (era IN ('pre2025', '2025')),
  source text NOT NULL,
  sha256 text NOT NULL,
  legal_basis text,
  in_force date,
  imported_at timestamptz NOT NULL DEFAULT now(),
  -- last time this list was (re)applied and changed something
  applied_at timestamptz NOT NULL DEFAULT now(),
  provinces integer NOT NULL DEFAULT 0,
  districts integer NOT NULL DEFAULT 0,
  communes integer NOT NULL DEFAULT 0,
  UNIQUE (era, sha256)
);

CREATE TABLE units (
  era text NOT NULL CHECK (era IN ('pre2025', '2025')),
  code text NOT NULL CHECK (code ~ '^[0-9]{2,5}$'),
  name text NOT NULL,
  full_name text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  kind text NOT NULL CHECK (
    kind IN ('tỉnh', 'thành phố', 'quận', 'huyện', 'thị xã', 'xã', 'phường', 'thị trấn', 'đặc khu')
  ),
  parent_code text,
  province_code text NOT NULL,
  -- lowercase, no diacritics, đ -> d, words separated by one space
  search_name text NOT NULL,
  -- the list that last wrote this row
  version_id integer REFERENCES unit_list_versions (id),
  PRIMARY KEY (era, code),
  CHECK (era = 'pre2025' OR level <> 'district'),
  CHECK ((level = 'province') = (parent_code IS NULL))
);

CREATE INDEX units_parent_idx ON units (era, parent_code);
CREATE INDEX units_province_idx ON units (era, province_code, level);
CREATE INDEX units_search_idx ON units (search_name text_pattern_ops);

-- Old unit (pre2025 commune or province) -> the 2025 unit(s) it became. Many old units may
-- merge into one; one old commune may be split over several new ones.
CREATE TABLE unit_successors (
  old_era text NOT NULL DEFAULT 'pre2025' CHECK (old_era = 'pre2025'),
  old_code text NOT NULL,
  new_era text NOT NULL DEFAULT '2025' CHECK (new_era = '2025'),
  new_code text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'commune')),
  -- the mapping file that brought the row; NULL = built in
  source text,
  PRIMARY KEY (old_code, new_code),
  FOREIGN KEY (old_era, old_code) REFERENCES units (era, code),
  FOREIGN KEY (new_era, new_code) REFERENCES units (era, code)
);

CREATE INDEX unit_successors_new_idx ON unit_successors (new_code);
