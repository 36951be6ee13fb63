package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
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
func (d desktop) welcome(w io.Writer, listening net.Addr, browse bool) {
	home := homeURL(listening)
	var phones []string
	everywhere := listensEverywhere(listening)
	if everywhere {
		if addrs, err := d.addrs(); err == nil {
			_, port, _ := net.SplitHostPort(listening.String())
			phones = phoneAddresses(port, addrs)
		}
	}
	announce(w, home, phones, everywhere)
	if browse && d.interactive {
		if err := d.open(home); err != nil {
			browserFailed(w, home, err)
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
// window, so they speak French.
func announce(w io.Writer, home string, phones []string, everywhere bool) {
	fmt.Fprintf(w, "Sur cet ordinateur : %s\n", home)
	switch {
	case len(phones) > 0:
		fmt.Fprintf(w, "Sur les téléphones de la salle : %s\n", strings.Join(phones, "  ou  "))
	case everywhere:
		fmt.Fprintln(w, "Aucun réseau trouvé : pour que les téléphones s'y connectent, reliez cet ordinateur au wifi de la salle, puis relancez Répétition.")
	}
}

// browserFailed tells the mediator to open the address by hand.
func browserFailed(w io.Writer, home string, err error) {
	fmt.Fprintf(w, "Le navigateur ne s'est pas ouvert (%v) : ouvrez %s\n", err, home)
}

// waitForEnter keeps a double-clicked window open after an error until
// the mediator presses Enter, so that the error can be read.
func waitForEnter(in io.Reader, out io.Writer) {
	fmt.Fprintln(out, "Appuyez sur Entrée pour fermer cette fenêtre.")
	_, _ = fmt.Fscanln(in)
}
