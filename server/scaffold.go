package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/authoring"
)

var procedureID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// runNew writes procedures/ID.yaml: a commented procedure with one step,
// one profile and one scenario, which passes `check` as it is. It creates
// procedures/ when the folder has none (a new author's first step), and
// prints the exact commands that come next.
func runNew(args []string, stdout io.Writer, binary string, getenv func(string) string) error {
	flags := flag.NewFlagSet("new", flag.ContinueOnError)
	flags.SetOutput(stdout)
	langFlag := flags.String("lang", "", authoring.Bundled().Text(authoring.Lang(langArg(args), getenv), "cmd.lang_flag"))
	if err := flags.Parse(args); err != nil {
		return err
	}
	lang, err := pickLang(*langFlag, getenv)
	if err != nil {
		return err
	}
	msg := authoring.Bundled()
	args = flags.Args()
	if len(args) != 1 || !procedureID.MatchString(args[0]) {
		return errors.New(msg.Text(lang, "cmd.new_usage"))
	}
	id := args[0]
	created := false
	if st, err := os.Stat("procedures"); err != nil || !st.IsDir() {
		if err := os.Mkdir("procedures", 0o755); err != nil {
			return err
		}
		created = true
	}
	name := filepath.Join("procedures", id+".yaml")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return errors.New(msg.Text(lang, "cmd.new_exists", "File", name))
	}
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, scaffold(id, time.Now())); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if created {
		fmt.Fprintln(stdout, msg.Text(lang, "cmd.new_created_dir"))
	}
	for _, line := range []string{
		msg.Text(lang, "cmd.new_wrote", "File", name),
		msg.Text(lang, "cmd.new_next"),
		msg.Text(lang, "cmd.new_binary", "Binary", binary),
		msg.Text(lang, "cmd.new_gorun"),
		msg.Text(lang, "cmd.new_preview", "Binary", binary, "ID", id),
	} {
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// binaryName is how the author runs this program, for the commands it
// prints: the name it was started with, or ./server (what `go build
// ./server` writes) when `go run` started it from a temporary folder.
func binaryName(arg0 string) string {
	if arg0 == "" || strings.Contains(arg0, "go-build") {
		return "./server"
	}
	if !strings.ContainsRune(arg0, filepath.Separator) {
		return arg0 // found on the PATH
	}
	if rel, err := filepath.Rel(".", arg0); err == nil && !filepath.IsAbs(rel) && !strings.HasPrefix(rel, "..") {
		return "./" + filepath.ToSlash(rel)
	}
	return arg0
}

// scaffold is the text of a new procedure.
func scaffold(id string, today time.Time) string {
	r := strings.NewReplacer("ID", id, "TODAY", today.Format(time.DateOnly))
	return r.Replace(`# yaml-language-server: $schema=../docs/procedure.schema.json
# A new procedure. The guide is docs/authoring.md; check your work with
#   go run ./server check
# Texts of the simulated site are in French, in the administration's style.
id: ID
title: Titre de la démarche, comme sur le vrai site
organisation: exemple          # picks themes/exemple if it exists, else themes/base
site: Nom du site simulé
summary: >
  Deux ou trois phrases pour dire à quoi sert cette démarche et pour qui.
duration: 10 min
level: débutant
real:
  url: https://www.service-public.fr/   # the real procedure's public address
  compared: TODAY                       # the day you compared the replica with it
prepare:
  - Ce qu'il faut avoir sous la main

steps:
  - id: identite
    title: Votre identité
    fields:
      - id: nom
        type: text
        label: Nom de naissance
        help: Tel qu'il est écrit sur votre pièce d'identité.
        messages:
          required: Veuillez saisir votre nom de naissance.
        hints:
          - Le nom de naissance est celui de votre acte de naissance, pas forcément celui que vous utilisez.

submit:
  attestation: Je certifie l'exactitude des informations saisies.
receipt:
  title: Votre demande a bien été enregistrée
  number: DEM-${ year(today()) }-${ digits(6) }
  next: Vous recevrez une réponse par courrier.

profiles:
  - id: exemple
    name: Camille, 34 ans
    story: Vous faites cette démarche pour la première fois.
    answers:
      nom: DURAND

scenarios:
  - name: Camille va jusqu'au bout
    profile: exemple
    expect: {reaches: receipt}
  - name: Le nom est obligatoire
    profile: exemple
    answers: {nom: ""}
    expect: {stays_on: identite, errors: {nom: required}}
`)
}
