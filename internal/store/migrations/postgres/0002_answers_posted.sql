-- A private answer its asker posted to the channel (Post to channel), so
-- that it is posted once.
ALTER TABLE answers ADD COLUMN posted BOOLEAN NOT NULL DEFAULT FALSE;
