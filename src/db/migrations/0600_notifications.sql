-- Notifications: what each person is told (in SaferHub), how they want to hear of each kind, and the
-- transactional outbox of e-mails a background worker sends.

-- The outbox: one row per e-mail to send (one notification, or a day's digest). Its content is rendered
-- when it is sent, from the notifications that point at it; the row holds no address and no body.
create table notification_outbox (
  id bigint generated always as identity primary key,
  user_id integer not null references users (id) on delete cascade,
  kind text not null check (kind in ('immediate', 'digest')),
  digest_day date,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed', 'expired')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_at timestamptz,
  claimed_by text,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  check ((kind = 'digest') = (digest_day is not null))
);
create index notification_outbox_due_idx on notification_outbox (next_attempt_at) where state = 'pending';
create index notification_outbox_claimed_idx on notification_outbox (claimed_at) where state = 'sending';
create unique index notification_outbox_digest_key on notification_outbox (user_id, digest_day) where kind = 'digest';

create table notifications (
  id bigint generated always as identity primary key,
  user_id integer not null references users (id) on delete cascade,
  kind text not null,
  partnership_id integer references partnerships (id) on delete cascade,
  title text not null,
  path text not null check (path like '/%'),
  -- A reminder's key (round:12:overdue…): the same reminder is never given twice to one person.
  dedupe_key text,
  delivery text not null check (delivery in ('immediate', 'digest')),
  outbox_id bigint references notification_outbox (id) on delete set null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create unique index notifications_dedupe_key on notifications (user_id, dedupe_key) where dedupe_key is not null;
create index notifications_user_idx on notifications (user_id, created_at desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;
create index notifications_digest_idx on notifications (user_id) where delivery = 'digest' and outbox_id is null;
create index notifications_outbox_idx on notifications (outbox_id);

create table notification_preferences (
  user_id integer not null references users (id) on delete cascade,
  kind text not null,
  delivery text not null check (delivery in ('immediate', 'digest', 'off')),
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);
