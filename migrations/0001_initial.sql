-- Connect schema: organizations, users, funding programs, matches, AI records, jobs.
-- UUID keys come from gen_random_uuid() (built in since PostgreSQL 13).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- array_to_string is only STABLE; this wrapper lets a generated column use it on text[].
CREATE FUNCTION connect_join_text(text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;

CREATE TABLE organizations (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type                 text NOT NULL CHECK (type IN ('COMPANY', 'RESEARCH_INSTITUTE', 'UNIVERSITY', 'PUBLIC_INSTITUTION')),
    business_structure   text CHECK (business_structure IN ('CORPORATION', 'SOLE_PROPRIETOR', 'NON_PROFIT', 'GOVERNMENT')),
    industry_sector      text,
    employee_count       text CHECK (employee_count IN ('UNDER_10', 'FROM_10_TO_50', 'FROM_50_TO_100', 'FROM_100_TO_300', 'OVER_300')),
    revenue_range        text CHECK (revenue_range IN ('UNDER_1B', 'FROM_1B_TO_10B', 'FROM_10B_TO_50B', 'FROM_50B_TO_100B', 'OVER_100B')),
    trl                  smallint CHECK (trl BETWEEN 1 AND 9),
    key_technologies     text[] NOT NULL DEFAULT '{}',
    research_focus_areas text[] NOT NULL DEFAULT '{}',
    certifications       text[] NOT NULL DEFAULT '{}',
    region               text,
    rd_experience        boolean NOT NULL DEFAULT false,
    established_on       date,
    -- Bumped on every profile change; part of the explanation cache key.
    data_version         integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email           text NOT NULL CHECK (position('@' IN email) > 1),
    password_hash   text NOT NULL,
    name            text NOT NULL,
    role            text NOT NULL DEFAULT 'USER' CHECK (role IN ('USER', 'ADMIN')),
    organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
    last_login_at   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organization_idx ON users (organization_id);

CREATE TABLE funding_programs (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency                      text NOT NULL,
    ministry                    text,
    title                       text NOT NULL,
    description                 text NOT NULL DEFAULT '',
    announcement_url            text,
    budget_krw                  bigint CHECK (budget_krw >= 0),
    application_start           timestamptz,
    deadline                    timestamptz,
    published_at                timestamptz,
    target_types                text[] NOT NULL DEFAULT '{}',
    min_trl                     smallint CHECK (min_trl BETWEEN 1 AND 9),
    max_trl                     smallint CHECK (max_trl BETWEEN 1 AND 9),
    category                    text,
    keywords                    text[] NOT NULL DEFAULT '{}',
    required_certifications     text[] NOT NULL DEFAULT '{}',
    allowed_business_structures text[] NOT NULL DEFAULT '{}',
    status                      text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'EXPIRED', 'ARCHIVED')),
    content_hash                text NOT NULL UNIQUE,
    -- Lower-cased title, description and keywords, searched with trigrams (works for Korean).
    search_document             text GENERATED ALWAYS AS (
        lower(title || ' ' || description || ' ' || connect_join_text(keywords) || ' ' || coalesce(category, ''))
    ) STORED,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    CHECK (min_trl IS NULL OR max_trl IS NULL OR min_trl <= max_trl)
);
CREATE INDEX funding_programs_status_deadline_idx ON funding_programs (status, deadline);
CREATE INDEX funding_programs_agency_idx ON funding_programs (agency, status);
CREATE INDEX funding_programs_search_idx ON funding_programs USING gin (search_document gin_trgm_ops);
CREATE INDEX funding_programs_keywords_idx ON funding_programs USING gin (keywords);

CREATE TABLE funding_matches (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    program_id      uuid NOT NULL REFERENCES funding_programs (id) ON DELETE CASCADE,
    score           smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    breakdown       jsonb NOT NULL DEFAULT '{}',
    eligibility     text NOT NULL CHECK (eligibility IN ('FULLY', 'CONDITIONALLY', 'INELIGIBLE')),
    viewed          boolean NOT NULL DEFAULT false,
    viewed_at       timestamptz,
    saved           boolean NOT NULL DEFAULT false,
    saved_at        timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, program_id)
);
CREATE INDEX funding_matches_organization_score_idx ON funding_matches (organization_id, score DESC);
CREATE INDEX funding_matches_program_idx ON funding_matches (program_id);

CREATE TABLE saved_programs (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id uuid NOT NULL REFERENCES funding_programs (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, program_id)
);
CREATE INDEX saved_programs_user_created_idx ON saved_programs (user_id, created_at DESC);

CREATE TABLE chat_conversations (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_conversations_user_idx ON chat_conversations (user_id, updated_at DESC);

CREATE TABLE chat_messages (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('user', 'assistant')),
    content         text NOT NULL,
    sources         uuid[] NOT NULL DEFAULT '{}',
    source          text CHECK (source IN ('ai', 'local', 'fallback')),
    input_tokens    integer NOT NULL DEFAULT 0,
    output_tokens   integer NOT NULL DEFAULT 0,
    cost_krw        numeric(12, 4) NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, created_at);

CREATE TABLE ai_feedback (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_type text NOT NULL CHECK (service_type IN ('MATCH_EXPLANATION', 'QA_CHAT')),
    resource_id  text NOT NULL,
    rating       text NOT NULL CHECK (rating IN ('HELPFUL', 'NOT_HELPFUL')),
    comment      text CHECK (length(comment) <= 2000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, service_type, resource_id)
);

CREATE TABLE ai_usage (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind          text NOT NULL CHECK (kind IN ('MATCH_EXPLANATION', 'QA_CHAT')),
    provider      text NOT NULL,
    model         text NOT NULL,
    input_tokens  integer NOT NULL DEFAULT 0,
    output_tokens integer NOT NULL DEFAULT 0,
    cost_krw      numeric(12, 4) NOT NULL DEFAULT 0,
    cache_hit     boolean NOT NULL DEFAULT false,
    latency_ms    integer NOT NULL DEFAULT 0,
    outcome       text NOT NULL CHECK (outcome IN ('success', 'error', 'timeout', 'fallback', 'rate_limited')),
    user_id       uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_usage_created_idx ON ai_usage (created_at);
CREATE INDEX ai_usage_kind_created_idx ON ai_usage (kind, created_at);

CREATE TABLE jobs (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind            text NOT NULL,
    status          text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'DEAD')),
    payload         jsonb NOT NULL DEFAULT '{}',
    result          jsonb,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    user_id         uuid REFERENCES users (id) ON DELETE SET NULL,
    organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_status_idx ON jobs (status, created_at);
CREATE INDEX jobs_organization_idx ON jobs (organization_id, created_at DESC);
