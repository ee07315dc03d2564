-- Evidence: area boundaries for the hotspot maps (GeoJSON geometry in WGS84 longitude/latitude, simplified).
create table evidence_area_boundaries (
  area_code text primary key references evidence_areas (code) on delete cascade,
  geometry jsonb not null,
  source text not null default '',
  updated_at timestamptz not null default now()
);
