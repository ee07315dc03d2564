-- Foundation: agencies, partnerships, memberships, users, roles, sessions, tokens, audit log.

create table agencies (
  id integer generated always as identity primary key,
  name text not null,
  short_name text,
  kind text not null check (kind in ('police', 'local-authority', 'fire-and-rescue', 'probation', 'health',
    'youth-justice', 'police-and-crime-commissioner', 'voluntary', 'education', 'other')),
  responsible_authority boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index agencies_name_key on agencies (lower(name));

create table partnerships (
  id integer generated always as identity primary key,
  name text not null,
  short_name text,
  kind text not null check (kind in ('strategy-group', 'community-safety-partnership', 'thematic-board', 'operational-group')),
  area_name text,
  area_code text,
  parent_id integer references partnerships (id) on delete restrict,
  meeting_cadence text check (meeting_cadence in ('weekly', 'fortnightly', 'monthly', 'bi-monthly', 'quarterly', 'six-monthly', 'annually', 'as-needed')),
  purpose text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create unique index partnerships_name_key on partnerships (lower(name));
create index partnerships_parent_idx on partnerships (parent_id);

create table memberships (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  agency_id integer not null references agencies (id) on delete restrict,
  role text not null check (role in ('chair', 'vice-chair', 'member', 'observer', 'co-sponsor')),
  officer text,
  created_at timestamptz not null default now()
);
create unique index memberships_seat_key on memberships (partnership_id, agency_id, role, coalesce(officer, ''));
create index memberships_agency_idx on memberships (agency_id);

create table users (
  id integer generated always as identity primary key,
  email text not null,
  display_name text not null,
  agency_id integer not null references agencies (id) on delete restrict,
  password_hash text not null,
  is_admin boolean not null default false,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table user_roles (
  user_id integer not null references users (id) on delete cascade,
  partnership_id integer not null references partnerships (id) on delete cascade,
  role text not null check (role in ('viewer', 'contributor', 'coordinator')),
  primary key (user_id, partnership_id)
);

create table sessions (
  id text primary key,
  user_id integer not null references users (id) on delete cascade,
  flash jsonb,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id integer generated always as identity primary key,
  user_id integer not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  user_id integer references users (id) on delete set null,
  agency_id integer references agencies (id) on delete set null,
  action text not null,
  entity_type text,
  entity_id text,
  partnership_id integer,
  before jsonb,
  after jsonb,
  details jsonb,
  request_id text
);
create index audit_log_occurred_idx on audit_log (occurred_at desc);
create index audit_log_user_idx on audit_log (user_id);
create index audit_log_agency_idx on audit_log (agency_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
