-- A round writes one rendered email per person, a few kilobytes each. lz4 compresses them several times
-- faster than PostgreSQL's default (pglz) at a similar size; a server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE outbox_messages
        ALTER COLUMN text_body SET COMPRESSION lz4,
        ALTER COLUMN html_body SET COMPRESSION lz4,
        ALTER COLUMN attachments SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available on this server; outbox bodies keep the default compression';
END
$$;
