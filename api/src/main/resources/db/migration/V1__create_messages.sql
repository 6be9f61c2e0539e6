-- Messages are read as "the newest N below an id": ORDER BY id DESC LIMIT N walks the primary key index
-- backwards and stops after N rows, so a page costs the same with 100 or 1,000,000 rows and needs no other index.
-- The limits repeat the api's own checks so no other writer can store what the api would refuse.
CREATE TABLE messages (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_username text        NOT NULL CHECK (char_length(author_username) BETWEEN 1 AND 64),
    text            text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4000),
    created_at      timestamptz NOT NULL
);
