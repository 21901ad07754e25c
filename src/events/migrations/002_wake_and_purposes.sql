-- 1. Wake the delivery workers at once. Every statement that adds outbox rows (INSERT or
--    COPY) sends a NOTIFY on channel `dancu_outbox`; PostgreSQL delivers it at COMMIT (and
--    never after a rollback), folding repeats within one transaction into one. Workers
--    LISTEN on it and still poll as a fallback.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dancu_outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- 2. Subscriptions tied to an agency's purpose (created through the exchange API): the
--    purpose, and the fields the delivered payload may carry. NULL for subscriptions an
--    operator made (they get the minimal payload).
ALTER TABLE subscriptions ADD COLUMN purpose text;
ALTER TABLE subscriptions ADD COLUMN fields text[];

-- What is sent to a purpose-bound subscription: the body's `data` as the purpose allows
-- it (prepared once, before the first attempt, so that retries send the same bytes), and
-- the fields it carries (for the audit entry of the delivery). A delivery the purpose no
-- longer allows (grant withdrawn, unit outside it) is `skipped`.
ALTER TABLE deliveries ADD COLUMN data jsonb;
ALTER TABLE deliveries ADD COLUMN fields text[];
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
  CHECK (state IN ('pending', 'delivered', 'dead', 'skipped'));
