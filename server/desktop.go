package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// desktop is what the start-up needs of the machine it runs on: whether a
// person watches the window, how to open a browser, the network
// addresses. It is injected so that tests open no browser and list
// addresses they chose.
type desktop struct {
	// interactive: the output is a terminal window that someone sees
	// (a double-click on Windows or macOS opens one), not a service's
	// log, a pipe or CI.
	interactive bool
	open        func(url string) error
	addrs       func() ([]net.Addr, error)
}

// systemDesktop is the real machine: stdout decides whether it is
// interactive, and CI=… never is.
func systemDesktop(stdout io.Writer) desktop {
	return desktop{
		interactive: isTerminal(stdout) && os.Getenv("CI") == "",
		open:        openBrowser,
		addrs:       net.InterfaceAddrs,
	}
}

// isTerminal reports whether w is a terminal or a console window.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// openBrowser asks the system to open url in the default browser, without
// waiting for the browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reaps the opener, which exits at once
	return nil
}

// welcome prints, in the server's window, where to open the sandbox on
// this computer and on the learners' phones, then opens the browser on
// the home page when someone watches and browse allows it. The listener
// is open: a browser that connects now waits until the app serves.
func (d desktop) welcome(w io.Writer, listening net.Addr, browse bool, lang string) {
	home := homeURL(listening)
	var phones []string
	everywhere := listensEverywhere(listening)
	if everywhere {
		if addrs, err := d.addrs(); err == nil {
			_, port, _ := net.SplitHostPort(listening.String())
			phones = phoneAddresses(port, addrs)
		}
	}
	announce(w, lang, home, phones, everywhere)
	if browse && d.interactive {
		if err := d.open(home); err != nil {
			browserFailed(w, lang, home, err)
		}
	}
}

// homeURL is the address of the home page for a browser on this
// computer, given the address the server listens on.
func homeURL(listening net.Addr) string {
	host, port, err := net.SplitHostPort(listening.String())
	if err != nil {
		return "http://" + listening.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// listensEverywhere reports whether the server listens on every interface
// (the default, ":8080"), so that other devices may reach it.
func listensEverywhere(listening net.Addr) bool {
	host, _, err := net.SplitHostPort(listening.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "" || ip != nil && ip.IsUnspecified()
}

// phoneAddresses lists the addresses that other devices on the room's
// network can open: one per IPv4 address of this computer (the server
// listens on IPv4) that is neither loopback nor link-local (169.254.x.x,
// what a computer gives itself when no network answers).
func phoneAddresses(port string, addrs []net.Addr) []string {
	var out []string
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.To4() == nil || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
			continue
		}
		out = append(out, "http://"+net.JoinHostPort(ipn.IP.String(), port)+"/")
	}
	return out
}

// announce writes the addresses. The mediator reads them in the server's
// window, in the tools' language (French unless asked otherwise).
func announce(w io.Writer, lang, home string, phones []string, everywhere bool) {
	msg := authoring.Bundled()
	fmt.Fprintln(w, msg.Text(lang, "window.here", "URL", home))
	switch {
	case len(phones) > 0:
		fmt.Fprintln(w, msg.Text(lang, "window.phones", "URLs", strings.Join(phones, "  "+msg.Text(lang, "window.or")+"  ")))
	case everywhere:
		fmt.Fprintln(w, msg.Text(lang, "window.no_network"))
	}
}

// browserFailed tells the mediator to open the address by hand.
func browserFailed(w io.Writer, lang, home string, err error) {
	fmt.Fprintln(w, authoring.Bundled().Text(lang, "window.no_browser", "Error", err.Error(), "URL", home))
}

// waitForEnter keeps a double-clicked window open after an error until
// the mediator presses Enter, so that the error can be read.
func waitForEnter(in io.Reader, out io.Writer, lang string) {
	fmt.Fprintln(out, authoring.Bundled().Text(lang, "window.press_enter"))
	_, _ = fmt.Fscanln(in)
}
