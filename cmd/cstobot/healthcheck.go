package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// runHealthcheck asks a running cstobot's /healthz (at HTTP_ADDR) whether it
// is alive. The container image has no shell or curl, so its HEALTHCHECK
// runs this.
func runHealthcheck(ctx context.Context, e *env, args []string) error {
	cfg, _, err := parseFlags(e, "healthcheck", "", args, nil)
	if err != nil {
		return err
	}
	if cfg.HTTPAddr == "" {
		return usageError{"HTTP_ADDR is not set: the health endpoint is off, so there is nothing to check"}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, healthURL(cfg.HTTPAddr), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthz: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz: %s", resp.Status)
	}
	_, err = fmt.Fprintln(e.stdout, "ok")
	return err
}

// healthURL turns a listen address into a URL to dial: a wildcard host
// (":9090", "0.0.0.0:9090", "[::]:9090") is reached on loopback.
func healthURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/healthz"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
