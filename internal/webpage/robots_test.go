package webpage

import (
	"net/netip"
	"strings"
	"testing"
)

func TestRobots(t *testing.T) {
	tests := []struct {
		name, body, path string
		want             bool
	}{
		{"empty", "", "/a", true},
		{"star group", "User-agent: *\nDisallow: /a", "/a/b", false},
		{"star group, other path", "User-agent: *\nDisallow: /a", "/b", true},
		{"own group wins over star", "User-agent: *\nDisallow: /\n\nUser-agent: CSTObot\nDisallow: /x", "/a", true},
		{"own group with a version", "User-agent: cstobot/2.1\nDisallow: /", "/a", false},
		{"own group with no rules", "User-agent: *\nDisallow: /\n\nUser-agent: cstobot\n", "/a", true},
		{"other bot's group", "User-agent: otherbot\nDisallow: /", "/a", true},
		{"groups of one agent merge", "User-agent: cstobot\nDisallow: /a\n\nUser-agent: cstobot\nDisallow: /b", "/b", false},
		{"shared group", "User-agent: otherbot\nUser-agent: cstobot\nDisallow: /a", "/a", false},
		{"longest match wins", "User-agent: *\nDisallow: /a\nAllow: /a/b", "/a/b/c", true},
		{"allow wins a tie", "User-agent: *\nDisallow: /a\nAllow: /a", "/a", true},
		{"wildcard", "User-agent: *\nDisallow: /*.pdf", "/docs/x.pdf", false},
		{"end anchor", "User-agent: *\nDisallow: /*.pdf$", "/docs/x.pdf?v=1", true},
		{"end anchor match", "User-agent: *\nDisallow: /*.pdf$", "/docs/x.pdf", false},
		{"query", "User-agent: *\nDisallow: /*?print=", "/a?print=1", false},
		{"empty disallow allows", "User-agent: *\nDisallow:", "/a", true},
		{"comments and case", "USER-AGENT: * # all\nDISALLOW: /a # no", "/a", false},
		{"utf-8 rule", "User-agent: *\nDisallow: /новости", "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1", false},
		{"lower-case escape", "User-agent: *\nDisallow: /%d0%bd", "/%D0%BD", false},
		{"robots.txt itself", "User-agent: *\nDisallow: /", "/robots.txt", true},
		{"rule before any group", "Disallow: /\nUser-agent: *\nAllow: /", "/a", true},
		{"crlf", "User-agent: *\r\nDisallow: /a\r\n", "/a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseRobots(tt.body, robotsAgent).allows(tt.path); got != tt.want {
				t.Errorf("robots %q allows(%q) = %v; want %v", tt.body, tt.path, got, tt.want)
			}
		})
	}
}

func TestMatchRule(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/", true},
		{"/a", "/abc", true},
		{"/a$", "/abc", false},
		{"/*/b", "/x/y/b", true},
		{"*", "", true},
		{"/a*b*c", "/aXbYc", true},
		{"/a*b*c", "/aXbY", false},
		{"/**", "/", true},
		{"$", "", true},
		{"/x$", "/x", true},
	}
	for _, tt := range tests {
		if got := matchRule(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matchRule(%q, %q) = %v; want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func FuzzRobots(f *testing.F) {
	f.Add(robotsTxt, "/drafts/public")
	f.Add("User-agent: *\nDisallow: /*a*a*a*a*a*a$", strings.Repeat("a", 200)+"b")
	f.Fuzz(func(t *testing.T, body, path string) {
		r := parseRobots(body, robotsAgent)
		got := r.allows(path)
		if path == "/robots.txt" && !got {
			t.Errorf("robots.txt itself disallowed by %q", body)
		}
		if len(r.rules) == 0 && !got {
			t.Errorf("no rules, yet %q disallowed", path)
		}
	})
}

func TestIsPublic(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"127.5.5.5", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.100.100.200", false}, // a cloud's metadata, in shared space
		{"fd00:ec2::254", false},   // a cloud's IPv6 metadata
		{"fe80::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"2002:a00:1::", false},   // 6to4 of 10.0.0.1
		{"198.18.0.1", false},
		{"192.0.2.1", false},
	}
	for _, tt := range tests {
		if got := isPublic(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("isPublic(%s) = %v; want %v", tt.ip, got, tt.want)
		}
	}
}
