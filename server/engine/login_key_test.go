package engine_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
)

// restored is the attempt as a store gives it back: through JSON.
func restored(t *testing.T, a *engine.Attempt) (*engine.Attempt, string) {
	t.Helper()
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	b := &engine.Attempt{}
	if err := json.Unmarshal(data, b); err != nil {
		t.Fatal(err)
	}
	return b, string(data)
}

// TestPasswordKeyStaysInMemory: the key of the password's fingerprint is
// the engine's, never written in the attempt. The same engine checks the
// password; another engine (the server restarted) cannot: it says so,
// accepts the right e-mail with any password that meets the account's
// rules, and checks that password from then on.
func TestPasswordKeyStaysInMemory(t *testing.T) {
	p := loginProc(t, "{password: {min_length: 8, upper: true, special: true}}")
	now := time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	first := &engine.Engine{Now: clock, Random: bytes.NewReader(bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, 100))}
	const email, password = "kevin@exemple.fr", "Premier#Essai"
	a := first.Start(p, "")
	if is := first.CreateAccount(p, a, email, password, password); is != nil {
		t.Fatal(is)
	}
	stored, data := restored(t, a)
	if strings.Contains(data, `"Key"`) {
		t.Errorf("the stored attempt holds a key: %s", data)
	}
	if first.PasswordUnverifiable(stored) {
		t.Error("the engine that made the account cannot check its password")
	}
	for _, tt := range []struct{ email, password, want string }{
		{email, "Autre#Essai", "courriel:signin_wrong"},
		{"autre@exemple.fr", password, "courriel:signin_wrong"},
		{email, password, ""},
	} {
		if got := keys(first.SignIn(p, stored.Clone(), tt.email, tt.password)); got != tt.want {
			t.Errorf("same engine, %s / %s: %q, want %q", tt.email, tt.password, got, tt.want)
		}
	}

	restarted := &engine.Engine{Now: clock, Random: bytes.NewReader(bytes.Repeat([]byte{9, 8, 7, 6, 5, 4, 3, 2, 1}, 100))}
	if !restarted.PasswordUnverifiable(stored) {
		t.Error("after a restart, nothing says the password cannot be checked")
	}
	for _, tt := range []struct{ email, password string }{
		{email, "court#A"},                  // too short
		{email, "sans#majuscule"},           // no capital
		{email, "SansCaractere"},            // no special character
		{"autre@exemple.fr", "Autre#Essai"}, // not the account's e-mail
	} {
		if got := keys(restarted.SignIn(p, stored.Clone(), tt.email, tt.password)); got != "courriel:signin_wrong" {
			t.Errorf("after a restart, %s / %s: %q, want it refused", tt.email, tt.password, got)
		}
	}
	if is := restarted.SignIn(p, stored, email, "Autre#Essai"); is != nil || !stored.GatePassed(p) {
		t.Fatalf("after a restart, a password meeting the rules: %+v, gate open %v", is, stored.GatePassed(p))
	}
	if restarted.PasswordUnverifiable(stored) {
		t.Error("the password typed after the restart is not checked from then on")
	}
	if got := keys(restarted.SignIn(p, stored.Clone(), email, password)); got != "courriel:signin_wrong" {
		t.Errorf("the password of before the restart, once another was taken: %q", got)
	}
}

// TestAttemptStoredWithItsKey: an attempt stored before the key left the
// attempts (Login.Key beside the fingerprint) still reads; its password
// cannot be checked, and the key is gone once it is saved again.
func TestAttemptStoredWithItsKey(t *testing.T) {
	p := loginProc(t, "{password: {min_length: 8}}")
	key := strings.Repeat("7,", 31) + "7"
	old := `{"Procedure":"essai","Login":{"Email":"kevin@exemple.fr","Key":[` + key + `],"Fingerprint":[` + key + `],"Created":true,"Activated":true}}`
	a := &engine.Attempt{}
	if err := json.Unmarshal([]byte(old), a); err != nil {
		t.Fatal(err)
	}
	e := &engine.Engine{Now: time.Now, Random: bytes.NewReader(bytes.Repeat([]byte{5}, 100))}
	if !e.PasswordUnverifiable(a) {
		t.Error("an attempt stored with its key counts as checkable")
	}
	if _, data := restored(t, a); strings.Contains(data, `"Key"`) {
		t.Errorf("saved again, the attempt still holds the key: %s", data)
	}
	if is := e.SignIn(p, a, "kevin@exemple.fr", "Nouveau-mot"); is != nil || !a.GatePassed(p) {
		t.Errorf("sign-in on an old attempt: %+v", is)
	}
}
