-- Imports that run in the background (the upload page): the history row is written first, as 'running',
-- and records how far the import has gone, so that any server process can show its progress. The import
-- itself stays one transaction; this row only tells people about it. A row left 'running' whose heartbeat
-- (progress_at) has stopped belongs to a process that stopped: it is marked 'failed' when next looked at.
alter table evidence_imports drop constraint evidence_imports_status_check;
alter table evidence_imports add constraint evidence_imports_status_check check (status in ('running', 'succeeded', 'refused', 'failed'));
alter table evidence_imports add column bytes_total bigint not null default 0;
alter table evidence_imports add column bytes_done bigint not null default 0;
alter table evidence_imports add column rows_done integer not null default 0;
alter table evidence_imports add column progress_at timestamptz;
alter table evidence_imports add column finished_at timestamptz;
create index evidence_imports_running_idx on evidence_imports (progress_at) where status = 'running';
