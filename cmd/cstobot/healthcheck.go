package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// runHealthcheck asks a running cstobot's /readyz (at HTTP_ADDR) whether it
// can answer: its index loaded and, under serve, the Discord gateway
// connected or gone for less than GATEWAY_GRACE. The container image has
// no shell or curl, so its HEALTHCHECK runs this.
func runHealthcheck(ctx context.Context, e *env, args []string) error {
	cfg, rest, err := parseFlags(e, "healthcheck", "", args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("healthcheck takes no arguments, got %q", rest)}
	}
	if cfg.HTTPAddr == "" {
		return usageError{"HTTP_ADDR is not set: the health endpoint is off, so there is nothing to check"}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, readyURL(cfg.HTTPAddr), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("readyz: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("readyz: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	_, err = fmt.Fprintln(e.stdout, "ok")
	return err
}

// readyURL turns a listen address into a URL to dial: a wildcard host
// (":9090", "0.0.0.0:9090", "[::]:9090") is reached on loopback.
func readyURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/readyz"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz"
}
