package openaitest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sashabaranov/go-openai"

	"github.com/cstobot/cstobot/internal/openaitest"
)

// A test scripts a model that cites its source, and makes the first call
// fail with a rate limit.
func ExampleNewServer() {
	t := &testing.T{} // in a real test, the test's own *testing.T
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("Six states are members [1].")))
	defer s.Close()
	s.Script(openaitest.ChatPath, openaitest.RateLimited("1"))

	cfg := openai.DefaultConfig("")
	cfg.BaseURL = s.URL()
	c := openai.NewClientWithConfig(cfg)
	req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "members?"}}}
	_, err := c.CreateChatCompletion(context.Background(), req)
	var apiErr *openai.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.HTTPStatusCode)
	res, _ := c.CreateChatCompletion(context.Background(), req)
	fmt.Println(res.Choices[0].Message.Content)
	fmt.Println(s.Count(openaitest.ChatPath), "requests")
	// Output:
	// true 429
	// Six states are members [1].
	// 2 requests
}
