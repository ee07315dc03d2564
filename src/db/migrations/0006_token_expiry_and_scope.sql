-- API tokens expire (90 days by default, at most 365) and may be read-only and limited to one partnership.
-- Calendar keys (scope 'calendar') only read meeting calendars and keep no expiry; they are revocable.
alter table api_tokens add column expires_at timestamptz;
alter table api_tokens add column read_only boolean not null default false;
alter table api_tokens add column partnership_id integer references partnerships (id) on delete cascade;
-- Tokens made before expiry existed stop working 90 days from now.
update api_tokens set expires_at = now() + interval '90 days' where scope = 'api' and revoked_at is null;
