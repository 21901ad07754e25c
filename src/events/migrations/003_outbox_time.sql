-- Replays by time (`dancu events replay --from <time> --to <time>`) select outbox rows by
-- occurred_at. Rows are appended in about the order they occur, so a BRIN index (a few
-- kB per million rows, next to nothing per insert) narrows such a range to the pages that
-- hold it instead of reading the whole outbox.
CREATE INDEX outbox_occurred_at ON outbox USING brin (occurred_at);
