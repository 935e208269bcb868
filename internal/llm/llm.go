// Package llm adapts go-openai to cstobot: one client for any
// OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio, llama.cpp), with
// deadlines, bounded retries and errors classified by what the caller should
// do about them. go-openai types never leave this package.
package llm

// Message is one chat message. Role is "system", "user" or "assistant".
type Message struct {
	Role    string
	Content string
}

// Completion is the outcome of a chat call.
type Completion struct {
	Text         string
	FinishReason string // "stop", "length", … as the server said; "" when it said nothing
	// Truncated is true when the stream ended without a finish reason
	// (cut mid-way) or with "length": Text is then partial.
	Truncated        bool
	PromptTokens     int // 0 when the server did not report usage
	CompletionTokens int
}
