package bot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/cstobot/cstobot/internal/curate"
	"github.com/cstobot/cstobot/internal/webpage"
	"github.com/cstobot/cstobot/knowledge"
)

// PageSaver fetches a web page and saves it as a Markdown article in a
// knowledge folder, as `cstobot add` does; *webpage.Fetcher implements it.
type PageSaver interface {
	Save(ctx context.Context, rawURL, dir string) (webpage.Saved, error)
}

const (
	msgTeachWhat   = "Give me a `fact` with its source `url`, or only a `url` to add that web page."
	msgFactNoURL   = "A fact needs its source: add `url:` with the link it comes from."
	msgNoPages     = "Adding web pages is not set up on this bot; teach a `fact` with its `url` instead."
	msgPageSaved   = "That page is already in the knowledge base."
	msgPageFailed  = "I couldn't add %s: %s."
	msgPageTaught  = "Thanks! Added the page “%s” as `%s` (%d paragraphs), live now.\n%s"
	teachPageTitle = 200 // bytes of a page's title shown in the reply
)

// teachCmd handles /teach fact:<text> url:<link> [title:<text>]: a short
// fact, with its source, becomes an article at once; with only url, the
// web page there does.
func (b *Bot) teachCmd(ctx context.Context, r *ireply) error {
	r.private = true
	data := r.i.ApplicationCommandData()
	fact := strings.TrimSpace(optString(data, "fact"))
	link := strings.TrimSpace(optString(data, "url"))
	switch {
	case fact == "" && link == "":
		return r.ephemeral(ctx, msgTeachWhat)
	case link == "":
		return r.ephemeral(ctx, msgFactNoURL)
	}
	if msg := b.cannotTeach(); msg != "" {
		return r.ephemeral(ctx, msg)
	}
	if fact == "" {
		return b.teachPage(ctx, r, link)
	}
	title := strings.TrimSpace(optString(data, "title"))
	if title == "" {
		title = clip(oneLine(fact), 80)
	}
	if err := r.deferReply(ctx); err != nil {
		return fmt.Errorf("acknowledge /teach: %w", err)
	}
	o, msg, err := b.teach(ctx, curate.Note{Title: title, Text: fact, URL: link, Author: displayName(r.i)})
	b.auditOutcome(ctx, r.i, "teach", "", o, msg, err)
	if err != nil {
		return err
	}
	if o.Applied {
		b.recordTaught(ctx, r.i, o, title, "")
	}
	return r.send(ctx, []outMsg{{content: clipLines(msg, maxContent)}})
}

// teachPage handles /teach url:<link> alone: the page is fetched and saved
// into the knowledge folder as `cstobot add` saves it, and goes live if
// the golden set still passes. A page that cannot be fetched or saved is
// explained to the moderator.
func (b *Bot) teachPage(ctx context.Context, r *ireply, link string) error {
	if b.cfg.Pages == nil {
		return r.ephemeral(ctx, msgNoPages)
	}
	if err := r.deferReply(ctx); err != nil {
		return fmt.Errorf("acknowledge /teach: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, curateTimeout)
	defer cancel()
	var saved webpage.Saved
	var saveErr error
	o, err := b.cfg.Curator.Add(ctx, func(dir string) (string, error) {
		saved, saveErr = b.cfg.Pages.Save(ctx, link, dir)
		return saved.Path, saveErr
	})
	msg, err := b.pageOutcome(ctx, link, saved, o, saveErr, err)
	b.auditOutcome(ctx, r.i, "teach", link, o, msg, err)
	if err != nil {
		return err
	}
	return r.send(ctx, []outMsg{{content: clipLines(msg, maxContent)}})
}

// pageOutcome is what a moderator is told of a page added (or not); the
// error is a failure on the operator's side, which the moderator is told
// of with a reference.
func (b *Bot) pageOutcome(ctx context.Context, link string, saved webpage.Saved, o curate.Outcome, saveErr, err error) (string, error) {
	var pathErr *fs.PathError
	switch {
	case saveErr != nil && errors.Is(saveErr, webpage.ErrSaved):
		return msgPageSaved, nil
	case saveErr != nil && errors.As(saveErr, &pathErr): // the folder's fault, with the operator's paths
		return "", fmt.Errorf("save %s: %w", link, saveErr)
	case saveErr != nil && errors.Is(saveErr, context.DeadlineExceeded):
		return fmt.Sprintf(msgPageFailed, "<"+link+">", "the page took too long to fetch"), nil
	case saveErr != nil:
		return fmt.Sprintf(msgPageFailed, "<"+link+">", saveErr), nil
	}
	if msg, ok := curateError(err); ok {
		return msg, nil
	}
	if err != nil {
		return "", fmt.Errorf("add %s: %w", link, err)
	}
	if !o.Applied {
		b.rejected(ctx, o)
		return fmt.Sprintf(msgRejected, o.Report()), nil
	}
	title := clip(oneLine(saved.Article.Title), teachPageTitle)
	return fmt.Sprintf(msgPageTaught, title, o.ID, len(knowledge.Paragraphs(saved.Article.Body)), o.Report()), nil
}

// forget handles /forget id:<article>: it removes an article added from
// Discord.
func (b *Bot) forget(ctx context.Context, r *ireply) error {
	return b.curatorCommand(ctx, r, "forget", func(ctx context.Context) (string, error) {
		id := strings.TrimSpace(optString(r.i.ApplicationCommandData(), "id"))
		o, err := b.cfg.Curator.Forget(ctx, id)
		b.auditOutcome(ctx, r.i, "forget", id, o, o.Report(), err)
		if err == nil && o.Applied {
			if err := b.cfg.Store.ForgetTaught(context.WithoutCancel(ctx), id); err != nil {
				b.log.Warn("forget who taught an article", "article", id, "err", err)
			}
		}
		switch m, ok := curateError(err); {
		case ok:
			return m, nil
		case err != nil:
			return "", fmt.Errorf("forget: %w", err)
		case !o.Applied:
			b.rejected(ctx, o)
			return fmt.Sprintf(msgRejected, o.Report()), nil
		}
		return fmt.Sprintf("Forgotten: `%s` is no longer used.\n%s", o.ID, o.Report()), nil
	})
}

// reindex handles /reindex: the knowledge folder is read again and the
// change goes live if the golden set still passes.
func (b *Bot) reindex(ctx context.Context, r *ireply) error {
	return b.curatorCommand(ctx, r, "reindex", func(ctx context.Context) (string, error) {
		o, err := b.cfg.Curator.Reindex(ctx)
		b.auditOutcome(ctx, r.i, "reindex", "", o, o.Report(), err)
		if err != nil {
			return "", fmt.Errorf("reindex: %w", err)
		}
		if !o.Applied {
			b.rejected(ctx, o)
		}
		return o.Report(), nil
	})
}

// curatorCommand runs the moderator command /name through the curator:
// privately, acknowledged first (the curator may take
// longer than the 3 s Discord waits for an answer), and within
// curateTimeout. do returns the reply; an error from do is returned as it
// is, with nothing sent.
func (b *Bot) curatorCommand(ctx context.Context, r *ireply, name string, do func(context.Context) (string, error)) error {
	r.private = true
	if b.cfg.Curator == nil {
		return r.ephemeral(ctx, msgNoCurator)
	}
	if err := r.deferReply(ctx); err != nil {
		return fmt.Errorf("acknowledge /%s: %w", name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, curateTimeout)
	defer cancel()
	msg, err := do(ctx)
	if err != nil {
		return err
	}
	return r.send(ctx, []outMsg{{content: clipLines(msg, maxContent)}})
}

// teach adds n through the curator and says how it went, for the
// moderator; a rejected change is also posted to the moderators' channel.
// The error is a failure to report (the user has not been told).
func (b *Bot) teach(ctx context.Context, n curate.Note) (curate.Outcome, string, error) {
	ctx, cancel := context.WithTimeout(ctx, curateTimeout)
	defer cancel()
	o, err := b.cfg.Curator.Teach(ctx, n)
	if msg, ok := curateError(err); ok {
		return o, msg, nil
	}
	if err != nil {
		return o, "", fmt.Errorf("teach: %w", err)
	}
	if !o.Applied {
		b.rejected(ctx, o)
		return o, fmt.Sprintf(msgRejected, o.Report()), nil
	}
	return o, fmt.Sprintf(msgTaught, o.ID, o.Report()), nil
}

// rejected tells the moderators' channel about a change the golden set
// turned down.
func (b *Bot) rejected(ctx context.Context, o curate.Outcome) {
	if err := b.NotifyModerators(ctx, o.Report()); err != nil {
		b.log.Warn("tell the moderators about a rejected change", "err", err)
	}
}

// curateError turns the curator's errors that a moderator can act on into
// a message; ok is false for the rest.
func curateError(err error) (string, bool) {
	switch {
	case errors.Is(err, curate.ErrNoFolder):
		return fmt.Sprintf(msgCannotTeach, curate.ErrNoFolder), true
	case errors.Is(err, curate.ErrReadOnly): // its details hold the operator's paths
		return fmt.Sprintf(msgCannotTeach, curate.ErrReadOnly), true
	case errors.Is(err, curate.ErrBadNote):
		return "I can't add that: " + strings.TrimPrefix(err.Error(), curate.ErrBadNote.Error()+": ") + ".", true
	case errors.Is(err, curate.ErrNotFound):
		return "No article has that ID (the ID is shown when an article is added, e.g. `local/who-chairs-the-csto-1a2b3c4d`).", true
	case errors.Is(err, curate.ErrNotTaught):
		return "I can only forget articles added from Discord; built-in articles and the operator's files stay.", true
	}
	return "", false
}
