-- Plans: strategies, priorities, actions, key areas of focus, progress rounds and updates, assurance.

create table plans (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  title text not null,
  first_year integer not null check (first_year between 1990 and 2100),
  last_year integer not null check (last_year between 1990 and 2100),
  status text not null check (status in ('draft', 'agreed', 'superseded')),
  strategic_assessment text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (last_year >= first_year)
);
create index plans_partnership_idx on plans (partnership_id);

create table plan_priorities (
  id integer generated always as identity primary key,
  plan_id integer not null references plans (id) on delete cascade,
  number integer not null check (number > 0),
  title text not null,
  description text,
  activities jsonb not null default '[]'::jsonb,
  ownership_level text check (ownership_level in ('strong', 'joint', 'shared', 'developing', 'weak')),
  ownership_statement text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index plan_priorities_number_key on plan_priorities (plan_id, number);

create table plan_priority_sponsors (
  priority_id integer not null references plan_priorities (id) on delete cascade,
  agency_id integer not null references agencies (id) on delete restrict,
  primary key (priority_id, agency_id)
);

create table plan_actions (
  id integer generated always as identity primary key,
  plan_id integer not null references plans (id) on delete cascade,
  priority_id integer not null references plan_priorities (id) on delete cascade,
  position integer not null default 1,
  text text not null,
  target_date date,
  status text not null check (status in ('not-started', 'in-progress', 'ongoing', 'complete', 'stopped')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index plan_actions_priority_idx on plan_actions (priority_id, position);
create index plan_actions_plan_idx on plan_actions (plan_id);

create table plan_action_agencies (
  action_id integer not null references plan_actions (id) on delete cascade,
  agency_id integer not null references agencies (id) on delete restrict,
  role text not null check (role in ('lead', 'supporting')),
  primary key (action_id, agency_id)
);
create index plan_action_agencies_agency_idx on plan_action_agencies (agency_id, role);

create table plan_focus_areas (
  id integer generated always as identity primary key,
  plan_id integer not null references plans (id) on delete cascade,
  position integer not null,
  text text not null
);
create index plan_focus_areas_plan_idx on plan_focus_areas (plan_id, position);

create table progress_rounds (
  id integer generated always as identity primary key,
  plan_id integer not null references plans (id) on delete cascade,
  period_key text not null,
  due_date date not null,
  opened_by integer references users (id) on delete set null,
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  closed_by integer references users (id) on delete set null,
  version integer not null default 1
);
create unique index progress_rounds_period_key on progress_rounds (plan_id, period_key);

-- Each submission is a new row (version 1, 2, …) for its round and action; text is never overwritten.
create table progress_updates (
  id integer generated always as identity primary key,
  round_id integer not null references progress_rounds (id) on delete cascade,
  action_id integer not null references plan_actions (id) on delete cascade,
  version integer not null check (version > 0),
  rag text not null check (rag in ('red', 'amber', 'green', 'complete', 'not-started')),
  narrative text not null,
  evidence_url text,
  state text not null check (state in ('submitted', 'returned', 'accepted')),
  author_id integer references users (id) on delete set null,
  author_name text not null,
  author_agency_id integer references agencies (id) on delete set null,
  submitted_at timestamptz not null default now(),
  review_comment text,
  reviewed_by integer references users (id) on delete set null,
  reviewer_name text,
  reviewed_at timestamptz
);
create unique index progress_updates_version_key on progress_updates (round_id, action_id, version);
create index progress_updates_action_idx on progress_updates (action_id);

create table assurance_dimensions (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  position integer not null,
  name text not null
);
create unique index assurance_dimensions_name_key on assurance_dimensions (partnership_id, lower(name));

create table assurance_ratings (
  id integer generated always as identity primary key,
  priority_id integer not null references plan_priorities (id) on delete cascade,
  dimension_id integer not null references assurance_dimensions (id) on delete cascade,
  period_key text not null,
  rating text not null check (rating in ('strong', 'established', 'developing', 'weak')),
  narrative text,
  version integer not null default 1,
  updated_by integer references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
create unique index assurance_ratings_key on assurance_ratings (priority_id, dimension_id, period_key);
