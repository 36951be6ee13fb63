package engine_test

import (
	"testing"
)

// A scenario can be played on its own day, so that a window open from the
// 28th to the 15th of the next month is tested on both sides.
func TestScenarioPlayedOnItsDay(t *testing.T) {
	p := parseProc(t, `values:
  ouverte: day(today()) >= 28 or day(today()) <= 15
steps:
  - id: close
    title: La période est close
    when: not ouverte
    exit: true
  - id: situation
    title: Votre situation
    fields:
      - {id: recherche, type: yesno, label: "Cherchez-vous un emploi ?"}
scenarios:
  - name: le 30, c'est ouvert
    today: 2026-03-30
    answers: {recherche: true}
    expect: {reaches: receipt}
  - name: le 16, c'est fermé
    today: 2026-04-16
    answers: {recherche: true}
    expect: {stays_on: close}
  - name: le 15, c'est encore ouvert
    today: 2026-04-15
    answers: {recherche: true}
    expect: {reaches: receipt}
`)
	e := testEngine()
	playAll(t, e, p)
}
