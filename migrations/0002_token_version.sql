-- Access tokens carry the account's token version; a token of an older version is refused.
-- The version goes up whenever the password or the role changes, however the change is made
-- (the API, an operator's SQL), and on "sign out everywhere".

ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;

CREATE FUNCTION users_bump_token_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.role IS DISTINCT FROM OLD.role THEN
        NEW.token_version := OLD.token_version + 1;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER users_token_version
    BEFORE UPDATE OF password_hash, role ON users
    FOR EACH ROW EXECUTE FUNCTION users_bump_token_version();
