package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/load"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// runLoad is "server load": it starts this server on 127.0.0.1 in a
// child process (or uses -target), plays trainings of learners against it
// while every dashboard listens, and prints what it measured.
func runLoad(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sessions := fs.Int("sessions", 20, "trainings, each with a dashboard listening")
	learners := fs.Int("learners", 30, "learners per training")
	think := fs.Duration("think", 2*time.Second, "mean pause of a learner between two requests")
	target := fs.String("target", "", "address of a running sandbox; by default one is started on 127.0.0.1")
	memory := fs.Bool("memory", false, "start the sandbox with its in-memory store instead of SQLite")
	limit := fs.Duration("limit", 5*time.Minute, "stop the run after this long, whatever its state")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *sessions < 1 || *learners < 1 || *sessions**learners > 5000 {
		return errors.New("load: between 1 and 5000 learners in all")
	}
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		return problems
	}
	var caf *procedure.Procedure
	for _, p := range procs {
		if p.ID == "caf-declaration-trimestrielle" {
			caf = p
		}
	}
	if caf == nil {
		return errors.New("load: the Caf declaration is missing")
	}
	steps, err := load.StepsOf(caf, engine.New(), "kevin")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *limit)
	defer cancel()
	base, pid := *target, 0
	if base == "" {
		var stop func()
		base, pid, stop, err = startChild(ctx, *memory, stderr)
		if err != nil {
			return err
		}
		defer stop()
	}
	rssBefore := rss(pid)
	cfg := load.Config{Base: base, Sessions: *sessions, Learners: *learners, Think: *think,
		Procedure: caf.ID, Profile: "kevin", Steps: steps, Submit: true, StartDelay: 10 * time.Second}
	fmt.Fprintf(stdout, "load: %d trainings × %d learners on %s, %d dashboards listening, pause %v\n",
		*sessions, *learners, base, *sessions, *think)
	rep, err := load.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rate := float64(rep.Requests) / rep.Duration.Seconds()
	fmt.Fprintf(stdout, "requests:  %d in %v (%.0f/s), %d errors\n", rep.Requests, rep.Duration.Round(time.Millisecond), rate, rep.Errors)
	fmt.Fprintf(stdout, "latency:   %s\n", rep.Latency)
	fmt.Fprintf(stdout, "dashboard: %d steps seen, %d missed, %d events; delay %s\n", rep.Delays, rep.Missed, rep.DashboardEvents, rep.DashboardDelay)
	for _, m := range slices.Sorted(maps.Keys(rep.DelayByStep)) {
		fmt.Fprintf(stdout, "           %-8s %s\n", m, rep.DelayByStep[m])
	}
	if pid != 0 {
		now, peak := rss(pid), hwm(pid)
		fmt.Fprintf(stdout, "memory:    server resident %s before, %s after, peak %s\n", mib(rssBefore), mib(now), mib(peak))
	}
	for _, e := range rep.ErrorSamples {
		fmt.Fprintln(stdout, "error:", e)
	}
	if rep.Errors > 0 || rep.Missed > 0 {
		return fmt.Errorf("load: %d errors, %d steps never shown on a dashboard", rep.Errors, rep.Missed)
	}
	return nil
}

// startChild runs this program as a sandbox on a free port of 127.0.0.1,
// with a fresh data folder, and waits until it answers.
func startChild(ctx context.Context, memory bool, stderr io.Writer) (base string, pid int, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", 0, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	if err != nil {
		return "", 0, nil, err
	}
	dir, err := os.MkdirTemp("", "repetition-load-")
	if err != nil {
		return "", 0, nil, err
	}
	args := []string{"-addr", addr, "-data", dir}
	if memory {
		args = []string{"-addr", addr, "-memory"}
	}
	cmd := exec.Command(self, args...)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return "", 0, nil, err
	}
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		os.RemoveAll(dir)
	}
	base = "http://" + addr
	for deadline := time.Now().Add(10 * time.Second); ; {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return base, cmd.Process.Pid, stop, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			stop()
			return "", 0, nil, errors.New("load: the sandbox did not start within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rss and hwm read a process's resident memory, now and at its peak, in
// bytes (Linux only; 0 elsewhere).
func rss(pid int) int64 { return procStatus(pid, "VmRSS:") }
func hwm(pid int) int64 { return procStatus(pid, "VmHWM:") }

func procStatus(pid int, field string) int64 {
	if pid == 0 {
		return 0
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
