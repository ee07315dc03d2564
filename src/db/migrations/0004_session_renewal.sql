-- A session whose user's privileges changed gets a new id (a new cookie) on its next page request.
alter table sessions add column renew boolean not null default false;
