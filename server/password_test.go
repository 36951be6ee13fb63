package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the attacker reads the copy with SQLite

	repetition "github.com/repetition-demarches/repetition"
)

// byteArray is a [32]byte as encoding/json writes it: 32 numbers.
var byteArray = regexp.MustCompile(`\[(\d{1,3}(?:,\d{1,3}){31})\]`)

// keyField is a JSON string field whose name says it is a key.
var keyField = regexp.MustCompile(`"[A-Za-z]*Key[A-Za-z]*":"([^"]*)"`)

// storedTexts is what someone with a copy of the data folder reads: the
// raw bytes of every file, and the JSON of every row as SQLite gives it
// (a row long enough to span pages is cut in the raw bytes).
func storedTexts(t *testing.T, dir string) [][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	cp := t.TempDir()
	var texts [][]byte
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, data)
		if err := os.WriteFile(filepath.Join(cp, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite", filepath.Join(cp, "repetition.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`SELECT CAST(attempts AS TEXT) FROM sessions`, `SELECT CAST(data AS TEXT) FROM trainings`} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var text []byte
			if err := rows.Scan(&text); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, text)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return texts
}

// dictionaryAttack is what the review did with a copy of the data folder:
// every stored 32-byte array, and every string field named like a key,
// taken as an HMAC key or a fingerprint, tried against every word. It
// returns the word confirmed, if any, and how many fingerprints it had.
func dictionaryAttack(t *testing.T, dir string, words []string) (confirmed string, fingerprints int) {
	t.Helper()
	var arrays, keys [][]byte
	seen := map[string]bool{}
	for _, data := range storedTexts(t, dir) {
		for _, m := range byteArray.FindAllSubmatch(data, -1) {
			var b []byte
			for _, n := range strings.Split(string(m[1]), ",") {
				v, _ := strconv.Atoi(n)
				b = append(b, byte(v))
			}
			if !seen[string(b)] { // the WAL holds many copies of a page
				seen[string(b)] = true
				arrays = append(arrays, b)
			}
		}
		for _, m := range keyField.FindAllSubmatch(data, -1) {
			keys = append(keys, m[1])
			if k, err := hex.DecodeString(string(m[1])); err == nil {
				keys = append(keys, k)
			}
		}
	}
	keys = append(keys, arrays...)
	for _, w := range words {
		plain := sha256.Sum256([]byte(w))
		for _, fp := range arrays {
			if bytes.Equal(fp, plain[:]) {
				return w, len(arrays)
			}
			for _, k := range keys {
				m := hmac.New(sha256.New, k)
				m.Write([]byte(w))
				if hmac.Equal(m.Sum(nil), fp) {
					return w, len(arrays)
				}
			}
		}
	}
	return "", len(arrays)
}

// TestPracticePasswordCannotBeConfirmedFromDisk: a learner creates the
// MaPrimeRénov' account with a password; with a copy of the data folder
// and a word list that holds it, nobody can confirm it, while the server
// runs and after it stops. Neither the password nor its SHA-256 is there.
func TestPracticePasswordCannotBeConfirmedFromDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("a whole server on a data folder")
	}
	const email, password = "josiane.fictive@example.org", "Hirondelle#Verte"
	words := make([]string, 0, 1001)
	for i := range 1000 {
		words = append(words, fmt.Sprintf("Motdepasse%03d!", i))
	}
	words = append(words[:500], append([]string{password}, words[500:]...)...)

	data := filepath.Join(t.TempDir(), "data")
	cfg := config{files: repetition.Files, idle: 2 * time.Hour, retention: 72 * time.Hour, data: data,
		logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sb, base := serveInProcess(t, cfg)
	mpr := procByID(t, "anah-maprimerenov")
	start := "/demarches/" + mpr.ID + "/"
	b := newBrowser(t)
	b.base = base
	b.get(start)
	b.post(start+"commencer", url.Values{"profil": {"josiane"}})
	b.get(start + "compte")
	if _, page := b.post(start+"compte", url.Values{"courriel": {email}, "mot_de_passe": {password}, "confirmation": {password}}); !strings.Contains(page, "Un e-mail") && !strings.Contains(page, email) {
		t.Fatalf("the account was not created:\n%.2000s", page)
	}

	sum := sha256.Sum256([]byte(password))
	check := func(when string) {
		t.Helper()
		found, fingerprints := dictionaryAttack(t, data, words)
		if found != "" {
			t.Errorf("%s: the data folder confirms the password %q (a word list of %d, %d stored 32-byte arrays)", when, found, len(words), fingerprints)
		}
		if fingerprints == 0 {
			t.Errorf("%s: no stored fingerprint found: the attack reads the wrong files", when)
		}
		counts, where := onDisk(t, data, []string{password, string(sum[:]), hex.EncodeToString(sum[:])})
		for m, n := range counts {
			if n > 0 {
				t.Errorf("%s: the password or its SHA-256 (%x) is on disk %d time(s)\n%s", when, m, n, where)
			}
		}
	}
	check("while the server runs")
	if err := sb.shutdown(); err != nil {
		t.Fatal(err)
	}
	check("after the server stopped")
}

// TestSignInAfterARestart: the key of the practice passwords' fingerprints
// lives only in the server's memory, so after a restart the password
// cannot be checked. The sign-in page says so in the guide; the right
// e-mail with any password that meets the account's rules opens the
// account, a password that breaks them or another e-mail is refused.
func TestSignInAfterARestart(t *testing.T) {
	if testing.Short() {
		t.Skip("a whole server, started twice on a data folder")
	}
	const email, password = "josiane.fictive@example.org", "Hirondelle#Verte"
	data := filepath.Join(t.TempDir(), "data")
	cfg := config{files: repetition.Files, idle: 2 * time.Hour, retention: 72 * time.Hour, data: data,
		logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sb, base := serveInProcess(t, cfg)
	mpr := procByID(t, "anah-maprimerenov")
	start := "/demarches/" + mpr.ID + "/"
	b := newBrowser(t)
	b.base = base
	b.get(start)
	b.post(start+"commencer", url.Values{"profil": {"josiane"}})
	b.get(start + "compte")
	b.post(start+"compte", url.Values{"courriel": {email}, "mot_de_passe": {password}, "confirmation": {password}})
	_, mail := b.get(start + "messagerie?message=activation")
	link := regexp.MustCompile(`href="(/demarches/[^"]*/compte/activer\?cle=[^"]*)"`).FindStringSubmatch(mail)
	if link == nil {
		t.Fatalf("no activation link in the practice mailbox:\n%.2000s", mail)
	}
	b.get(strings.ReplaceAll(link[1], "&amp;", "&"))
	const note = "ne peut pas être vérifié"
	if _, page := b.get(start + "connexion"); strings.Contains(page, note) {
		t.Error("before the restart, the sign-in page says the password cannot be checked")
	}
	if err := sb.shutdown(); err != nil {
		t.Fatal(err)
	}

	_, b.base = serveInProcess(t, cfg)
	_, page := b.get(start + "connexion")
	if !strings.Contains(page, note) {
		t.Errorf("after the restart, the sign-in page does not say that the password cannot be checked:\n%.3000s", page)
	}
	signIn := func(email, password string) string {
		t.Helper()
		res, err := b.client.PostForm(b.base+start+"connexion", withCSRF(url.Values{"courriel": {email}, "mot_de_passe": {password}}, b.csrf))
		b.read(res, err)
		return res.Request.URL.Path
	}
	for _, refused := range [][2]string{{email, "hirondelle#verte"}, {email, "Courte!"}, {"autre@example.org", "Autre#Motdepasse"}} {
		if at := signIn(refused[0], refused[1]); at != start+"connexion" {
			t.Errorf("after the restart, %s with %q led to %s, want the sign-in page", refused[0], refused[1], at)
		}
	}
	if at := signIn(email, "Autre#Motdepasse"); at != start+"etapes/verification" {
		t.Errorf("after the restart, a password meeting the rules led to %s, want the first step", at)
	}
}
