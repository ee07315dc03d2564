-- The plan scorecard's measures: an indicator for an area, a benchmark area and optionally a comparator group,
-- a baseline period and one target (a value to reach, a direction, or a position). The figures themselves
-- stay in the evidence tables and are read live; indicator, area and group are checked by the service (the
-- evidence tables are created by a later migration, so there is no foreign key to them).

create table plan_measures (
  id integer generated always as identity primary key,
  plan_id integer not null references plans (id) on delete cascade,
  priority_id integer references plan_priorities (id) on delete set null,
  position integer not null default 1,
  indicator_key text not null,
  area_code text not null,
  benchmark_code text,
  comparator_group_id integer,
  baseline_period text not null,
  target_kind text not null check (target_kind in ('value', 'direction', 'position')),
  target_value double precision,
  target_direction text check (target_direction in ('reduce', 'increase', 'hold')),
  target_position text check (target_position in ('better-than-benchmark', 'best-half')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (
    (target_kind = 'value' and target_value is not null and target_direction is null and target_position is null)
    or (target_kind = 'direction' and target_direction is not null and target_value is null and target_position is null)
    or (target_kind = 'position' and target_position is not null and target_value is null and target_direction is null)
  )
);
create index plan_measures_plan_idx on plan_measures (plan_id, position);
