package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// BenchmarkServeReady measures a whole `cstobot serve` process from exec to
// /readyz answering 200, against the fake Discord, over the library that
// scripts/bench.sh generated and indexed: CSTOBOT_BIN names the binary,
// CSTOBOT_DATA_DIR and CSTOBOT_KNOWLEDGE_DIR the index and the articles
// (empty for the built-in article alone), CSTOBOT_ENV more settings
// (NAME=value, space-separated). It reports ms to ready and the process's
// peak RSS. Without CSTOBOT_BIN it is skipped.
func BenchmarkServeReady(b *testing.B) {
	bin := os.Getenv("CSTOBOT_BIN")
	if bin == "" {
		b.Skip("CSTOBOT_BIN not set (see scripts/bench.sh library)")
	}
	fake := discordtest.NewServer(b)
	var total time.Duration
	var rss int64
	for b.Loop() {
		d, maxrss := serveOnce(b, bin, fake.URL())
		total += d
		rss = max(rss, maxrss)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
	b.ReportMetric(float64(rss)/1024, "MiB-peak-RSS")
}

func serveOnce(b *testing.B, bin, discordURL string) (time.Duration, int64) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(),
		"DATA_DIR="+os.Getenv("CSTOBOT_DATA_DIR"), "KNOWLEDGE_DIR="+os.Getenv("CSTOBOT_KNOWLEDGE_DIR"),
		"DISCORD_TOKEN=bench.token", "DISCORD_API_URL="+discordURL, "HTTP_ADDR="+addr, "LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, splitEnv(os.Getenv("CSTOBOT_ENV"))...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/readyz", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if ctx.Err() != nil {
			cmd.Process.Kill()
			b.Fatal("serve not ready within a minute")
		}
		time.Sleep(2 * time.Millisecond)
	}
	ready := time.Since(start)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	var maxrss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxrss = ru.Maxrss // KiB on Linux
	}
	return ready, maxrss
}

func splitEnv(s string) []string { return strings.Fields(s) }
