-- cstobot's store, first schema. Times are Unix microseconds (UTC); user
-- columns named "asker" in answers and gaps hold Discord IDs (to reach the
-- asker again), every other user column a pseudonym.

-- Answers shown with buttons (Sources, Show evidence, votes), kept for
-- ANSWER_BUTTONS_TTL.
CREATE TABLE answers (
	key       TEXT PRIMARY KEY,
	question  TEXT NOT NULL,
	answer    TEXT NOT NULL,
	model     TEXT NOT NULL,
	lang      TEXT NOT NULL,
	citations TEXT NOT NULL,              -- JSON list of citations
	asker     TEXT NOT NULL,
	guild     TEXT NOT NULL,
	channel   TEXT NOT NULL,
	private   BOOLEAN NOT NULL,
	reported  BOOLEAN NOT NULL DEFAULT FALSE, -- a 👎 brought it to the moderators
	created   BIGINT NOT NULL
);
CREATE INDEX answers_created ON answers (created);
CREATE INDEX answers_asker ON answers (asker);

-- One vote per user per answer, with what it was about, kept for
-- FEEDBACK_RETENTION (longer than the answer itself).
CREATE TABLE feedback (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	answer_key TEXT NOT NULL,
	voter      TEXT NOT NULL,
	vote       TEXT NOT NULL CHECK (vote IN ('up', 'down')),
	question   TEXT NOT NULL,
	answer     TEXT NOT NULL,
	model      TEXT NOT NULL,
	passages   TEXT NOT NULL,             -- JSON list of passage IDs
	created    BIGINT NOT NULL,
	UNIQUE (answer_key, voter)
);
CREATE INDEX feedback_created ON feedback (created);
CREATE INDEX feedback_voter ON feedback (voter);

-- One row per question asked, for statistics; no text.
CREATE TABLE questions (
	id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	created BIGINT NOT NULL,
	entry   TEXT NOT NULL,
	outcome TEXT NOT NULL,
	asker   TEXT NOT NULL                 -- '' once the user was forgotten
);
CREATE INDEX questions_created ON questions (created);
CREATE INDEX questions_asker ON questions (asker);

-- Questions posted to the moderators, and what became of them.
CREATE TABLE gaps (
	key           TEXT PRIMARY KEY,
	why           TEXT NOT NULL,
	question      TEXT NOT NULL,
	answer        TEXT NOT NULL,
	citations     TEXT NOT NULL,
	dedupe        TEXT NOT NULL,          -- the same question, asked again, has the same key
	repeats       BIGINT NOT NULL DEFAULT 0,
	state         TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'answered', 'ignored')),
	settled_by    TEXT NOT NULL DEFAULT '',
	claimed_until BIGINT NOT NULL DEFAULT 0,
	settled       BIGINT NOT NULL DEFAULT 0,
	mod_channel   TEXT NOT NULL DEFAULT '',
	mod_message   TEXT NOT NULL DEFAULT '',
	answer_key    TEXT NOT NULL,
	asker         TEXT NOT NULL,
	guild         TEXT NOT NULL,
	channel       TEXT NOT NULL,
	private       BOOLEAN NOT NULL,
	created       BIGINT NOT NULL,
	last_asked    BIGINT NOT NULL
);
CREATE INDEX gaps_dedupe ON gaps (dedupe, created);
CREATE INDEX gaps_created ON gaps (created);
CREATE INDEX gaps_asker ON gaps (asker);

-- Rate-limit budgets: the time at which each bucket is full again.
CREATE TABLE rate_limits (
	bucket TEXT PRIMARY KEY,
	tat    BIGINT NOT NULL
);

-- Articles taught from Discord: who, when, from which gap.
CREATE TABLE taught (
	file        TEXT PRIMARY KEY,
	article     TEXT NOT NULL,
	title       TEXT NOT NULL,
	author_id   TEXT NOT NULL,
	author_name TEXT NOT NULL,
	guild       TEXT NOT NULL,
	gap_key     TEXT NOT NULL,
	created     BIGINT NOT NULL
);

-- Moderators' actions.
CREATE TABLE audit (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	created    BIGINT NOT NULL,
	actor_id   TEXT NOT NULL,
	actor_name TEXT NOT NULL,
	guild      TEXT NOT NULL,
	action     TEXT NOT NULL,
	target     TEXT NOT NULL,
	detail     TEXT NOT NULL
);
CREATE INDEX audit_created ON audit (created);
CREATE INDEX audit_actor ON audit (actor_id);

-- The knowledge version, bumped on every change to the articles.
CREATE TABLE knowledge (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	version    BIGINT NOT NULL,
	changed    BIGINT NOT NULL,
	changed_by TEXT NOT NULL
);
INSERT INTO knowledge (id, version, changed, changed_by) VALUES (1, 0, 0, '');
