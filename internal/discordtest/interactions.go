package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"
)

// Interaction types (Discord's numbering).
const (
	InteractionCommand      = 2
	InteractionComponent    = 3
	InteractionAutocomplete = 4
	InteractionModalSubmit  = 5
)

// Interaction callback types (Discord's numbering).
const (
	CallbackMessage         = 4
	CallbackDeferredMessage = 5
	CallbackDeferredUpdate  = 6
	CallbackUpdateMessage   = 7
	CallbackAutocomplete    = 8
	CallbackModal           = 9
)

// Interaction is the handle a test gets for an interaction it dispatched.
type Interaction struct {
	ID        string
	Token     string
	Type      int
	ChannelID string
	GuildID   string // empty in a DM
	MessageID string // the message a clicked component is on
}

// InteractionState is what became of an interaction: how the bot answered
// and what the user finally sees.
type InteractionState struct {
	Acknowledged bool
	ResponseType int      // type of the accepted callback; 0 when none
	Original     *Message // the response message, or the component's message; nil when none
	Followups    []Message
	Choices      []Choice // an autocomplete answer
	Modal        *Modal   // a modal shown to the user
}

// Choice is one autocomplete suggestion.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Modal is a modal the bot opened.
type Modal struct {
	CustomID   string            `json:"custom_id"`
	Title      string            `json:"title"`
	Components []json.RawMessage `json:"components"`
}

// interaction is the fake's record of one dispatched interaction.
type interaction struct {
	Interaction
	user         User
	dispatched   time.Time
	acked        bool
	responseType int
	original     *Message
	followups    []*Message
	choices      []Choice
	modal        *Modal
}

// Interaction returns the state of interaction id; the zero state when the
// fake never dispatched it.
func (s *Server) Interaction(id string) InteractionState {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[id]
	if !ok {
		return InteractionState{}
	}
	st := InteractionState{Acknowledged: in.acked, ResponseType: in.responseType, Choices: in.choices, Modal: in.modal}
	if in.original != nil {
		m := in.original.clone()
		st.Original = &m
	}
	for _, f := range in.followups {
		st.Followups = append(st.Followups, f.clone())
	}
	return st
}

// InteractionResponse returns the original response of interaction id as
// the user sees it now, after every edit; false when there is none.
func (s *Server) InteractionResponse(id string) (Message, bool) {
	st := s.Interaction(id)
	if st.Original == nil {
		return Message{}, false
	}
	return *st.Original, true
}

// allowedCallbacks lists the callback types Discord accepts per interaction type.
var allowedCallbacks = map[int][]int{
	InteractionCommand:      {CallbackMessage, CallbackDeferredMessage, CallbackModal},
	InteractionComponent:    {CallbackMessage, CallbackDeferredMessage, CallbackDeferredUpdate, CallbackUpdateMessage, CallbackModal},
	InteractionAutocomplete: {CallbackAutocomplete},
	InteractionModalSubmit:  {CallbackMessage, CallbackDeferredMessage, CallbackDeferredUpdate, CallbackUpdateMessage},
}

// interactionCallback serves POST /interactions/{id}/{token}/callback: the
// one response Discord accepts, within the deadline.
func (s *Server) interactionCallback(w *response, r *http.Request, req *Request) {
	var body struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if !w.readJSON(req.Body, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[r.PathValue("id")]
	switch {
	case !ok || in.Token != r.PathValue("token"):
		w.fail(http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
		return
	case in.acked:
		w.fail(http.StatusBadRequest, codeAlreadyAcknowledged, "Interaction has already been acknowledged.")
		return
	case time.Since(in.dispatched) > s.cfg.deadline:
		w.fail(http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
		return
	case !contains(allowedCallbacks[in.Type], body.Type):
		w.invalidForm([]violation{{"type", "INTERACTION_RESPONSE_TYPE_INVALID", fmt.Sprintf("Invalid interaction response type %d for interaction type %d", body.Type, in.Type)}})
		return
	}
	if !s.respondLocked(w, in, body.Type, body.Data, req.Files) {
		return
	}
	in.acked, in.responseType = true, body.Type
	w.noContent()
}

// respondLocked applies an accepted callback type to the interaction; it
// answers w and returns false when the data is invalid.
func (s *Server) respondLocked(w *response, in *interaction, typ int, data json.RawMessage, files []File) bool {
	switch typ {
	case CallbackMessage, CallbackDeferredMessage:
		m := s.newBotMessageLocked(in.ChannelID)
		m.ApplicationID, m.WebhookID, m.Type = AppID, AppID, MessageTypeChatInputCmd
		m.InteractionMetadata = &InteractionMetadata{ID: in.ID, Type: in.Type, User: in.user}
		var b messageBody
		if len(data) > 0 && !w.readJSON(data, &b) {
			return false
		}
		if typ == CallbackDeferredMessage {
			m.Flags = FlagLoading | flagsOf(b)&FlagEphemeral
		} else if !s.applyLocked(w, m, b, files, "data", true) {
			return false
		}
		in.original = m
		if m.Flags&FlagEphemeral == 0 {
			s.storeLocked(m)
		}
	case CallbackDeferredUpdate, CallbackUpdateMessage:
		target := s.findMessageLocked(in.MessageID)
		if target == nil {
			w.fail(http.StatusBadRequest, codeUnknownMessage, "Unknown Message")
			return false
		}
		if typ == CallbackUpdateMessage {
			var b messageBody
			if !w.readJSON(data, &b) {
				return false
			}
			if !s.editLocked(w, target, b, files, "data") {
				return false
			}
		}
		in.original = target
	case CallbackAutocomplete:
		return s.autocompleteLocked(w, in, data)
	case CallbackModal:
		return s.modalLocked(w, in, data)
	}
	return true
}

func (s *Server) autocompleteLocked(w *response, in *interaction, data json.RawMessage) bool {
	var b struct {
		Choices []Choice `json:"choices"`
	}
	if !w.readJSON(data, &b) {
		return false
	}
	var vs []violation
	if len(b.Choices) > maxChoices {
		vs = append(vs, tooLong("data.choices", maxChoices))
	}
	for i, c := range b.Choices {
		if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
			vs = append(vs, violation{fmt.Sprintf("data.choices.%d.name", i), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."})
		}
		if v, ok := c.Value.(string); ok && utf8.RuneCountInString(v) > 100 {
			vs = append(vs, tooLong(fmt.Sprintf("data.choices.%d.value", i), 100))
		}
	}
	if len(vs) > 0 {
		w.invalidForm(vs)
		return false
	}
	in.choices = b.Choices
	return true
}

func (s *Server) modalLocked(w *response, in *interaction, data json.RawMessage) bool {
	var m Modal
	if !w.readJSON(data, &m) {
		return false
	}
	var vs []violation
	if n := utf8.RuneCountInString(m.CustomID); n < 1 || n > maxCustomID {
		vs = append(vs, violation{"data.custom_id", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."})
	}
	if n := utf8.RuneCountInString(m.Title); n < 1 || n > 45 {
		vs = append(vs, violation{"data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."})
	}
	if len(m.Components) < 1 || len(m.Components) > maxActionRows {
		vs = append(vs, violation{"data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."})
	}
	if len(vs) > 0 {
		w.invalidForm(vs)
		return false
	}
	in.modal = &m
	return true
}

func flagsOf(b messageBody) int {
	if b.Flags == nil {
		return 0
	}
	return *b.Flags
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
