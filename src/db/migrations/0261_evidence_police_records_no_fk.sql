-- Speed of police.uk imports: checking the foreign key to evidence_imports on every COPied row took about
-- half of the COPY time (bench/import). These rows can only be written inside an import's transaction
-- (import_id defaults to that transaction's setting saferhub.import_id, and there is no default outside
-- one), the history row is written in the same transaction, and import history rows are never deleted;
-- so the per-row check is dropped. The import_id indexes stay.
alter table evidence_police_records drop constraint if exists evidence_police_records_import_id_fkey;
alter table evidence_police_outcomes drop constraint if exists evidence_police_outcomes_import_id_fkey;
alter table evidence_stop_searches drop constraint if exists evidence_stop_searches_import_id_fkey;
