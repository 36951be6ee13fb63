package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// serveInProcess runs build(cfg) on a free local port, in this process:
// the test can run the sweeper's pass itself, at a time of its choosing.
func serveInProcess(t *testing.T, cfg config) (*sandbox, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sb, err := build(cfg)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	go func() { _ = sb.fiber.(*fiber.App).Listener(ln) }()
	t.Cleanup(func() { _ = sb.shutdown() })
	return sb, "http://" + ln.Addr().String()
}

// onDisk counts the occurrences of each marker in the raw bytes of every
// file of dir (the database, its -wal and -shm, anything else), as
// `strings` or a disk image would find them; it describes where.
func onDisk(t *testing.T, dir string, markers []string) (map[string]int, string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var where strings.Builder
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&where, "%s (%d bytes):", e.Name(), len(data))
		for _, m := range markers {
			n := bytes.Count(data, []byte(m))
			counts[m] += n
			if n > 0 {
				fmt.Fprintf(&where, " %q×%d", m, n)
			}
		}
		where.WriteString("\n")
	}
	return counts, where.String()
}

// expectOnDisk fails when a marker of gone is still on disk, or when one
// of kept is not (the test would then prove nothing).
func expectOnDisk(t *testing.T, when, dir string, gone, kept []string) {
	t.Helper()
	counts, where := onDisk(t, dir, append(append([]string{}, gone...), kept...))
	t.Logf("%s:\n%s", when, where)
	var found []string
	total := 0
	for _, m := range gone {
		if counts[m] > 0 {
			found = append(found, fmt.Sprintf("%q×%d", m, counts[m]))
			total += counts[m]
		}
	}
	sort.Strings(found)
	if total > 0 {
		t.Errorf("%s: %d occurrence(s) of erased values on disk: %s\n%s", when, total, strings.Join(found, ", "), where)
	}
	for _, m := range kept {
		if counts[m] == 0 {
			t.Errorf("%s: %q, still in use, is not on disk: the test reads the wrong files\n%s", when, m, where)
		}
	}
}

// play starts procedure p with profile and, for every step of steps,
// fills it with answers and checks that the server moved on.
func (b *browser) play(p *procedure.Procedure, profile string, steps []*procedure.Step, answers map[string]string) {
	b.t.Helper()
	start := "/demarches/" + p.ID + "/"
	b.get(start)
	if code, page := b.post(start+"commencer", url.Values{"profil": {profile}}); code != 200 {
		b.t.Fatalf("commencer: %d\n%.2000s", code, page)
	}
	for _, st := range steps {
		b.postStep(p, st, answers)
	}
}

// TestErasedAnswersLeaveNothingOnDisk: learners type values of their own
// (a social-security number, salaries, an e-mail address, a pseudonym, a
// comment) through HTTP; one erases them ("Effacer mes réponses"), one
// lets the session expire, one belongs to a training that is closed and
// purged. After each erasure, no file of the data folder holds a byte of
// what was erased, while the server runs and after it stops.
func TestErasedAnswersLeaveNothingOnDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("a whole server on a data folder")
	}
	data := filepath.Join(t.TempDir(), "data")
	cfg := config{files: repetition.Files, idle: 2 * time.Hour, retention: 72 * time.Hour, data: data,
		logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sb, base := serveInProcess(t, cfg)
	st := sb.store.(store.Store)
	caf, scenario, _ := cafScenario(t)
	steps := caf.Steps[:5] // connexion, declaration, situation, ressources_vous, montants_vous
	if steps[4].ID != "montants_vous" {
		t.Fatalf("the CAF declaration changed: step 5 is %s", steps[4].ID)
	}
	with := func(nir string, salaries ...string) map[string]string {
		answers := map[string]string{}
		for k, v := range scenario {
			answers[k] = v
		}
		answers["nir"] = nir
		for i, s := range salaries {
			answers[procedure.RepeatKey("salaires_vous", i)] = s
		}
		return answers
	}

	// Erased by the learner: the NIR and three salaries, each step saved
	// several times (the attempts are rewritten at every page).
	erased := []string{"2710813217349", "9 871", "8 653", "7 439"}
	a := newBrowser(t)
	a.base = base
	a.play(caf, "kevin", steps, with(erased[0], erased[1:]...))
	// Expires: an account's e-mail on MaPrimeRénov', and a NIR.
	expired := []string{"marqueur.expire@exemple.org", "1840575139262", "6 214"}
	b := newBrowser(t)
	b.base = base
	b.play(caf, "kevin", steps, with(expired[1], expired[2], "1 000", "1 000"))
	mpr := procByID(t, "anah-maprimerenov")
	b.get("/demarches/" + mpr.ID + "/")
	b.post("/demarches/"+mpr.ID+"/commencer", url.Values{"profil": {"josiane"}})
	b.get("/demarches/" + mpr.ID + "/compte")
	b.post("/demarches/"+mpr.ID+"/compte", url.Values{"courriel": {expired[0]}, "mot_de_passe": {"Tournesol#Bleu"}, "confirmation": {"Tournesol#Bleu"}})
	// Purged with its training: the pseudonym, a NIR, and a comment.
	purged := []string{"Zorglubette", "1931269123457", "Avis-marqueur-Quetzal"}
	mediator, c := newBrowser(t), newBrowser(t)
	mediator.base, c.base = base, base
	mediator.get("/animer")
	res, err := mediator.client.PostForm(base+"/animer", withCSRF(url.Values{
		"demarches": {caf.ID}, "mode": {"guide"}, "duree": {"120"}, "bloque": {"5"},
		"profils": {caf.ID + "/kevin"}, "attribution": {"attribue"},
	}, mediator.csrf))
	_, page := mediator.read(res, err)
	dashboard := res.Request.URL.Path
	code := regexp.MustCompile(`/projection/([A-Z0-9]{6})`).FindStringSubmatch(page)
	if !strings.HasPrefix(dashboard, "/animer/s/") || code == nil {
		t.Fatalf("creating the training led to %s:\n%.2000s", dashboard, page)
	}
	c.get("/rejoindre")
	c.post("/rejoindre", url.Values{"code": {code[1]}, "pseudo": {purged[0]}})
	c.play(caf, "kevin", steps[:1], with(purged[1]))
	c.get("/demarches/" + caf.ID + "/")
	c.post("/avis", url.Values{"retour": {"/demarches/" + caf.ID + "/"}, "note": {"2"}, "commentaire": {purged[2]}})
	if _, board := mediator.get(dashboard); !strings.Contains(board, purged[0]) {
		t.Fatalf("the learner is not on the dashboard:\n%.2000s", board)
	}
	expectOnDisk(t, "before any erasure", data, nil, append(append(append([]string{}, erased...), expired...), purged...))

	// (a) "Effacer mes réponses", confirmed with the button of its page.
	a.get("/effacer-mes-reponses")
	if code, _ := a.post("/effacer-mes-reponses", url.Values{"confirmer": {"oui"}}); code != 200 {
		t.Fatalf("effacer-mes-reponses: %d", code)
	}
	if res, err := a.client.Get(base + "/demarches/" + caf.ID + "/etapes/" + steps[1].ID); err == nil {
		res.Body.Close()
		if res.Request.URL.Path != "/demarches/"+caf.ID+"/" {
			t.Fatalf("after erasing, the steps still open (at %s)", res.Request.URL.Path)
		}
	}
	expectOnDisk(t, "after Effacer mes réponses", data, erased, append(append([]string{}, expired...), purged...))

	// (b) The sweeper's pass once the idle time is over.
	sweepOnce(context.Background(), st, cfg, time.Now().Add(cfg.idle+time.Minute))
	expectOnDisk(t, "after idle expiry", data, append(append([]string{}, erased...), expired...), purged)

	// (c) The training closes; the sweeper's pass after the retention.
	mediator.get(dashboard)
	mediator.post(dashboard+"/cloturer", url.Values{})
	sweepOnce(context.Background(), st, cfg, time.Now().Add(cfg.retention+24*time.Hour))
	all := append(append(append([]string{}, erased...), expired...), purged...)
	expectOnDisk(t, "after the training's purge", data, all, nil)

	if err := sb.shutdown(); err != nil {
		t.Fatal(err)
	}
	expectOnDisk(t, "after the server stopped", data, all, nil)
}

// procByID is the bundled procedure id.
func procByID(t *testing.T, id string) *procedure.Procedure {
	t.Helper()
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, p := range procs {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no procedure %s", id)
	return nil
}
