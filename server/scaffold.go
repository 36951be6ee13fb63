package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

var procedureID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// runNew writes procedures/ID.yaml: a commented procedure with one step,
// one profile and one scenario, which passes `check` as it is.
func runNew(args []string, stdout io.Writer) error {
	if len(args) != 1 || !procedureID.MatchString(args[0]) {
		return errors.New("usage: server new ID  (ID: lowercase letters, digits and dashes, e.g. caf-prime-naissance)")
	}
	id := args[0]
	if st, err := os.Stat("procedures"); err != nil || !st.IsDir() {
		return errors.New("run this from the project's folder: there is no procedures/ folder here")
	}
	name := filepath.Join("procedures", id+".yaml")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists", name)
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
	fmt.Fprintf(stdout, "wrote %s\nnext: edit it, then run: go run ./server check\n", name)
	return nil
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
