package bot

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/ops"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/knowledge"
)

// Store is what the bot keeps beyond a process's life and shares with the
// other processes of a sharded bot: answers behind buttons, votes, gaps,
// rate limits, the audit log and the question counts. *store.DB
// implements it, on SQLite or Postgres.
type Store interface {
	store.Answers
	store.Gaps
	store.Limits
	store.Stats
	store.Privacy
	Audit(ctx context.Context, e store.AuditEntry) error
	RecordTaught(ctx context.Context, t store.Taught) error
	ForgetTaught(ctx context.Context, file string) error
}

// answerRecord is what the buttons under an answer, and a gap post, need
// to know about it.
type answerRecord struct {
	key                   string // under which the store holds it; "" before
	question, text, model string
	cites                 []answer.Citation
	from                  origin // who asked where, for a moderator's answer
}

// putAnswer keeps rec for its buttons and returns the key they carry.
func (b *Bot) putAnswer(ctx context.Context, rec answerRecord) (string, error) {
	return b.cfg.Store.PutAnswer(ctx, store.Answer{Question: rec.question, Text: rec.text, Model: rec.model,
		Citations: storeCites(rec.cites), Asker: rec.from.store()})
}

// getAnswer returns the answer under key; ok is false when it is gone
// (past ANSWER_BUTTONS_TTL, deleted at the asker's request, or never kept).
func (b *Bot) getAnswer(ctx context.Context, key string) (rec answerRecord, ok bool, err error) {
	a, err := b.cfg.Store.Answer(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, err
	}
	return recordOf(a), true, nil
}

func recordOf(a store.Answer) answerRecord {
	return answerRecord{key: a.Key, question: a.Question, text: a.Text, model: a.Model,
		cites: answerCites(a.Citations), from: originOf(a.Asker)}
}

func (o origin) store() store.Origin {
	return store.Origin{UserID: o.user, GuildID: o.guild, ChannelID: o.channel, Private: o.private}
}

func originOf(o store.Origin) origin {
	return origin{user: o.UserID, guild: o.GuildID, channel: o.ChannelID, private: o.Private}
}

// storeCites turns citations into the plain data the store keeps: what the
// Sources and Show evidence buttons show of each passage.
func storeCites(cites []answer.Citation) []store.Citation {
	out := make([]store.Citation, 0, len(cites))
	for _, c := range cites {
		p := c.Passage
		out = append(out, store.Citation{N: c.N, PassageID: p.ID, ArticleID: p.Article.ID, Title: p.Article.Title,
			Author: p.Article.Author, Published: p.Article.Published, URL: p.Article.URL, Lang: p.Article.Lang,
			First: p.First, Last: p.Last, Page: p.Page, LastPage: p.LastPage, Text: p.Text, Evidence: c.Evidence})
	}
	return out
}

func answerCites(cites []store.Citation) []answer.Citation {
	var out []answer.Citation
	for _, c := range cites {
		out = append(out, answer.Citation{N: c.N, Evidence: c.Evidence, Passage: knowledge.Passage{
			ID: c.PassageID, First: c.First, Last: c.Last, Page: c.Page, LastPage: c.LastPage, Text: c.Text,
			Article: knowledge.Meta{ID: c.ArticleID, Title: c.Title, Author: c.Author, Published: c.Published, URL: c.URL, Lang: c.Lang},
		}})
	}
	return out
}

// storeUser names the user with Discord ID id in both forms the store
// keeps.
func (b *Bot) storeUser(id string) store.User {
	return store.User{ID: id, Pseudonym: b.pseudonym(id)}
}

// audit appends the moderator action of interaction i to the store's
// audit log. A failure is logged: the action itself is done.
func (b *Bot) audit(ctx context.Context, i *discordgo.Interaction, action, target, detail string) {
	e := store.AuditEntry{ActorID: userOf(i).ID, ActorName: displayName(i), GuildID: i.GuildID,
		Action: action, Target: target, Detail: detail}
	if err := b.cfg.Store.Audit(context.WithoutCancel(ctx), e); err != nil {
		b.log.Warn("write the audit log", "action", action, "err", err)
	}
}

// auditOutcome audits a change to the knowledge base: live, rejected by
// the golden set, not made (msg says why), or failed with err.
func (b *Bot) auditOutcome(ctx context.Context, i *discordgo.Interaction, action, target string, o curate.Outcome, msg string, err error) {
	var detail string
	switch {
	case err != nil:
		detail = "failed: " + err.Error()
	case o.Applied:
		detail = "live"
	case o.Checked:
		detail = "rejected: " + firstLine(o.Report())
	default:
		detail = "not done: " + firstLine(msg)
	}
	if o.ID != "" && o.ID != target {
		detail += " (" + o.ID + ")"
	}
	b.audit(ctx, i, action, cmp.Or(target, o.ID), detail)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// recordTaught keeps who taught the article of o, which went live, from
// the gap under gapKey ("" for /teach). The article's ID names it.
func (b *Bot) recordTaught(ctx context.Context, i *discordgo.Interaction, o curate.Outcome, title, gapKey string) {
	t := store.Taught{File: o.ID, ArticleID: o.ID, Title: title, AuthorID: userOf(i).ID,
		AuthorName: displayName(i), GuildID: i.GuildID, GapKey: gapKey}
	if err := b.cfg.Store.RecordTaught(context.WithoutCancel(ctx), t); err != nil {
		b.log.Warn("record who taught an article", "article", o.ID, "err", err)
	}
}

// countQuestion counts a question in the metrics and, for `cstobot stats`
// and /about, in the store, under the asker's pseudonym.
func (b *Bot) countQuestion(ctx context.Context, entry ops.Entry, o ops.Outcome, user string) {
	b.cfg.Metrics.Question(entry, o)
	q := store.Question{Entry: string(entry), Outcome: string(o), Asker: b.pseudonym(user)}
	if err := b.cfg.Store.RecordQuestion(context.WithoutCancel(ctx), q); err != nil {
		b.log.Warn("count a question in the store", "err", err)
	}
}
