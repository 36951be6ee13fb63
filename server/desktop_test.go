package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPhoneAddressesListEveryRoomAddress: the window lists every IPv4
// address of the computer but loopback and link-local, with the port.
func TestPhoneAddressesListEveryRoomAddress(t *testing.T) {
	cidr := func(s string) net.Addr {
		ip, ipn, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		ipn.IP = ip
		return ipn
	}
	addrs := []net.Addr{
		cidr("127.0.0.1/8"), cidr("192.168.1.20/24"), cidr("::1/128"), cidr("fe80::1/64"),
		cidr("169.254.3.4/16"), cidr("10.0.0.7/8"), cidr("2a01:e0a::5/64"), &net.IPAddr{IP: net.ParseIP("172.16.0.9")},
	}
	got := strings.Join(phoneAddresses("8080", addrs), " ")
	if want := "http://192.168.1.20:8080/ http://10.0.0.7:8080/"; got != want {
		t.Errorf("phoneAddresses = %q, want %q", got, want)
	}
}

func TestHomeURLAndListeningEverywhere(t *testing.T) {
	for _, tc := range []struct {
		addr       string
		home       string
		everywhere bool
	}{
		{"0.0.0.0:8080", "http://localhost:8080/", true},
		{"[::]:9000", "http://localhost:9000/", true},
		{"127.0.0.1:8080", "http://127.0.0.1:8080/", false},
		{"192.168.1.20:8080", "http://192.168.1.20:8080/", false},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := homeURL(addr); got != tc.home {
			t.Errorf("homeURL(%s) = %q, want %q", tc.addr, got, tc.home)
		}
		if got := listensEverywhere(addr); got != tc.everywhere {
			t.Errorf("listensEverywhere(%s) = %v, want %v", tc.addr, got, tc.everywhere)
		}
	}
}

// startWindow runs the server as a double-click would, on a desktop whose
// opener records what it is asked to open, and stops it at the end.
func startWindow(t *testing.T, interactive bool, args ...string) (opened chan string, out *syncBuilder) {
	t.Helper()
	opened, out = make(chan string, 4), &syncBuilder{}
	desk := desktop{
		interactive: interactive,
		open: func(url string) error {
			opened <- url
			return nil
		},
		addrs: func() ([]net.Addr, error) {
			return []net.Addr{&net.IPNet{IP: net.IPv4(192, 168, 1, 20), Mask: net.CIDRMask(24, 32)}}, nil
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runOn(ctx, append(args, "-memory", "-addr", ":0"), out, &syncBuilder{}, desk) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("the server stopped with %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop")
		}
	})
	return opened, out
}

// TestDoubleClickOpensTheHomePage: in a window, once the server listens,
// the browser is asked to open the home page, which answers; the window
// shows the address the phones can use.
func TestDoubleClickOpensTheHomePage(t *testing.T) {
	opened, out := startWindow(t, true)
	var home string
	select {
	case home = <-opened:
	case <-time.After(20 * time.Second):
		t.Fatalf("the browser was not opened; the window shows:\n%s", out)
	}
	if !strings.HasPrefix(home, "http://localhost:") || !strings.HasSuffix(home, "/") {
		t.Fatalf("opened %q, want the home page on localhost", home)
	}
	res, err := http.Get(home)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET %s: %d", home, res.StatusCode)
	}
	port := strings.TrimSuffix(strings.TrimPrefix(home, "http://localhost:"), "/")
	for _, want := range []string{"Sur cet ordinateur : " + home, "Sur les téléphones de la salle : http://192.168.1.20:" + port + "/"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the window lacks %q:\n%s", want, out)
		}
	}
	select {
	case again := <-opened:
		t.Errorf("the browser was opened twice (%q)", again)
	default:
	}
}

// TestNoBrowserWithoutAWindowOrWhenRefused: -no-browser, and output that
// nobody watches (CI, a service, a pipe), open nothing; the addresses are
// still printed.
func TestNoBrowserWithoutAWindowOrWhenRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		interactive bool
		args        []string
	}{
		"not interactive": {false, nil},
		"-no-browser":     {true, []string{"-no-browser"}},
	} {
		t.Run(name, func(t *testing.T) {
			opened, out := startWindow(t, tc.interactive, tc.args...)
			for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), "Sur les téléphones"); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("the addresses were not printed:\n%s", out)
				}
			}
			select {
			case url := <-opened:
				t.Errorf("the browser was opened on %q", url)
			case <-time.After(200 * time.Millisecond):
			}
		})
	}
}

func TestSystemDesktopIsNotInteractiveUnderCIOrAPipe(t *testing.T) {
	t.Setenv("CI", "")
	if systemDesktop(&strings.Builder{}).interactive {
		t.Error("output to a buffer counted as a window")
	}
	t.Setenv("CI", "true")
	if systemDesktop(nil).interactive {
		t.Error("CI=true counted as a window")
	}
}

func TestBrowserFailureTellsTheAddress(t *testing.T) {
	var out strings.Builder
	desk := desktop{interactive: true, open: func(string) error { return errors.New("no xdg-open") },
		addrs: func() ([]net.Addr, error) { return nil, nil }}
	for lang, wants := range map[string][]string{
		"fr": {"ouvrez http://localhost:8080/", "Aucun réseau trouvé"},
		"en": {"open http://localhost:8080/", "No network found"}, // -lang en
	} {
		out.Reset()
		desk.welcome(&out, &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, true, lang)
		for _, want := range wants {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: the window lacks %q:\n%s", lang, want, out.String())
			}
		}
	}
}

func TestRunPrintsTheVersion(t *testing.T) {
	var out, errs strings.Builder
	if err := run([]string{"-version"}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "Répétition "+versionString()+"\n" || versionString() == "" {
		t.Errorf("-version printed %q", got)
	}
}

// syncBuilder is a strings.Builder that the server goroutine writes while
// the test reads.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
