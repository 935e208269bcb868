package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
)

const (
	// gapWindow is how long a question posted to the moderators is counted
	// on its post rather than posted again.
	gapWindow = 24 * time.Hour
	// gapRoom is what a gap post leaves free of Discord's 2,000 characters
	// for the lines added later: how often it was asked, who handled it.
	gapRoom = 250

	msgGapHeader    = "**Question I couldn't answer well** (%s)\n> %s\n**My answer:** %s"
	msgGapNoPassage = "\n**Passages used:** none"
	msgGapCount     = "\n*Asked %d times.*"
	msgGapRemoved   = "*(removed at the asker's request)*"
)

// gapLog decides which gaps reach the moderators, and remembers the posts
// made: a question already posted within gapWindow is counted on its post
// instead of posted again, and at most perHour new posts are made in any
// hour. It remembers who caused the last maxAnswers posts, for /privacy.
// It is safe for concurrent use.
type gapLog struct {
	perHour int
	now     func() time.Time

	mu     sync.Mutex
	posts  map[string]*gapPost // within gapWindow, by normalised question
	all    []*gapPost          // the last maxAnswers posts, oldest first
	recent []time.Time         // when the posts of the last hour were made
}

// gapPost is one post in the moderators' channel.
type gapPost struct {
	key    string // of the gap in Bot.gaps, on its buttons
	why    string
	msgID  string // "" until posted
	count  int
	at     time.Time
	askers []string // user IDs of who asked, for /privacy
}

func newGapLog(perHour int) *gapLog {
	return &gapLog{perHour: perHour, now: time.Now, posts: map[string]*gapPost{}}
}

// gapNote is what note decided.
type gapNote int

const (
	gapNew     gapNote = iota // post it
	gapCounted                // counted on an earlier post
	gapCapped                 // over the hourly cap: not posted
)

// note records that asker asked question, which went unanswered. For
// gapCounted it returns a copy of the post it was counted on.
func (g *gapLog) note(question, asker string) (gapPost, gapNote) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	q := normalQuestion(question)
	if p := g.posts[q]; p != nil && now.Sub(p.at) < gapWindow {
		p.count++
		p.askers = append(p.askers, asker)
		return *p, gapCounted
	}
	g.expireLocked(now)
	if len(g.recent) >= g.perHour {
		return gapPost{}, gapCapped
	}
	g.recent = append(g.recent, now)
	p := &gapPost{count: 1, at: now, askers: []string{asker}}
	g.posts[q] = p
	g.all = append(g.all, p)
	if len(g.all) > maxAnswers {
		g.all = g.all[1:]
	}
	return gapPost{}, gapNew
}

// expireLocked forgets posts past gapWindow and the cap's old entries.
func (g *gapLog) expireLocked(now time.Time) {
	for len(g.recent) > 0 && now.Sub(g.recent[0]) >= time.Hour {
		g.recent = g.recent[1:]
	}
	for q, p := range g.posts {
		if now.Sub(p.at) >= gapWindow {
			delete(g.posts, q)
		}
	}
}

// posted records the post made about question, and returns it as it is
// now: it may have been counted again while it was being posted.
func (g *gapLog) posted(question, key, why, msgID string) gapPost {
	g.mu.Lock()
	defer g.mu.Unlock()
	p := g.posts[normalQuestion(question)]
	if p == nil { // expired meanwhile
		return gapPost{key: key, why: why, msgID: msgID, count: 1}
	}
	p.key, p.why, p.msgID = key, why, msgID
	return *p
}

// askedBy returns copies of the posts user caused, and forgets that they
// did.
func (g *gapLog) askedBy(user string) []gapPost {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []gapPost
	for _, p := range g.all {
		n := len(p.askers)
		p.askers = deleteAll(p.askers, user)
		if len(p.askers) < n {
			out = append(out, *p)
		}
	}
	return out
}

// postsBy returns how many of the posts remembered user caused.
func (g *gapLog) postsBy(user string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, p := range g.all {
		n += boolInt(slices.Contains(p.askers, user))
	}
	return n
}

func deleteAll(s []string, v string) []string {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// normalQuestion is question as compared for duplicates: its words in
// lower case, without punctuation.
func normalQuestion(question string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}), " ")
}

// reportGap brings a refused or disliked answer to the moderators' channel,
// with buttons to answer or ignore it. Only public questions from the home
// guild are brought: the moderators' channel is the operator's, and a
// private question is the asker's. The same question again within a day is
// counted on its post. It never fails the user's request: a failure is
// logged.
func (b *Bot) reportGap(ctx context.Context, why string, rec *answerRecord) {
	h, s := b.home.Load(), b.sess.Load()
	if h == nil || h.channel == "" || rec.from.guild != h.guild || rec.from.private || s == nil {
		return
	}
	p, seen := b.gapLog.note(rec.question, rec.from.user)
	switch seen {
	case gapCounted:
		b.showGap(ctx, s, h.channel, p)
		return
	case gapCapped:
		b.log.Info("gap not posted: MOD_POSTS_PER_HOUR reached", "why", why)
		return
	}
	key := b.gaps.put(&answerRecord{question: rec.question, text: rec.text, cites: b.gapPassages(ctx, rec), from: rec.from})
	g, _ := b.gaps.get(key)
	r := &mreply{api: api{s}, channelID: h.channel}
	if err := r.post(ctx, gapMessage(why, g, 1)); err != nil {
		b.log.Warn("post a gap to the moderators' channel", "err", err)
		return
	}
	if p := b.gapLog.posted(rec.question, key, why, r.msgID); p.count > 1 {
		b.showGap(ctx, s, h.channel, p)
	}
}

// gapPassages are the passages shown with a gap: those the answer cited,
// or for a refusal, which cites none, what retrieval found.
func (b *Bot) gapPassages(ctx context.Context, rec *answerRecord) []answer.Citation {
	if len(rec.cites) > 0 {
		return rec.cites
	}
	hits, err := b.searcher.Search(ctx, rec.question, 3)
	if err != nil {
		b.log.Warn("find passages for the moderators", "err", err)
	}
	var cites []answer.Citation
	for n, h := range hits {
		cites = append(cites, answer.Citation{N: n + 1, Passage: h.Passage})
	}
	return cites
}

// showGap edits the post p to show what the gaps store holds about it now
// (its count, a question removed), unless it is not posted yet or a
// moderator has handled it.
func (b *Bot) showGap(ctx context.Context, s *discordgo.Session, channel string, p gapPost) {
	g, ok := b.gaps.get(p.key)
	if p.msgID == "" || !ok || b.gaps.voted(p.key, settledBy) {
		return
	}
	r := &mreply{api: api{s}, channelID: channel, msgID: p.msgID}
	if err := r.edit(ctx, gapMessage(p.why, g, p.count)); err != nil {
		b.log.Warn("update a gap in the moderators' channel", "err", err)
	}
}

// gapMessage is the post about gap g, asked count times.
func gapMessage(why string, g *answerRecord, count int) outMsg {
	content := gapText(why, g.question, g.text, g.cites)
	if count > 1 {
		content += fmt.Sprintf(msgGapCount, count)
	}
	return outMsg{content: content, components: gapButtons(g.key)}
}

// gapText lays out what the moderators see: the question, the answer and
// as many of the passages it was drawn from as fit, leaving gapRoom of the
// message free. An empty question or text was removed at the asker's
// request.
func gapText(why, question, text string, cites []answer.Citation) string {
	q, a := clip(oneLine(sanitize(question)), 300), clip(sanitize(text), 700)
	if question == "" {
		q, a = msgGapRemoved, msgGapRemoved
	}
	s := fmt.Sprintf(msgGapHeader, why, q, a)
	if len(cites) == 0 {
		return s + msgGapNoPassage
	}
	s += "\n**Passages used:**"
	for i, c := range cites {
		line := fmt.Sprintf("\n[%d] `%s` %s: %s", c.N, strings.ReplaceAll(c.Passage.ID, "`", ""),
			clip(oneLine(sanitize(c.Passage.Article.Title)), 80), clip(oneLine(sanitize(c.Passage.Text)), 200))
		if width(s)+width(line) > maxContent-gapRoom {
			return s + fmt.Sprintf("\n…and %d more", len(cites)-i)
		}
		s += line
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func gapButtons(key string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.PrimaryButton, Label: "Answer", CustomID: modAnswer + key},
		discordgo.Button{Style: discordgo.SecondaryButton, Label: "Ignore", CustomID: modIgnore + key},
	}}}
}
