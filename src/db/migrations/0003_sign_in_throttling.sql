-- Sign-in throttling, shared by every app process on the database (no counters in memory).
-- Each refused sign-in adds a row for the account (the e-mail as typed, whether or not it has an account)
-- and one for the client address; both are kept as SHA-256 fingerprints, never as the e-mail or address.
create table sign_in_failures (
  id bigint generated always as identity primary key,
  key text not null,
  occurred_at timestamptz not null default now()
);
create index sign_in_failures_key_idx on sign_in_failures (key, occurred_at desc);

-- An account key locked after too many failures, until the time given.
create table sign_in_locks (
  key text primary key,
  locked_until timestamptz not null
);

-- When the account was last locked and its owner has not yet been told (on their next sign-in).
alter table users add column lockout_notice_at timestamptz;
