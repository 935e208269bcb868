package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Application commands: PUT replaces a scope's whole set (global, or one
// guild), as ApplicationCommandBulkOverwrite expects; GET lists it.

// commandName is Discord's rule for command and option names.
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

const maxCommands = 100

// commandScope checks the application and guild of a commands path
// and returns the scope key ("" for global), answering w when they are not
// the fake's.
func commandScope(w *response, r *http.Request) (string, bool) {
	if r.PathValue("app") != AppID {
		w.fail(http.StatusForbidden, 50001, "Missing Access")
		return "", false
	}
	g := r.PathValue("guild")
	if g != "" && guildNamed(g) == nil {
		w.fail(http.StatusForbidden, 50001, "Missing Access")
		return "", false
	}
	return g, true
}

func (s *Server) getCommands(w *response, r *http.Request, _ *Request) {
	scope, ok := commandScope(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.commands[scope]
	if out == nil {
		out = []map[string]any{}
	}
	w.json(http.StatusOK, out)
}

// putCommands serves the bulk overwrite. A command keeps its ID when one
// with the same name and type was registered before, as on Discord.
func (s *Server) putCommands(w *response, r *http.Request, req *Request) {
	scope, ok := commandScope(w, r)
	if !ok {
		return
	}
	var cmds []map[string]any
	if !w.readJSON(req.Body, &cmds) {
		return
	}
	if vs := validateCommands(cmds); len(vs) > 0 {
		w.invalidForm(vs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := map[string]string{}
	for _, c := range s.commands[scope] {
		old[commandKey(c)] = c["id"].(string)
	}
	for _, c := range cmds {
		id, ok := old[commandKey(c)]
		if !ok {
			id = s.newIDLocked()
		}
		c["id"], c["application_id"], c["version"] = id, AppID, s.newIDLocked()
		if c["type"] == nil {
			c["type"] = 1
		}
		if scope != "" {
			c["guild_id"] = scope
		}
	}
	s.commands[scope] = cmds
	w.json(http.StatusOK, cmds)
}

// Commands returns the commands registered for guildID, or the global ones
// for "", as decoded JSON objects.
func (s *Server) Commands(guildID string) []map[string]any {
	s.mu.Lock()
	raw, err := json.Marshal(s.commands[guildID])
	s.mu.Unlock()
	var out []map[string]any
	if err != nil || json.Unmarshal(raw, &out) != nil {
		panic(fmt.Sprintf("discordtest: copy commands: %v", err)) // decoded JSON always re-encodes
	}
	return out
}

// commandIDLocked returns the ID of a chat command registered in guildID
// or globally, looking in the guild first; "" when there is none.
func (s *Server) commandIDLocked(guildID, name string) string {
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.commands[scope] {
			if c["name"] == name {
				id, _ := c["id"].(string)
				return id
			}
		}
	}
	return ""
}

// commandKey identifies a command across registrations: its name and
// type, where a missing type means a chat command.
func commandKey(c map[string]any) string {
	typ := fmt.Sprint(c["type"])
	if c["type"] == nil {
		typ = "1"
	}
	return fmt.Sprint(c["name"], "/", typ)
}

// validateCommands applies Discord's rules for command definitions: names,
// descriptions, option counts and order, and unique names.
func validateCommands(cmds []map[string]any) []violation {
	var vs []violation
	if len(cmds) > maxCommands {
		vs = append(vs, tooLong("", maxCommands))
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		path := fmt.Sprint(i)
		chat := c["type"] == nil || c["type"] == float64(1)
		vs = append(vs, checkNamed(c, path, chat)...)
		if seen[commandKey(c)] {
			vs = append(vs, violation{path + ".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"})
		}
		seen[commandKey(c)] = true
		vs = append(vs, checkOptions(c["options"], path+".options")...)
	}
	return vs
}

// checkNamed checks the name and description of a command or option.
func checkNamed(c map[string]any, path string, chat bool) []violation {
	var vs []violation
	name, _ := c["name"].(string)
	// User and message commands (Apps → name) may have capitals and spaces.
	if n := utf8.RuneCountInString(name); chat && !commandName.MatchString(name) || chat && name != strings.ToLower(name) || n < 1 || n > 32 {
		vs = append(vs, violation{path + ".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"})
	}
	desc, _ := c["description"].(string)
	if n := utf8.RuneCountInString(desc); chat && (n < 1 || n > 100) {
		vs = append(vs, violation{path + ".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."})
	}
	return vs
}

// checkOptions checks a list of options, recursively for subcommands.
func checkOptions(raw any, path string) []violation {
	opts, _ := raw.([]any)
	var vs []violation
	if len(opts) > 25 {
		vs = append(vs, tooLong(path, 25))
	}
	optional := false
	for i, o := range opts {
		opt, _ := o.(map[string]any)
		p := fmt.Sprint(path, ".", i)
		vs = append(vs, checkNamed(opt, p, true)...)
		required, _ := opt["required"].(bool)
		if required && optional {
			vs = append(vs, violation{p + ".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"})
		}
		optional = optional || !required
		if choices, _ := opt["choices"].([]any); len(choices) > maxChoices {
			vs = append(vs, tooLong(p+".choices", maxChoices))
		}
		vs = append(vs, checkOptions(opt["options"], p+".options")...)
	}
	return vs
}
