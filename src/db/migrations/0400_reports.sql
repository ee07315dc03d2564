-- Reports: narrative written by coordinators per report and period, published versions (frozen content,
-- never changed), and each partnership's choice to publish on the public pages (off by default).

CREATE TABLE report_narratives (
  id integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  partnership_id integer NOT NULL REFERENCES partnerships (id),
  kind text NOT NULL CHECK (kind IN ('annual-review', 'assurance', 'progress-table')),
  period_key text NOT NULL,
  section_key text NOT NULL,
  body text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, kind, period_key, section_key)
);

CREATE TABLE report_versions (
  id integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  partnership_id integer NOT NULL REFERENCES partnerships (id),
  kind text NOT NULL CHECK (kind IN ('annual-review', 'assurance', 'progress-table')),
  period_key text NOT NULL,
  version_number integer NOT NULL CHECK (version_number > 0),
  content jsonb NOT NULL,
  published_by integer REFERENCES users (id),
  published_by_name text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, kind, period_key, version_number)
);

CREATE TABLE report_public_settings (
  partnership_id integer PRIMARY KEY REFERENCES partnerships (id),
  publishes boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

