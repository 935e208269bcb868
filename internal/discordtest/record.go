package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one REST call the fake received, with the answer it gave.
type Request struct {
	Method string
	// Path is relative to the API root: "/channels/123/messages", without
	// "/api/v9". Paths outside the API are kept whole.
	Path   string
	Query  url.Values
	Header http.Header
	// Body is the JSON body; for a multipart request, its payload_json part.
	Body  []byte
	Files []File
	// Status, Response and ResponseHeader are what the fake answered.
	Status         int
	Response       []byte
	ResponseHeader http.Header
	Time           time.Time
}

// File is one files[n] part of a multipart request.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// JSON returns the body decoded as a JSON object, or nil when the body is
// empty or not an object (command registration sends an array; use Decode).
func (r Request) JSON() map[string]any {
	var m map[string]any
	if json.Unmarshal(r.Body, &m) != nil {
		return nil
	}
	return m
}

// Decode unmarshals the body into v.
func (r Request) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("decode %s %s body: %w", r.Method, r.Path, err)
	}
	return nil
}

// AllowedMentions returns the allowed_mentions.parse list of the body.
// present reports whether allowed_mentions was sent at all. parse is nil
// when it was null or missing, and non-nil but empty for [] — the only
// value that stops @everyone pings from model output.
func (r Request) AllowedMentions() (parse []string, present bool) {
	var body struct {
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if json.Unmarshal(r.Body, &body) != nil || body.AllowedMentions == nil {
		return nil, false
	}
	return body.AllowedMentions.Parse, true
}

// String shows the request as in a log line.
func (r Request) String() string {
	return fmt.Sprintf("%s %s -> %d", r.Method, r.Path, r.Status)
}

// Requests returns every REST call received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the calls with the given method (any when "") whose
// Path starts with pathPrefix.
func (s *Server) RequestsTo(method, pathPrefix string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			out = append(out, r)
		}
	}
	return out
}

// WaitFor returns the first request, already received or yet to come, for
// which match is true; it blocks until there is one or ctx ends. To wait
// for the n-th such request, use Await with RequestsTo.
func (s *Server) WaitFor(ctx context.Context, match func(Request) bool) (Request, error) {
	var found Request
	err := s.Await(ctx, func() bool {
		for _, r := range s.Requests() {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	if err != nil {
		return Request{}, fmt.Errorf("wait for request: %w", err)
	}
	return found, nil
}

// apiPrefix is discordgo's API root, stripped from recorded paths.
const apiPrefix = "/api/v9"

// readRequest captures r's body, unpacking multipart bodies the way
// discordgo builds them (payload_json plus files[n]).
func readRequest(r *http.Request) (Request, error) {
	rec := Request{
		Method: r.Method,
		Path:   strings.TrimPrefix(r.URL.Path, apiPrefix),
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Time:   time.Now(),
	}
	if rec.Path == "" {
		rec.Path = "/"
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 25<<20))
	if err != nil {
		return rec, fmt.Errorf("read body: %w", err)
	}
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		rec.Body = raw
		return rec, nil
	}
	mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return rec, nil
		}
		if err != nil {
			return rec, fmt.Errorf("read multipart body: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return rec, fmt.Errorf("read multipart part: %w", err)
		}
		if part.FormName() == "payload_json" {
			rec.Body = data
		} else {
			rec.Files = append(rec.Files, File{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		}
	}
}

// response is an answer being built by a handler. It is recorded before
// it is written, so a test that sees the client's call return also sees
// the request in Requests.
type response struct {
	header http.Header
	status int
	body   []byte
}

func (w *response) json(status int, v any) {
	w.status = status
	w.header.Set("Content-Type", "application/json")
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("discordtest: encode response: %v", err)) // the fake's own types always encode
	}
	w.body = b
}

func (w *response) noContent() { w.status = http.StatusNoContent }

// apiError is Discord's error body.
type apiError struct {
	Message string         `json:"message"`
	Code    int            `json:"code"`
	Errors  map[string]any `json:"errors,omitempty"`
}

func (w *response) fail(status, code int, msg string) {
	w.json(status, apiError{Message: msg, Code: code})
}

// readJSON decodes body into v, answering Discord's 400 when it is not
// JSON (an empty body included).
func (w *response) readJSON(body []byte, v any) bool {
	if json.Unmarshal(body, v) != nil {
		w.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return false
	}
	return true
}

// Discord's JSON error codes the fake uses.
const (
	codeGeneral             = 0
	codeUnknownChannel      = 10003
	codeUnknownMessage      = 10008
	codeUnknownWebhook      = 10015
	codeUnknownInteraction  = 10062
	codeCannotEditOthers    = 50005
	codeMissingPermissions  = 50013
	codeEmptyMessage        = 50006
	codeInvalidWebhookToken = 50027
	codeInvalidFormBody     = 50035
	codeAlreadyAcknowledged = 40060
	codeThreadAlreadyExists = 160004
)

func (w *response) notFound() {
	w.fail(http.StatusNotFound, codeGeneral, "404: Not Found")
}
