-- The old ID numbers of a person, looked up by personal ID number (streaming the register
-- for record linkage reads them per person; without this each lookup scanned the table).
CREATE INDEX IF NOT EXISTS person_old_ids_pid ON person_old_ids (pid);
-- Fresh statistics, so that the planner sees one old ID per person rather than thousands
-- (a wrong estimate here made each page of the register stream cost a JIT compilation).
ANALYZE person_old_ids;
