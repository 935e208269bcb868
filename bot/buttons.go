package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/answer"
)

// Custom ID prefixes of the buttons under an answer; the answer's key follows.
const (
	voteUp      = "vote:up:"
	voteDown    = "vote:down:"
	showSources = "sources:"
)

// maxAnswers bounds how many recent answers the buttons can refer to.
const maxAnswers = 2000

const (
	msgThanks      = "Thanks for the feedback!"
	msgVotedBefore = "You've already rated this answer — thanks!"
	msgTooOld      = "That answer is too old for me to find now — ask again and use the buttons under the new one."
)

// button handles a click on 👍, 👎, Sources or Show evidence.
func (b *Bot) button(ctx context.Context, r *ireply) error {
	id := r.i.MessageComponentData().CustomID
	r.private = true // whatever a click answers, failures included, is for the clicker
	switch {
	case strings.HasPrefix(id, voteUp):
		return b.vote(ctx, r, "up", strings.TrimPrefix(id, voteUp))
	case strings.HasPrefix(id, voteDown):
		return b.vote(ctx, r, "down", strings.TrimPrefix(id, voteDown))
	case strings.HasPrefix(id, showSources):
		return b.showSources(ctx, r, strings.TrimPrefix(id, showSources))
	case strings.HasPrefix(id, postAnswer):
		return b.postAnswer(ctx, r, strings.TrimPrefix(id, postAnswer))
	case strings.HasPrefix(id, showEvidence):
		return b.showEvidence(ctx, r, strings.TrimPrefix(id, showEvidence))
	case id == privacyDelete:
		return b.deleteMine(ctx, r)
	}
	return fmt.Errorf("unknown button %q", id)
}

// vote records a 👍 or 👎 with the answer it is about, once per user.
func (b *Bot) vote(ctx context.Context, r *ireply, v, key string) error {
	user := b.pseudonym(userOf(r.i).ID)
	rec, first, ok := b.answers.vote(key, user)
	switch {
	case !ok:
		return r.ephemeral(ctx, msgTooOld)
	case !first:
		return r.ephemeral(ctx, msgVotedBefore)
	}
	fb := feedback{Time: time.Now().UTC(), Vote: v, User: user, AnswerID: key,
		Question: rec.question, Answer: rec.text, Model: rec.model, Passages: []string{}}
	for _, c := range rec.cites {
		fb.Passages = append(fb.Passages, c.Passage.ID)
	}
	if err := b.feedback.append(fb); err != nil {
		return err
	}
	b.cfg.Metrics.Feedback(v == "up")
	b.log.Info("feedback", "vote", v, "user", user, "answer", key)
	return r.ephemeral(ctx, msgThanks)
}

// showSources shows the passages an answer cites, in full, only to the user
// who clicked.
func (b *Bot) showSources(ctx context.Context, r *ireply, key string) error {
	rec, ok := b.answers.get(key)
	if !ok {
		return r.ephemeral(ctx, msgTooOld)
	}
	var embeds []*discordgo.MessageEmbed
	for _, c := range rec.cites {
		embeds = append(embeds, passageEmbed(c.Passage, c.N))
	}
	var msgs []outMsg
	for _, group := range packEmbeds(embeds) {
		msgs = append(msgs, outMsg{embeds: group})
	}
	if len(msgs) == 0 {
		msgs = []outMsg{{content: "This answer cites no sources."}}
	}
	return r.send(ctx, msgs)
}

// answerRecord is what the buttons under an answer need to know about it.
type answerRecord struct {
	key                   string // under which the store holds it
	question, text, model string
	cites                 []answer.Citation
	voters                map[string]bool // hashed user IDs who voted
	from                  origin          // who asked where, for a moderator's answer
}

// answerStore keeps the most recent answers, oldest forgotten first. It is
// safe for concurrent use.
type answerStore struct {
	max   int
	mu    sync.Mutex
	m     map[string]*answerRecord
	order []string
}

func newAnswerStore(max int) *answerStore {
	return &answerStore{max: max, m: map[string]*answerRecord{}}
}

// put stores rec and returns the key its buttons carry.
func (s *answerStore) put(rec *answerRecord) string {
	key := newRef()
	rec.key, rec.voters = key, map[string]bool{}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = rec
	s.order = append(s.order, key)
	if len(s.order) > s.max {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
	return key
}

// get returns the answer under key; its fields must not be changed.
func (s *answerStore) get(key string) (*answerRecord, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.m[key]
	return rec, ok
}

// vote notes that user voted on the answer under key; first is false when
// they had already.
func (s *answerStore) vote(key, user string) (rec *answerRecord, first, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok = s.m[key]
	if !ok || rec.voters[user] {
		return rec, false, ok
	}
	rec.voters[user] = true
	return rec, true, true
}
