package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Discord's message limits, enforced so that a bot that ignores them fails
// in tests the way it would in production.
const (
	maxContent          = 2000
	maxEmbeds           = 10
	maxEmbedTotal       = 6000
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxEmbedFields      = 25
	maxFieldName        = 256
	maxFieldValue       = 1024
	maxFooterText       = 2048
	maxAuthorName       = 256
	maxActionRows       = 5
	maxRowComponents    = 5
	maxCustomID         = 100
	maxButtonLabel      = 80
	maxChoices          = 25
)

// violation is one entry of a 50035 Invalid Form Body error.
type violation struct {
	path    string // dotted, like "embeds.0.description"
	code    string // like "BASE_TYPE_MAX_LENGTH"
	message string
}

func tooLong(path string, limit int) violation {
	return violation{path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", limit)}
}

// invalidForm answers 400 with Discord's nested error format:
// {"code":50035,"message":"Invalid Form Body","errors":{"content":{"_errors":[…]}}}.
func (w *response) invalidForm(vs []violation) {
	errs := map[string]any{}
	for _, v := range vs {
		node := errs
		for _, key := range strings.FieldsFunc(v.path, func(r rune) bool { return r == '.' }) {
			next, ok := node[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[key] = next
			}
			node = next
		}
		list, _ := node["_errors"].([]any)
		node["_errors"] = append(list, map[string]any{"code": v.code, "message": v.message})
	}
	w.json(http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: codeInvalidFormBody, Errors: errs})
}

// messageBody is the part of a create or edit body the fake reads. Pointer
// fields tell "absent or null" (keep) from "set" (replace) in an edit.
type messageBody struct {
	Content          *string            `json:"content"`
	Embeds           *[]Embed           `json:"embeds"`
	Components       *[]json.RawMessage `json:"components"`
	Flags            *int               `json:"flags"`
	AllowedMentions  json.RawMessage    `json:"allowed_mentions"`
	MessageReference *MessageReference  `json:"message_reference"`
}

// validateMessage checks a message as it will be stored, after an edit is
// applied, against Discord's limits. prefix nests the paths, as in
// "data" for an interaction callback.
func validateMessage(m *Message, prefix string) []violation {
	at := func(p string) string {
		if prefix == "" {
			return p
		}
		return prefix + "." + p
	}
	var vs []violation
	if utf8.RuneCountInString(m.Content) > maxContent {
		vs = append(vs, tooLong(at("content"), maxContent))
	}
	if len(m.Embeds) > maxEmbeds {
		vs = append(vs, tooLong(at("embeds"), maxEmbeds))
	}
	total := 0
	for i, e := range m.Embeds {
		n, evs := checkEmbed(e, at("embeds."+strconv.Itoa(i)))
		total += n
		vs = append(vs, evs...)
	}
	if total > maxEmbedTotal {
		vs = append(vs, violation{at("embeds"), "MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", maxEmbedTotal)})
	}
	return append(vs, checkComponents(m.Components, at("components"))...)
}

// checkEmbed returns the characters e counts towards the 6,000 total and
// the limits it breaks.
func checkEmbed(e Embed, path string) (int, []violation) {
	var vs []violation
	limit := func(field, s string, max int) int {
		n := utf8.RuneCountInString(s)
		if n > max {
			vs = append(vs, tooLong(path+"."+field, max))
		}
		return n
	}
	n := limit("title", e.Title, maxEmbedTitle) + limit("description", e.Description, maxEmbedDescription)
	if e.Footer != nil {
		n += limit("footer.text", e.Footer.Text, maxFooterText)
	}
	if e.Author != nil {
		n += limit("author.name", e.Author.Name, maxAuthorName)
	}
	if len(e.Fields) > maxEmbedFields {
		vs = append(vs, tooLong(path+".fields", maxEmbedFields))
	}
	for i, f := range e.Fields {
		p := "fields." + strconv.Itoa(i)
		n += limit(p+".name", f.Name, maxFieldName) + limit(p+".value", f.Value, maxFieldValue)
		if f.Name == "" || f.Value == "" {
			vs = append(vs, violation{path + "." + p, "BASE_TYPE_REQUIRED", "This field is required"})
		}
	}
	return n, vs
}

// checkComponents checks action rows of buttons: how many, how long their
// IDs and labels are, and that custom IDs are unique within the message.
func checkComponents(rows []json.RawMessage, path string) []violation {
	var vs []violation
	if len(rows) > maxActionRows {
		vs = append(vs, tooLong(path, maxActionRows))
	}
	seen := map[string]bool{}
	for i, raw := range rows {
		var row struct {
			Type       int `json:"type"`
			Components []struct {
				Type     int    `json:"type"`
				CustomID string `json:"custom_id"`
				Label    string `json:"label"`
				Style    int    `json:"style"`
				URL      string `json:"url"`
			} `json:"components"`
		}
		rp := path + "." + strconv.Itoa(i)
		if json.Unmarshal(raw, &row) != nil || row.Type != componentActionRow {
			continue // other top-level components (layout v2) are not modelled
		}
		if len(row.Components) > maxRowComponents {
			vs = append(vs, tooLong(rp+".components", maxRowComponents))
		}
		for j, c := range row.Components {
			cp := rp + ".components." + strconv.Itoa(j)
			switch {
			case utf8.RuneCountInString(c.CustomID) > maxCustomID:
				vs = append(vs, tooLong(cp+".custom_id", maxCustomID))
			case c.CustomID != "" && seen[c.CustomID]:
				vs = append(vs, violation{cp + ".custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"})
			case c.Type == componentButton && c.CustomID == "" && c.URL == "":
				vs = append(vs, violation{cp + ".custom_id", "BASE_TYPE_REQUIRED", "This field is required"})
			}
			seen[c.CustomID] = true
			if utf8.RuneCountInString(c.Label) > maxButtonLabel {
				vs = append(vs, tooLong(cp+".label", maxButtonLabel))
			}
		}
	}
	return vs
}

// isEmpty reports whether m would show nothing, which Discord refuses
// with 50006 Cannot send an empty message.
func isEmpty(m *Message) bool {
	return strings.TrimSpace(m.Content) == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && len(m.Attachments) == 0
}
