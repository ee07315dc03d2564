-- The audit log meets the Data Protection Act 2018 s62 duty: reads and downloads are logged as well as
-- changes, with the channel and the client address, and the log is tamper-evident.

alter table audit_log add column channel text;
alter table audit_log add column client_address text;
create index audit_log_entity_idx on audit_log (entity_type, entity_id);

-- Nothing may rewrite or empty the log: rows are refused on update and delete (0001), and the table on
-- truncate, whoever asks. (The app's own database role cannot even try: see src/db/roles.ts.)
create function audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_append_only();

-- The hash chain: each entry, in the order it was sealed, with the hash of the previous link and its own,
-- sha256(previous hash || the entry's canonical text). `saferhub audit verify` recomputes it.
create table audit_chain (
  seq bigint primary key,
  entry_id bigint not null unique references audit_log (id),
  prev_hash text not null,
  hash text not null,
  sealed_at timestamptz not null default now()
);
create trigger audit_chain_no_update before update or delete on audit_chain
  for each row execute function audit_append_only();
create trigger audit_chain_no_truncate before truncate on audit_chain
  for each statement execute function audit_append_only();

-- An entry's canonical text: every column, by name, with the time in UTC to the microsecond, so the same
-- row always gives the same text whatever the session's settings.
create function audit_entry_text(e audit_log) returns text language sql stable as $$
  select jsonb_build_object(
    'id', e.id,
    'occurred_at', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'user_id', e.user_id,
    'agency_id', e.agency_id,
    'action', e.action,
    'entity_type', e.entity_type,
    'entity_id', e.entity_id,
    'partnership_id', e.partnership_id,
    'before', e.before,
    'after', e.after,
    'details', e.details,
    'request_id', e.request_id,
    'channel', e.channel,
    'client_address', e.client_address
  )::text
$$;
