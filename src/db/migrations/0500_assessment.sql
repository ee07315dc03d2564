-- The strategic assessment: per partnership and year, its evidence pack, themes with findings, the
-- prioritisation matrix, the priorities adopted from it, and the partners' contributions.

create table assessments (
  id integer generated always as identity primary key,
  partnership_id integer not null references partnerships (id) on delete cascade,
  year integer not null check (year between 1990 and 2100),
  title text not null,
  status text not null default 'draft' check (status in ('draft', 'agreed')),
  summary text,
  benchmark_code text not null default 'E92000001',
  -- null: every indicator held for the partnership's area
  indicator_keys jsonb,
  -- the evidence pack as last built (refreshed on demand while a draft, frozen once agreed)
  pack jsonb,
  pack_built_at timestamptz,
  -- the matrix's criteria: [{ key, label, weight, rule }]
  criteria jsonb not null,
  -- the ranked matrix as agreed (weights, scores, reasons), kept with the agreed assessment
  agreed_matrix jsonb,
  adopted_plan_id integer references plans (id) on delete set null,
  agreed_at timestamptz,
  agreed_by integer references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (partnership_id, year)
);

create table assessment_themes (
  id integer generated always as identity primary key,
  assessment_id integer not null references assessments (id) on delete cascade,
  position integer not null,
  title text not null,
  description text,
  -- the indicator whose pack row pre-scores the data criteria
  indicator_key text,
  -- scores given by analysts and overrides of pre-scores: { criterionKey: { score, reason } }
  scores jsonb not null default '{}'::jsonb,
  decision text check (decision in ('adopted', 'not-adopted')),
  decision_reason text,
  priority_id integer references plan_priorities (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index assessment_themes_assessment_idx on assessment_themes (assessment_id, position);

create table assessment_files (
  id integer generated always as identity primary key,
  assessment_id integer not null references assessments (id) on delete cascade,
  contribution_id integer,
  file_name text not null,
  content_type text not null,
  size integer not null,
  content bytea not null,
  uploaded_by integer references users (id) on delete set null,
  uploaded_at timestamptz not null default now()
);
create index assessment_files_assessment_idx on assessment_files (assessment_id);

create table assessment_findings (
  id integer generated always as identity primary key,
  theme_id integer not null references assessment_themes (id) on delete cascade,
  position integer not null,
  statement text not null,
  -- a figure as the source states it (e.g. "-13%"), or one linked to an indicator (shown live until agreed)
  figure_text text,
  indicator_key text,
  frozen_figure jsonb,
  source_kind text not null check (source_kind in ('indicator', 'import', 'document')),
  source_title text,
  source_date date,
  source_url text,
  import_id integer,
  file_id integer references assessment_files (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index assessment_findings_theme_idx on assessment_findings (theme_id, position);

create table assessment_contribution_requests (
  id integer generated always as identity primary key,
  assessment_id integer not null references assessments (id) on delete cascade,
  due_date date not null,
  message text,
  opened_by integer references users (id) on delete set null,
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  version integer not null default 1
);
create index assessment_contribution_requests_idx on assessment_contribution_requests (assessment_id);

create table assessment_contributions (
  id integer generated always as identity primary key,
  request_id integer not null references assessment_contribution_requests (id) on delete cascade,
  agency_id integer not null references agencies (id) on delete restrict,
  view text not null,
  author_id integer references users (id) on delete set null,
  author_name text not null,
  version integer not null default 1,
  submitted_at timestamptz not null default now(),
  unique (request_id, agency_id)
);

alter table assessment_files
  add constraint assessment_files_contribution_fk foreign key (contribution_id) references assessment_contributions (id) on delete cascade;
