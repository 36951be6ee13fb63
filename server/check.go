package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// check loads every procedure of dir (the bundled ones when dir is empty),
// plays every scenario, and prints each problem with its place, then one
// summary line. It fails when anything is wrong.
func check(args []string, files fs.FS, stdout io.Writer) error {
	fsys, dir, name := files, "procedures", "procedures"
	if len(args) > 0 {
		fsys, dir, name = os.DirFS(args[0]), ".", args[0]
	}
	start := time.Now()
	procs, problems := procedure.Load(fsys, dir)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	failed, played := 0, 0
	for _, p := range procs {
		for _, sc := range p.Scenarios {
			played++
			// A fixed day and fixed digits: the same result on every run.
			e := &engine.Engine{
				Now:    func() time.Time { return time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC) },
				Random: bytes.NewReader(bytes.Repeat([]byte{7}, 4096)),
			}
			out, err := e.Play(p, sc)
			msgs := engine.Mismatches(sc, out)
			if err != nil {
				msgs = append(msgs, err.Error())
			}
			for _, m := range msgs {
				fmt.Fprintf(stdout, "%s:%d:%d: scenario %q: %s\n", p.File, sc.Pos.Line, sc.Pos.Column, sc.Name, m)
			}
			if len(msgs) > 0 {
				failed++
			}
		}
	}
	fmt.Fprintf(stdout, "%s: %d procedures, %d scenarios played, %d problems, %d failed scenarios (%s)\n",
		name, len(procs), played, len(problems), failed, time.Since(start).Round(time.Millisecond))
	if len(problems) > 0 || failed > 0 {
		return fmt.Errorf("check failed")
	}
	return nil
}
