-- The audit log (DESIGN.md rule 4): an append-only list of every read and write of
-- personal data, the leaves of an RFC 9162 Merkle tree, plus signed checkpoints of it.

-- The next leaf index. Appenders update this single row in their own transaction, so
-- seq has no gaps (a rollback gives the number back) and seq order is commit order.
CREATE TABLE audit_head (
  id int PRIMARY KEY CHECK (id = 1),
  next_seq bigint NOT NULL CHECK (next_seq >= 0)
);
INSERT INTO audit_head (id, next_seq) VALUES (1, 0);

CREATE TABLE audit_entries (
  seq bigint PRIMARY KEY CHECK (seq >= 0),
  recorded_at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_kind text NOT NULL,
  action text NOT NULL,
  subject_pid text,
  purpose text,
  fields text[] NOT NULL DEFAULT '{}',
  outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
  request_id text,
  detail jsonb NOT NULL DEFAULT '{}',
  -- SHA-256(0x00 || canonical serialization of the entry), see src/audit/leaf.ts.
  leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32)
);
CREATE INDEX audit_entries_subject ON audit_entries (subject_pid, seq) WHERE subject_pid IS NOT NULL;

-- Append-only: the application never changes or removes an entry. (Whoever owns the
-- table can still disable this; `dancu audit verify` is what catches that.)
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();

-- Hashes of complete aligned blocks of 1024 leaves: a cache that makes roots and proofs
-- of a large tree cheap. Derived from leaf_hash; the verifier never trusts it.
CREATE TABLE audit_blocks (
  block_no bigint PRIMARY KEY,
  hash bytea NOT NULL
);

-- Public keys of the checkpoint signers (Ed25519). Private keys are never stored here.
CREATE TABLE audit_keys (
  key_id text PRIMARY KEY,
  name text NOT NULL,
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_checkpoints (
  tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
  root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
  created_at timestamptz NOT NULL,
  key_id text NOT NULL REFERENCES audit_keys (key_id),
  signature bytea NOT NULL,
  -- The whole signed note (C2SP signed-note / tlog-checkpoint), as served to verifiers.
  note text NOT NULL
);
