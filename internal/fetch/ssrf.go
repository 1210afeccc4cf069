package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// BlockedError says that a connection was refused because the address is
// not public and the host is not allowed.
type BlockedError struct {
	Host   string
	Addr   netip.Addr
	Reason string // "loopback", "private", …
}

func (e *BlockedError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("refused to connect to %s: it resolves to %s, a %s address (allow the host explicitly to fetch it)", e.Host, e.Addr, e.Reason)
	}
	return fmt.Sprintf("refused to connect to %s, a %s address (allow the host explicitly to fetch it)", e.Addr, e.Reason)
}

// ErrBlocked matches every *BlockedError with errors.Is.
var ErrBlocked = errors.New("address not allowed")

func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	thisNet   = netip.MustParsePrefix("0.0.0.0/8")
	ietf      = netip.MustParsePrefix("192.0.0.0/24")
	benchmark = netip.MustParsePrefix("198.18.0.0/15")
	reserved  = netip.MustParsePrefix("240.0.0.0/4")
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	nat64l    = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour = netip.MustParsePrefix("2002::/16")
	teredo    = netip.MustParsePrefix("2001::/32")
	docV6     = netip.MustParsePrefix("2001:db8::/32")
	v4compat  = netip.MustParsePrefix("::/96")
)

// Blocked says why addr must not be dialled, or "" when it is a public
// unicast address.
func Blocked(addr netip.Addr) string {
	addr = addr.Unmap()
	switch {
	case !addr.IsValid():
		return "invalid"
	case addr.IsLoopback():
		return "loopback"
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast():
		return "link-local"
	case addr.IsMulticast(), addr.IsLinkLocalMulticast(), addr.IsInterfaceLocalMulticast():
		return "multicast"
	}
	if addr.Is4() {
		switch {
		case cgnat.Contains(addr):
			return "shared (CGNAT)"
		case thisNet.Contains(addr), ietf.Contains(addr), benchmark.Contains(addr), reserved.Contains(addr):
			return "reserved"
		}
		return ""
	}
	// IPv6 forms that embed an IPv4 address are judged by it.
	b := addr.As16()
	switch {
	case nat64.Contains(addr), v4compat.Contains(addr):
		if r := Blocked(netip.AddrFrom4([4]byte(b[12:16]))); r != "" {
			return r
		}
	case sixToFour.Contains(addr):
		if r := Blocked(netip.AddrFrom4([4]byte(b[2:6]))); r != "" {
			return r
		}
	case nat64l.Contains(addr), teredo.Contains(addr), docV6.Contains(addr):
		return "reserved"
	}
	return ""
}

// allowList is the parsed Options.AllowHosts.
type allowList struct {
	names    map[string]bool // exact host names, lower case
	suffixes []string        // ".example.org" from "*.example.org"
	prefixes []netip.Prefix  // IP addresses and CIDR ranges
}

func parseAllowList(hosts []string) (allowList, error) {
	al := allowList{names: map[string]bool{}}
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
		h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
		switch {
		case h == "":
			continue
		case strings.Contains(h, "/"):
			p, err := netip.ParsePrefix(h)
			if err != nil {
				return al, fmt.Errorf("allowed host %q: %w", h, err)
			}
			al.prefixes = append(al.prefixes, p.Masked())
		case strings.HasPrefix(h, "*."):
			al.suffixes = append(al.suffixes, h[1:])
		default:
			if a, err := netip.ParseAddr(h); err == nil {
				al.prefixes = append(al.prefixes, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
				continue
			}
			al.names[h] = true
		}
	}
	return al, nil
}

// host reports whether a host name is allowed whatever it resolves to.
func (al allowList) host(name string) bool {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if al.names[name] {
		return true
	}
	for _, s := range al.suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// addr reports whether an address is allowed.
func (al allowList) addr(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range al.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// dialer dials only addresses that are public or allowed.
type dialer struct {
	allow   allowList
	resolve func(ctx context.Context, host string) ([]netip.Addr, error)
	net     net.Dialer
}

func newDialer(allow allowList, resolve func(context.Context, string) ([]netip.Addr, error)) *dialer {
	d := &dialer{allow: allow, resolve: resolve}
	if d.resolve == nil {
		d.resolve = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	d.net = net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return d
}

// DialContext resolves the host itself, keeps the addresses that may be
// dialled and connects to them in order. The address is checked once
// more in the socket's Control hook, just before connect(2), as a second
// line of defence.
func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	trusted := d.allow.host(host)
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		addrs = []netip.Addr{a}
	} else {
		addrs, err = d.resolve(ctx, host)
		if err != nil {
			return nil, err
		}
	}
	var firstBlock *BlockedError
	var lastErr error
	for _, a := range addrs {
		a = a.Unmap()
		if !trusted && !d.allow.addr(a) {
			if r := Blocked(a); r != "" {
				if firstBlock == nil {
					firstBlock = &BlockedError{Host: host, Addr: a, Reason: r}
				}
				continue
			}
		}
		nd := d.net
		if !trusted {
			nd.Control = d.control
		}
		conn, err := nd.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return conn, nil
		}
		lastErr = err
	}
	if lastErr != nil {
		return nil, lastErr
	}
	if firstBlock != nil {
		return nil, firstBlock
	}
	return nil, fmt.Errorf("no address for %s", host)
}

// control refuses a socket about to connect to a blocked address.
func (d *dialer) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	a := ap.Addr().Unmap()
	if d.allow.addr(a) {
		return nil
	}
	if r := Blocked(a); r != "" {
		return &BlockedError{Addr: a, Reason: r}
	}
	return nil
}
