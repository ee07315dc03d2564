-- Consultations and disclosures are logged (Data Protection Act 2018 s62), and the log is kept for a set time.

-- The check "has this person already been logged reading this record in the last minute?" and the search by
-- person read one person's latest entries; the search by record also looks up a partnership's entries.
create index audit_log_user_time_idx on audit_log (user_id, occurred_at desc);
create index audit_log_partnership_idx on audit_log (partnership_id);
create index audit_log_channel_idx on audit_log (channel);

-- Retention: `saferhub audit prune`, run as the owner role, removes the entries older than
-- AUDIT_RETENTION_DAYS together with their links, and writes a checkpoint: the last removed link's sequence
-- number and hash, from which `saferhub audit verify` goes on checking the chain. Checkpoints are never
-- changed or removed, and the app's role may only read them (src/db/roles.ts).
create table audit_checkpoint (
  id bigint generated always as identity primary key,
  seq bigint not null,
  entry_id bigint not null,
  hash text not null,
  entries_removed bigint not null,
  removed_before timestamptz not null,
  pruned_at timestamptz not null default now()
);
create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
  for each row execute function audit_append_only();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
  for each statement execute function audit_append_only();

-- Rows of the log and its chain are still refused on update, delete and truncate, except a delete made by a
-- prune: one that set saferhub.audit_prune for its transaction. Only a role with DELETE on the tables can
-- try, which the app's role is not (it holds no DELETE on them).
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('saferhub.audit_prune', true) = 'on' then
    return old;
  end if;
  raise exception 'audit_log is append-only';
end;
$$;
create or replace function audit_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and tg_level = 'ROW' and tg_table_name = 'audit_chain'
     and current_setting('saferhub.audit_prune', true) = 'on' then
    return old;
  end if;
  raise exception '% is append-only', tg_table_name;
end;
$$;
