-- One entry may concern several persons: a search names every person it returned, a
-- household read every member. Their personal ID numbers are in the entry itself
-- (detail.subjects, covered by the leaf hash); this table indexes them so that each
-- person's access log finds the entry. Written in the same statement as the entry.
-- `dancu audit verify` checks it against the entries, so a removed row is noticed.
CREATE TABLE audit_subjects (
  pid text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (pid, seq)
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE OR DELETE ON audit_subjects
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
