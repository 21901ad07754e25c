-- Operator accounts of the console and API (clerks, viewers, admins) and their sessions.
CREATE TABLE operators (
  username text PRIMARY KEY CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  units text[] NOT NULL DEFAULT '{}',
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator_sessions (
  token_hash text PRIMARY KEY,
  username text NOT NULL REFERENCES operators (username),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX operator_sessions_expiry ON operator_sessions (expires_at);
