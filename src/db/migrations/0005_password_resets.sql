-- One-time password reset links issued by an administrator: valid for an hour, used once, kept only as
-- the SHA-256 of the secret in the link.
create table password_resets (
  id integer generated always as identity primary key,
  user_id integer not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_by integer references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user_idx on password_resets (user_id);
