-- Events: the outbox (written in the same transaction as the change), subscriptions
-- (webhooks), deliveries (per subscription and event: attempts, back-off, dead letters)
-- and publisher cursors (NATS JetStream).
--
-- Order: `position` is the global order of inserts. A transaction that took a lower
-- position may commit after one with a higher position, so readers walk the outbox by
-- (tx_id, position) and only up to the oldest transaction still running
-- (pg_snapshot_xmin): nothing can appear behind such a cursor later.

CREATE TABLE outbox (
  position     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           uuid NOT NULL UNIQUE,
  tx_id        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  type         text NOT NULL,
  subject      text NOT NULL,
  unit_codes   text[] NOT NULL DEFAULT '{}',
  fields       text[] NOT NULL DEFAULT '{}',
  payload      jsonb NOT NULL,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_tx_position ON outbox (tx_id, position);

CREATE TABLE subscriptions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner            text NOT NULL,
  event_types      text[] NOT NULL DEFAULT '{}',
  unit_codes       text[] NOT NULL DEFAULT '{}',
  callback_url     text NOT NULL,
  secret           text NOT NULL,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- The cursor: the last outbox row (in (tx_id, position) order) taken into deliveries.
  cursor_tx        xid8 NOT NULL DEFAULT '0',
  cursor_position  bigint NOT NULL DEFAULT 0,
  -- The last position delivered (or given up as dead), for operators.
  last_delivered_position bigint
);
CREATE INDEX subscriptions_owner ON subscriptions (owner);

CREATE TABLE deliveries (
  subscription_id  uuid NOT NULL REFERENCES subscriptions (id),
  position         bigint NOT NULL REFERENCES outbox (position),
  tx_id            xid8 NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status      integer,
  last_error       text,
  last_attempt_at  timestamptz,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscription_id, position)
);
CREATE INDEX deliveries_pending ON deliveries (subscription_id, tx_id, position) WHERE state = 'pending';
CREATE INDEX deliveries_dead ON deliveries (subscription_id, position) WHERE state = 'dead';

CREATE TABLE event_publishers (
  name             text PRIMARY KEY,
  cursor_tx        xid8 NOT NULL DEFAULT '0',
  cursor_position  bigint NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
