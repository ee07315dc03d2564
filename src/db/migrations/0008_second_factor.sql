-- The second factor at sign-in: an authenticator app's TOTP secret (confirmed by a first code; the time
-- step of the last accepted code, so that a code cannot be used twice), single-use recovery codes kept as
-- argon2id hashes, and the stage a session is at (a session waiting for its second factor signs no one in).
create table second_factors (
  user_id integer primary key references users (id) on delete cascade,
  secret text not null,
  confirmed_at timestamptz,
  last_time_step bigint,
  created_at timestamptz not null default now()
);

create table recovery_codes (
  id integer generated always as identity primary key,
  user_id integer not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index recovery_codes_user_idx on recovery_codes (user_id);

alter table sessions
  add column stage text not null default 'signed-in'
    check (stage in ('signed-in', 'second-factor', 'second-factor-setup'));
