-- Search: one GIN index per searchable record, on the same English text-search document the search
-- repository (src/modules/search/repository.ts) builds, so a search reads the index instead of every row.
-- Expression indexes leave the other modules' tables (and their schema.ts) unchanged; each expression here
-- must stay identical to its `document` in the repository, or PostgreSQL falls back to a sequential scan.

create index search_plan_actions on plan_actions using gin (to_tsvector('english', text));
create index search_progress_updates on progress_updates using gin (to_tsvector('english', narrative));
create index search_plan_priorities on plan_priorities
  using gin (to_tsvector('english', title || ' ' || coalesce(description, '') || ' ' || coalesce(ownership_statement, '')));
create index search_gov_agenda_minutes on gov_agenda_items
  using gin (to_tsvector('english', title || ' ' || coalesce(minutes, '')));
create index search_gov_decisions on gov_decisions using gin (to_tsvector('english', text));
create index search_gov_actions on gov_actions using gin (to_tsvector('english', description));
create index search_gov_risks on gov_risks
  using gin (to_tsvector('english', title || ' ' || coalesce(cause, '') || ' ' || coalesce(event, '') || ' ' || coalesce(effect, '')));
create index search_agencies on agencies using gin (to_tsvector('english', name || ' ' || coalesce(short_name, '')));
create index search_partnerships on partnerships
  using gin (to_tsvector('english', name || ' ' || coalesce(short_name, '') || ' ' || coalesce(area_name, '') || ' ' || coalesce(purpose, '')));
create index search_evidence_indicators on evidence_indicators using gin (to_tsvector('english', name || ' ' || source));
