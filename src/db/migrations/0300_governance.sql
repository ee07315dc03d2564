-- Governance: meetings, agenda, attendance, minutes, decisions, actions arising, and the shared risk register.
-- priority_id columns refer to plan_priorities (plans module) by id; they carry no foreign key so that the
-- governance tables never depend on the plans module's migrations. Pages join to it when it exists.

create table gov_meetings (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  title text not null,
  kind text not null check (kind in ('board', 'tactical', 'scrutiny', 'extraordinary')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  location text,
  online_url text,
  minutes_status text not null default 'draft' check (minutes_status in ('draft', 'approved')),
  minutes_approved_at_meeting_id integer references gov_meetings (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index gov_meetings_partnership_idx on gov_meetings (partnership_id, starts_at);

create table gov_agenda_items (
  id integer generated always as identity primary key,
  meeting_id integer not null references gov_meetings (id) on delete cascade,
  position integer not null,
  title text not null,
  presenting_agency_id integer references agencies (id) on delete set null,
  priority_id integer,
  report_url text,
  papers jsonb not null default '[]'::jsonb,
  minutes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index gov_agenda_items_meeting_idx on gov_agenda_items (meeting_id, position);

create table gov_attendance (
  meeting_id integer not null references gov_meetings (id) on delete cascade,
  agency_id integer not null references agencies (id) on delete cascade,
  status text not null check (status in ('present', 'apologies', 'absent', 'represented')),
  officer text,
  primary key (meeting_id, agency_id)
);

create table gov_decisions (
  id integer generated always as identity primary key,
  meeting_id integer not null references gov_meetings (id) on delete cascade,
  agenda_item_id integer references gov_agenda_items (id) on delete set null,
  text text not null,
  created_at timestamptz not null default now()
);
create index gov_decisions_meeting_idx on gov_decisions (meeting_id);

create table gov_actions (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  meeting_id integer not null references gov_meetings (id) on delete cascade,
  agenda_item_id integer references gov_agenda_items (id) on delete set null,
  description text not null,
  owner_agency_id integer not null references agencies (id) on delete restrict,
  owner_officer text,
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'done', 'dropped')),
  status_reason text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'dropped' or status_reason is not null)
);
create index gov_actions_partnership_idx on gov_actions (partnership_id, status, due_on);

create table gov_risks (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  priority_id integer,
  title text not null,
  cause text,
  event text,
  effect text,
  owner_agency_id integer not null references agencies (id) on delete restrict,
  cosponsor_agency_id integer references agencies (id) on delete set null,
  inherent_likelihood integer not null check (inherent_likelihood between 1 and 5),
  inherent_impact integer not null check (inherent_impact between 1 and 5),
  residual_likelihood integer not null check (residual_likelihood between 1 and 5),
  residual_impact integer not null check (residual_impact between 1 and 5),
  last_reviewed_on date not null,
  next_review_on date not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  closed_reason text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'closed' or closed_reason is not null)
);
create index gov_risks_partnership_idx on gov_risks (partnership_id, status);

create table gov_risk_scores (
  id integer generated always as identity primary key,
  risk_id integer not null references gov_risks (id) on delete cascade,
  assessed_on date not null,
  period_key text not null,
  inherent_likelihood integer not null check (inherent_likelihood between 1 and 5),
  inherent_impact integer not null check (inherent_impact between 1 and 5),
  residual_likelihood integer not null check (residual_likelihood between 1 and 5),
  residual_impact integer not null check (residual_impact between 1 and 5),
  note text,
  recorded_by integer references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index gov_risk_scores_risk_idx on gov_risk_scores (risk_id, assessed_on);

create table gov_risk_mitigations (
  id integer generated always as identity primary key,
  risk_id integer not null references gov_risks (id) on delete cascade,
  action text not null,
  owner_agency_id integer not null references agencies (id) on delete restrict,
  status text not null default 'planned' check (status in ('planned', 'in-progress', 'done')),
  due_on date,
  created_at timestamptz not null default now()
);
create index gov_risk_mitigations_risk_idx on gov_risk_mitigations (risk_id);
