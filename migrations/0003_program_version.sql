-- Each program carries a version, bumped by every change to what it says (however the change is
-- made: the seeder, a status sweep, an operator's SQL). Cached chat answers are keyed by the
-- versions of the programs they were written from, so a changed program is never answered from
-- a stale entry.

ALTER TABLE funding_programs ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE FUNCTION funding_programs_bump_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- Generated columns are not computed yet in a BEFORE trigger; the bookkeeping ones say nothing.
    IF to_jsonb(NEW) - ARRAY['version', 'updated_at', 'search_document']
        IS DISTINCT FROM to_jsonb(OLD) - ARRAY['version', 'updated_at', 'search_document'] THEN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER funding_programs_version
    BEFORE UPDATE ON funding_programs
    FOR EACH ROW EXECUTE FUNCTION funding_programs_bump_version();
