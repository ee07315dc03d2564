-- Evidence: areas, populations, indicators, observations, comparator groups, imports, police.uk records.
-- See src/modules/evidence/schema.ts for the model in words.

create table evidence_imports (
  id integer generated always as identity primary key,
  kind text not null check (kind in ('areas', 'population', 'indicators', 'observations', 'police-uk-street',
    'police-uk-outcomes', 'police-uk-stop-and-search', 'home-office-csp')),
  file_name text not null,
  sha256 text not null,
  status text not null check (status in ('succeeded', 'refused')),
  rows_read integer not null default 0,
  rows_written integer not null default 0,
  summary jsonb,
  user_id integer references users (id) on delete set null,
  created_at timestamptz not null default now()
);
-- Idempotency: the same content of the same kind succeeds once.
create unique index evidence_imports_content_key on evidence_imports (kind, sha256) where status = 'succeeded';
create index evidence_imports_created_idx on evidence_imports (created_at desc);

create table evidence_areas (
  code text primary key,
  name text not null,
  type text not null check (type in ('country', 'region', 'police-force-area', 'csp', 'local-authority', 'ward', 'lsoa')),
  parent_code text references evidence_areas (code) on delete restrict deferrable initially deferred,
  ward_code text references evidence_areas (code) on delete set null deferrable initially deferred,
  centroid_lon double precision,
  centroid_lat double precision,
  import_id integer references evidence_imports (id) on delete set null,
  updated_at timestamptz not null default now(),
  check (parent_code is null or parent_code <> code)
);
create index evidence_areas_parent_idx on evidence_areas (parent_code);
create index evidence_areas_type_idx on evidence_areas (type, name);
create index evidence_areas_ward_idx on evidence_areas (ward_code);

create table evidence_area_populations (
  area_code text not null references evidence_areas (code) on delete cascade,
  year integer not null check (year between 1800 and 2200),
  population integer not null check (population >= 0),
  import_id integer references evidence_imports (id) on delete set null,
  primary key (area_code, year)
);

create table evidence_indicators (
  key text primary key,
  name text not null,
  unit text not null check (unit in ('count', 'rate', 'proportion')),
  multiplier double precision not null default 1 check (multiplier > 0),
  polarity text not null check (polarity in ('higher-is-better', 'lower-is-better', 'no-judgement')),
  period_type text not null check (period_type in ('month', 'quarter', 'financial-year', 'calendar-year')),
  source text not null default '',
  small_number_threshold integer not null default 5 check (small_number_threshold >= 0),
  import_id integer references evidence_imports (id) on delete set null,
  updated_at timestamptz not null default now()
);

create table evidence_observations (
  id bigint generated always as identity primary key,
  indicator_key text not null references evidence_indicators (key) on delete cascade,
  area_code text not null references evidence_areas (code) on delete cascade,
  period text not null,
  period_type text not null check (period_type in ('month', 'quarter', 'financial-year', 'calendar-year')),
  period_start date not null,
  numerator double precision not null check (numerator >= 0),
  denominator double precision check (denominator is null or denominator > 0),
  value double precision,
  import_id integer references evidence_imports (id) on delete set null
);
create unique index evidence_observations_key on evidence_observations (indicator_key, area_code, period);
create index evidence_observations_area_idx on evidence_observations (area_code, period_start);
create index evidence_observations_indicator_period_idx on evidence_observations (indicator_key, period_start);

create table evidence_comparator_groups (
  id integer generated always as identity primary key,
  name text not null,
  area_code text references evidence_areas (code) on delete cascade,
  description text,
  created_at timestamptz not null default now()
);
create unique index evidence_comparator_groups_name_key on evidence_comparator_groups (lower(name));

create table evidence_comparator_members (
  group_id integer not null references evidence_comparator_groups (id) on delete cascade,
  area_code text not null references evidence_areas (code) on delete cascade,
  primary key (group_id, area_code)
);

-- police.uk street-level records: one row per record of a monthly force file, kept whole. Imports COPY the
-- file's columns straight in: `import_id` comes from the transaction's setting saferhub.import_id, `month`
-- stays as written (YYYY-MM) and the crime type's slug is derived by the database.
create table evidence_police_records (
  id bigint generated always as identity primary key,
  import_id integer not null default current_setting('saferhub.import_id')::integer references evidence_imports (id) on delete cascade,
  crime_id text,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  reported_by text not null,
  falls_within text not null,
  longitude double precision,
  latitude double precision,
  location text,
  lsoa_code text,
  lsoa_name text,
  crime_type text not null,
  crime_type_slug text generated always as (case crime_type when 'Anti-social behaviour' then 'anti-social-behaviour' when 'Bicycle theft' then 'bicycle-theft' when 'Burglary' then 'burglary' when 'Criminal damage and arson' then 'criminal-damage-arson' when 'Drugs' then 'drugs' when 'Other theft' then 'other-theft' when 'Possession of weapons' then 'possession-of-weapons' when 'Public order' then 'public-order' when 'Robbery' then 'robbery' when 'Shoplifting' then 'shoplifting' when 'Theft from the person' then 'theft-from-the-person' when 'Vehicle crime' then 'vehicle-crime' when 'Violence and sexual offences' then 'violent-crime' when 'Other crime' then 'other-crime' end) stored check (crime_type_slug is not null),
  last_outcome text,
  context text
);
create index evidence_police_records_lsoa_idx on evidence_police_records (lsoa_code, month);
create index evidence_police_records_month_idx on evidence_police_records (month, falls_within);
create index evidence_police_records_import_idx on evidence_police_records (import_id);

create table evidence_police_outcomes (
  id bigint generated always as identity primary key,
  import_id integer not null default current_setting('saferhub.import_id')::integer references evidence_imports (id) on delete cascade,
  crime_id text not null,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  reported_by text not null,
  falls_within text not null,
  longitude double precision,
  latitude double precision,
  location text,
  lsoa_code text,
  lsoa_name text,
  outcome_type text not null
);
create index evidence_police_outcomes_crime_idx on evidence_police_outcomes (crime_id);
create index evidence_police_outcomes_import_idx on evidence_police_outcomes (import_id);

-- police.uk stop and search: the file names no force, so the import takes it from the file name.
create table evidence_stop_searches (
  id bigint generated always as identity primary key,
  import_id integer not null default current_setting('saferhub.import_id')::integer references evidence_imports (id) on delete cascade,
  force text not null default current_setting('saferhub.force'),
  type text not null,
  occurred_at timestamptz not null,
  part_of_policing_operation boolean,
  policing_operation text,
  latitude double precision,
  longitude double precision,
  gender text,
  age_range text,
  self_defined_ethnicity text,
  officer_defined_ethnicity text,
  legislation text,
  object_of_search text,
  outcome text,
  outcome_linked_to_object boolean,
  removal_of_more_than_outer_clothing boolean
);
create index evidence_stop_searches_import_idx on evidence_stop_searches (import_id);
create index evidence_stop_searches_time_idx on evidence_stop_searches (occurred_at);
