package webpage

import (
	"net"
	"net/netip"
	"syscall"
)

// addressError is a connection refused because its address is not public.
type addressError struct{ ip netip.Addr }

func (e *addressError) Error() string {
	return "connection to non-public address " + e.ip.String() + " refused"
}

// publicOnly is a net.Dialer Control function: it runs for every
// connection, after the name was resolved, so a name that resolves to a
// public address when checked and a private one when dialled (DNS
// rebinding) is still refused.
func publicOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	if !isPublic(ip) {
		return &addressError{ip}
	}
	return nil
}

// nonPublic are address ranges that are not the public internet, beyond
// what netip's predicates name: shared and benchmark ranges, documentation,
// reserved space, and IPv6 prefixes that embed IPv4 addresses.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT; also some clouds' metadata services
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
	netip.MustParsePrefix("fec0::/10"),
}

// isPublic reports whether ip is a unicast address on the public
// internet: not loopback, private, link-local (which holds the cloud
// metadata address 169.254.169.254), multicast, unspecified or reserved.
func isPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}
