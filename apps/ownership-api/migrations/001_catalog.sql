-- The ownership catalog. Every fact keeps the source that last stated it and
-- when (observed_at), so a reader can tell a catalog file from a deploy event.

CREATE TABLE teams (
  name text PRIMARY KEY,
  display_name text,
  slack_channel text,
  escalation_contact text,
  -- Members as { ref, email, slackId }, from Backstage User entities.
  members jsonb NOT NULL DEFAULT '[]',
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE systems (
  name text PRIMARY KEY,
  owner_team text,
  criticality text,
  description text,
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- owner_team has no foreign key: catalog files often name a team that another
-- repository defines, and either may be imported first.
CREATE TABLE services (
  name text PRIMARY KEY,
  owner_team text,
  system text,
  criticality text,
  lifecycle text,
  repository text,
  language text,
  libraries jsonb NOT NULL DEFAULT '[]',
  dependencies jsonb NOT NULL DEFAULT '[]',
  -- Overrides the team's channel for this service's findings.
  slack_channel text,
  description text,
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_owner_team ON services (owner_team);

-- Where a service runs. NULL cluster or namespace matches any. A row with a
-- workload name is a workload placement; one with a label selector matches pods
-- carrying those labels; one with neither is the namespace default.
CREATE TABLE placements (
  id bigserial PRIMARY KEY,
  service_name text NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  -- Canonical text of cluster, namespace, workload and selector; unique per service.
  placement_key text NOT NULL,
  cluster text,
  namespace text,
  workload_kind text,
  workload_name text,
  label_selector jsonb,
  -- Last image deployed there, from the deploy webhook.
  image text,
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_name, placement_key)
);
CREATE INDEX placements_workload ON placements (workload_name) WHERE workload_name IS NOT NULL;
CREATE INDEX placements_label_namespace ON placements (namespace) WHERE label_selector IS NOT NULL;
CREATE INDEX placements_namespace_default ON placements (namespace)
  WHERE workload_name IS NULL AND label_selector IS NULL;
CREATE INDEX placements_service ON placements (service_name);

CREATE TABLE service_images (
  service_name text NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  -- Image repository without tag or digest, such as ghcr.io/acme/payments-api.
  repository text NOT NULL,
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_name, repository)
);
CREATE INDEX service_images_repository ON service_images (repository);

-- AWS resources mapped to services by a tag. service_name has no foreign key so
-- that tags imported before the catalog start matching once the service exists.
CREATE TABLE cloud_resources (
  arn text PRIMARY KEY,
  account_id text NOT NULL,
  resource_type text NOT NULL,
  service_name text NOT NULL,
  tags jsonb NOT NULL DEFAULT '{}',
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cloud_resources_account ON cloud_resources (account_id);
CREATE INDEX cloud_resources_service ON cloud_resources (service_name);

-- One scanner's latest report on one target (an image or a manifest) of a service.
CREATE TABLE vulnerability_summaries (
  service_name text NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  scanner text NOT NULL,
  target text NOT NULL,
  image_repository text,
  image_tag text,
  critical integer NOT NULL DEFAULT 0,
  high integer NOT NULL DEFAULT 0,
  medium integer NOT NULL DEFAULT 0,
  low integer NOT NULL DEFAULT 0,
  unknown integer NOT NULL DEFAULT 0,
  fixable integer NOT NULL DEFAULT 0,
  -- The most severe findings as { id, severity, package, installedVersion, fixedVersion }.
  top_vulnerabilities jsonb NOT NULL DEFAULT '[]',
  source text NOT NULL,
  observed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_name, scanner, target)
);

-- Bearer tokens, stored as SHA-256 hashes of the random token text.
CREATE TABLE api_tokens (
  name text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_key text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_key);
