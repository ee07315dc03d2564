-- A token is for the API (a bearer token, full access as its owner) or for calendar subscriptions (a secret
-- in a feed address that only reads meeting calendars). Each works only where its scope allows.
alter table api_tokens add column scope text not null default 'api' check (scope in ('api', 'calendar'));
