// Package schema generates the JSON Schema of procedure files from the Go
// types of package procedure, so that editors can complete, explain and
// check a procedure while it is written. The loader stays the authority:
// the schema describes the shape of a file (keys, types, identifiers,
// enumerations), not what only loading can tell (expressions, references
// between ids, settings a field type does not use).
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// ID is the schema's $id: the address where the server may publish it.
const ID = "/schema/procedure.json"

// Patterns of the identifiers the loader enforces (server/procedure/check.go).
const (
	slugPattern  = `^[a-z0-9][a-z0-9-]*$`
	identPattern = `^[a-z][a-z0-9_]*$`
	valuePattern = `^[a-z0-9][a-z0-9_-]*$`
	// An answer or an expected error names a field, or one answer of a
	// repeated field as id.N, or one answer of a group's item as id.N.question.
	answerKeyPattern = `^[a-z][a-z0-9_]*(\.[0-9]+(\.[a-z][a-z0-9_]*)?)?$`
	mergeKeyPattern  = `^<<$`
)

// descriptions are shown by editors on hover, keyed by Go type name or by
// Go type and field name.
var descriptions = map[string]string{
	"Procedure":              "A procedure to rehearse: one YAML file in procedures/ describing the screens of the simulated site, its rules, hints, fictional profiles and tests.",
	"Procedure.ID":           "Stable identifier, in lowercase letters, digits and dashes; it appears in addresses (/demarches/ID/).",
	"Procedure.Title":        "The name of the procedure, as the real site says it.",
	"Procedure.Organisation": "The organisation, in lowercase letters, digits and dashes; it picks the look (themes/ORGANISATION if it exists, else themes/base).",
	"Procedure.Site":         "The name shown in the simulated site's header (Mon Compte — Caf).",
	"Procedure.Summary":      "Two or three sentences for the home page.",
	"Procedure.Duration":     "An estimate of the time a beginner needs (15 min).",
	"Procedure.Level":        "The level of the procedure: débutant, intermédiaire…",
	"Procedure.Real":         "The real procedure this one replicates.",
	"Procedure.Prepare":      "What to have at hand before starting (\"Munissez-vous de…\"), one line each.",
	"Procedure.Values":       "Computed values: named expressions, computed in the order written.",
	"Procedure.Steps":        "The screens of the simulated site, in order.",
	"Procedure.Review":       "The review page, \"Vérifiez vos réponses\".",
	"Procedure.Submit":       "The fake submission.",
	"Procedure.Receipt":      "What the learner sees after the fake submission.",
	"Procedure.Profiles":     "Fictional people whose answers prefill the procedure.",
	"Procedure.Scenarios":    "Tests: answers played step by step and the outcome they must reach.",
	"Procedure.OwnData":      "What the administration knows of a learner who chose no profile, asked on a page of the sandbox before the first step: its answers stand in for a profile's (prefill, profil.x).",
	"OwnData.Intro":          "Why the page asks, in the sandbox's words.",
	"OwnData.Fields":         "The questions; each takes the id, type and repeat of the step field whose answer it gives.",

	"Real":          "The real procedure this one replicates.",
	"Real.URL":      "The public https:// address of the real procedure.",
	"Real.Compared": "The day the replica was last compared with the real site, YYYY-MM-DD; jamais (or nothing) for a draft written from memory.",

	"Step":        "One screen of the simulated site.",
	"Step.ID":     "Identifier of the step, unique in the file; review and receipt are reserved.",
	"Step.Title":  "The screen's heading; may contain ${ expressions }.",
	"Step.Intro":  "A paragraph under the heading.",
	"Step.When":   "A condition: the step exists only when it is true.",
	"Step.Fields": "The questions of the step.",
	"Step.Checks": "Rules across the fields of the step, checked once every field is valid.",
	"Step.Hints":  "Hints for the whole step.",
	"Step.Button": "The wording of the button (Me connecter); Continuer by default.",
	"Step.Review": "false leaves the step out of \"Vérifiez vos réponses\" (a login screen, say).",
	"Step.Exit":   "true makes the step a dead end: an ineligible learner reads it and can only go back or start again. An exit step has no fields and no checks.",

	"Field":                  "One question of a step.",
	"Field.ID":               "Identifier of the field, unique in the whole file since expressions use it: lowercase letters, digits and _, starting with a letter.",
	"Field.Type":             "What the learner answers, and how it is checked and read in expressions.",
	"Field.Label":            "The question as the real site writes it; may contain ${ expressions }.",
	"Field.Help":             "A line under the label (13 caractères, sans la clé).",
	"Field.Required":         "false makes the field optional: the page then says \"(facultatif)\". Fields are required by default, as on the real sites.",
	"Field.When":             "A condition: the field is asked only when it is true.",
	"Field.Options":          "The choices of a radio, select or checkbox field.",
	"Field.Min":              "The smallest accepted number or amount (number, money); the fewest items (group).",
	"Field.Max":              "The largest accepted number or amount (number, money); the most items, 10 by default (group).",
	"Field.Fields":           "The questions asked for each item of a group (type group).",
	"Field.AddLabel":         "The button that adds an item to a group (\"Ajouter un employeur\").",
	"Field.ItemLabel":        "The title of each item of a group; n is its number, from 1 (\"Employeur ${n}\").",
	"Field.MinLength":        "The shortest accepted answer, in characters (text, textarea, password).",
	"Field.MaxLength":        "The longest accepted answer, in characters (text, textarea, password).",
	"Field.Pattern":          "A regular expression the whole answer must match (text, textarea, password).",
	"Field.Cents":            "false refuses decimals in an amount (money); decimals are accepted by default.",
	"Field.WithKey":          "true asks the 15 characters of the number with its key (nir); 13 by default, as on the Caf and ameli login screens.",
	"Field.Provisional":      "refuse refuses provisional numbers, starting with 7 or 8 (nir).",
	"Field.Mobile":           "true accepts only 06 and 07 numbers (phone).",
	"Field.Past":             "true: the date must be today or before (date).",
	"Field.Future":           "true: the date must be today or after (date).",
	"Field.MinAge":           "A birth date: the person must be at least this many years old today (date).",
	"Field.Accept":           "The accepted file formats, such as [pdf, jpg, png] (file).",
	"Field.MaxSize":          "The largest accepted file, in Mo (file).",
	"Real.Help":              "Where the organisation itself helps (phone line, desks), shown on the 'pour de vrai' page.",
	"Traps.Unavailable":      "The first submission meets a 'service temporairement indisponible' page; trying again works.",
	"Traps.SessionExpiry":    "After this many idle minutes the learner is logged out: the page being filled is lost and the login screen comes back.",
	"Procedure.Traps":        "Behaviours of the real sites the learner meets on purpose.",
	"Traps.Account":          "A simulated account before the first step: creation with password rules, e-mail confirmation, sign-in, SMS code.",
	"Traps.IdentityProvider": "Offers a fictional FranceConnect-like identity provider (IdentiPass, simulated) before the first step.",
	"Traps.SMSCodeAfter":     "The id of the procedure's own login step (a step with a password field): once it is accepted, a 6-digit code read on a simulated phone must be typed before the next step.",
	"Account.Password":       "The rules a new password must follow, shown as a checklist.",
	"Account.ConfirmEmail":   "Creating the account sends an activation message to the practice mailbox; its link must be opened before signing in.",
	"Account.SMSCode":        "After the password, a 6-digit code valid 10 minutes is read on a simulated phone.",
	"Password.MinLength":     "The shortest password accepted (1 to 64 characters).",
	"Password.Upper":         "At least one capital letter.",
	"Password.Lower":         "At least one small letter.",
	"Password.Digit":         "At least one digit.",
	"Password.Special":       "At least one character that is neither a letter nor a digit.",
	"Field.PostalCode":       "The id of the postal_code field a commune must belong to (commune).",
	"Field.Repeat":           "Asks the same question several times (text, number, money, date, email, phone, postal_code).",
	"Field.Messages":         "The real site's wording for each failure, keyed by the failure the engine reports.",
	"Field.Hints":            "Hints next to the field.",
	"Field.Autocomplete":     "The HTML autocomplete purpose when the default does not fit (username, current-password).",
	"Field.Width":            "A narrower input, in characters.",
	"Procedure.FollowUp":     "The simulated life of the dossier after submission: statuses on compressed time, messages, a request for a document, and what a draft never submitted leads to.",

	"FollowUp":          "The simulated follow-up of a dossier, shown in Mon espace.",
	"FollowUp.Day":      "How long one simulated day lasts for the learner: 30s, 1m (the default), 5m.",
	"FollowUp.RealDays": "How long the real instruction usually takes, [from, to] in days, for the guide's explanation.",
	"FollowUp.Events":   "The moments of the follow-up, in time order.",
	"FollowUp.Missed":   "What a draft never submitted leads to after its deadline (Déclaration non reçue : versement suspendu).",
	"Event":             "One moment of the follow-up: a new status, a message from the instructing service, a letter.",
	"Event.ID":          "Identifier of the event, used by scenarios (expect events); missed is reserved.",
	"Event.Status":      "The dossier's new status; without it the event is a message or a letter and needs a title.",
	"Event.Label":       "The organisation's own wording of the status (Titre en production), instead of the usual one.",
	"Event.After":       "When it happens, in simulated days after the submission; events after a request wait for its answer.",
	"Event.When":        "A condition over the answers, the computed values and profil.x (the chosen profile's): the event happens only when it is true.",
	"Event.Title":       "The heading of the message or letter (Notification d'indu).",
	"Event.Message":     "The message from the instructing service; may contain ${ expressions }.",
	"Event.Request":     "A document the learner must send (document_requested status); later events wait for it.",
	"Request":           "A document asked for, answered by an upload of which only the name and size are kept.",
	"Request.Label":     "The document asked for (Votre dernier bulletin de salaire).",
	"Request.Accept":    "The accepted file formats, such as [pdf, jpg].",
	"Request.MaxSize":   "The largest accepted file, in Mo.",
	"Missed":            "What a draft never submitted leads to.",
	"Missed.After":      "The deadline, in simulated days after the draft was started.",
	"Missed.Title":      "The heading of the message (Déclaration non reçue : versement suspendu).",
	"Missed.Message":    "The message shown in Mon espace once the deadline has passed.",

	"Procedure.Produces": "The documents the real site gives at submission or after a follow-up event (attestation de perte, certificat provisoire d'immatriculation, attestation de dépôt), drawn as PDFs marked SPÉCIMEN — FICTIF.",
	"Produced":           "A document the procedure produces, downloadable from the receipt and Mon espace.",
	"Procedure.Pitfalls": "The mistakes known to cost people on the real site; the end of an attempt says which ones the answers fell into.",
	"Pitfall":            "A mistake known to cost people on the real site, and the condition that says the answers fell into it.",
	"Pitfall.ID":         "Its id, in lower case without accents.",
	"Pitfall.Title":      "The mistake, named for the learner.",
	"Pitfall.Step":       "The step where the mistake is made.",
	"Pitfall.When":       "An expression, true when the answers fell into it; it reads the answers, the computed values, prefilled.ID, profil.x and refused.ID (the key of the field's last refusal).",
	"Pitfall.Lesson":     "What to do on the real site.",
	"Produced.ID":        "Identifier of the document, in lowercase letters, digits and dashes; it appears in its address.",
	"Produced.Title":     "The document's title, as the real one prints it; may contain ${ expressions }.",
	"Produced.Event":     "The follow-up event after which the document is given; without it, it is given at submission.",
	"Produced.Lines":     "The lines of the document, in order: a labelled box, or a paragraph without label.",
	"Produced.QR":        "An expression giving the content of a QR code, for documents whose real one has one (dossier.numero…).",
	"ProducedLine":       "One line of a produced document.",
	"ProducedLine.Label": "The label printed before the text (Numéro de dossier); without it the text is a paragraph.",
	"ProducedLine.Text":  "The text; may contain ${ expressions } over the answers, the computed values and dossier.numero, dossier.depot, dossier.date.",

	"Option":       "One choice of a radio, select or checkbox field.",
	"Option.Value": "The value read in expressions: lowercase letters, digits, _ and -.",
	"Option.Label": "The wording of the choice.",
	"Option.Help":  "A line under the choice.",

	"Repeat":       "Asks the same question several times, once per month for instance; in expressions the field is a list.",
	"Repeat.Count": "How many times the question is asked, from 1 to 12.",
	"Repeat.Label": "The label of each answer; i is the number of the answer, from 0 (${ monthYear(months[i]) }).",

	"Check":         "A rule across the fields of a step; when it is false, its message is shown on field, or at the top of the step.",
	"Check.ID":      "Identifier of the check; scenarios use it as the error key.",
	"Check.Rule":    "A condition that must be true.",
	"Check.Field":   "The field of the same step that shows the message; without it, the message is shown at the top of the step.",
	"Check.Message": "The message shown when the rule is false.",
	"Check.Warn":    "true: the check warns without refusing (\"êtes-vous sûr ?\"); the learner confirms and goes on, or corrects.",

	"Review":       "The review page, \"Vérifiez vos réponses\", which lists every visible answer.",
	"Review.Title": "The heading of the review page; Vérifiez vos réponses by default.",
	"Review.Intro": "A paragraph under the heading.",

	"Submit":             "The fake submission.",
	"Submit.Attestation": "A sworn statement whose box must be ticked to submit.",
	"Submit.Button":      "The wording of the submit button; Valider by default.",

	"Receipt":        "What the learner sees after the fake submission.",
	"Receipt.Title":  "The heading of the receipt.",
	"Receipt.Number": "The dossier number, usually made with digits(n) or alnum(n).",
	"Receipt.Next":   "What happens next.",
	"Receipt.QR":     "true adds a QR code of the dossier number, as on the ANTS pré-demande.",

	"Profile":             "A fictional person whose answers prefill the procedure; the story stays beside the form.",
	"Profile.ID":          "Identifier of the profile, used by scenarios.",
	"Profile.Name":        "The person's name and situation (Kévin, 31 ans, intérimaire).",
	"Profile.Story":       "The person's situation, in a few sentences; give the fictional password here, since passwords are never prefilled.",
	"Profile.Answers":     "The answers that prefill the procedure.",
	"Household":           "A fictional household shared across procedures (content/foyers/ID.yaml): its story, facts and papers, the same in every procedure whose profiles say household: ID.",
	"Household.ID":        "The household's id: its file's name without .yaml.",
	"Household.Name":      "The household in a few words, in French (Kévin, 31 ans, intérimaire).",
	"Household.Story":     "The part of the story every procedure shares, in French; it comes before the profile's own story.",
	"Household.Facts":     "Named facts (nir, code_postal, salaire_net_social_1…), read as ${ foyer.nir } by the profiles' answers and papers; a value may be computed with ${ }, as a profile's answer.",
	"Household.Documents": "The household's fake papers, written as a profile's documents; they come before the profile's own.",
	"Profile.Household":   "The id of a shared household of content/foyers (kevin): its story comes before the profile's, its papers before the profile's own, its facts are read as ${ foyer.nir } in answers and papers, and a literal answer or paper that contradicts it is a problem.",

	"Scenario":          "A test: the profile's answers, then the scenario's own, posted step by step until the first refused step.",
	"Scenario.Name":     "What the scenario shows, in a sentence.",
	"Scenario.Profile":  "The id of the profile to start from.",
	"Scenario.Answers":  "Answers added or replaced on top of the profile's; \"\" empties a field.",
	"Scenario.Expect":   "How the scenario must end.",
	"Scenario.OwnData":  "Without a profile: the answers given on the page of vos_donnees, before the first step.",
	"Scenario.Mistakes": "Answers typed first and corrected: each map is posted on the steps it concerns, refused or warned about, before the answers.",
	"Scenario.Today":    "The day the scenario is played, YYYY-MM-DD, instead of the check's fixed day: to test screens that depend on the date.",

	"Expect":           "How a scenario must end: exactly one of reaches or stays_on.",
	"Expect.Reaches":   "The step where it ends without error: review (all steps done), receipt (also submitted) or an exit step.",
	"Expect.StaysOn":   "The step where the answers are refused.",
	"Expect.Errors":    "The refused fields (id, or id.N for one answer of a repeated field; step for a check without a field) and their failure key or check id, exactly those.",
	"Expect.Values":    "Computed values or fields and what they must be.",
	"Expect.Status":    "The dossier's status once its whole follow-up has run (with reaches: receipt); document requests are answered with a valid file.",
	"Expect.Warnings":  "The ids of the warn checks met and confirmed, exactly those, in order.",
	"Expect.Hints":     "By field id, how many of the field's hints (those with after) the refusals revealed.",
	"Expect.ShowMe":    "The fields whose \"Montrez-moi\" appeared (three refusals, a box in the profile's papers).",
	"Expect.Pitfalls":  "The ids of the pitfalls the answers fall into, exactly those; an empty list says none.",
	"Expect.Events":    "The follow-up events that happened once the whole follow-up has run, exactly those, in order; missed for a draft past its deadline.",
	"Expect.Documents": "The ids of the produced documents received once the whole follow-up has run (with reaches: receipt), exactly those, in the order of produces; an empty list says none.",

	"Field.Prefill":  "An expression: the answer the site fills in itself from the profile (a list for a repeated field), drawn as text with \"Modifier\"; expressions read it as prefilled.ID.",
	"Field.Where":    "Where the answer is printed on a profile's papers: the learner gets \"Où trouver cette information ?\" with the document drawn and the box highlighted.",
	"Where":          "A document of the profile's papers and one of its boxes.",
	"Where.Document": "A kind of document (avis_imposition, carte_vitale…) or the id of a profile's document.",
	"Where.Box":      "The box of that kind of document where the answer is printed (numero_fiscal, iban…).",

	"Procedure.PaperKinds": "Kinds of paper of this procedure only, by id, written like a file of content/papiers.",
	"Kind":                 "A kind of fake paper: its title, its shape, its SPÉCIMEN mark and its boxes.",
	"Kind.Title":           "The French title drawn on the paper; may contain ${ }.",
	"Kind.Shape":           "card (a small card) or sheet (an A4 sheet, the default).",
	"Kind.Mark":            "The mark drawn on the paper, SPÉCIMEN — FICTIF by default; it must keep the word SPÉCIMEN.",
	"Kind.Boxes":           "The boxes, in the order they are drawn.",
	"BoxKind":              "One box of a kind of paper.",
	"BoxKind.ID":           "What where and a document's boxes call the box.",
	"BoxKind.Label":        "The French label printed on the paper; may contain ${ }.",
	"BoxKind.Value":        "What the box prints when a document leaves it out; may contain ${ }.",
	"BoxKind.Wide":         "The box takes the sheet's whole width.",

	"Profile.Documents": "The person's fake papers (Mes papiers), drawn by the sandbox and marked SPÉCIMEN — FICTIF.",
	"Document":          "One fake paper of a profile: its kind and what each box prints.",
	"Document.Kind":     "The kind of document, from content/papiers or the procedure's paper_kinds; it fixes the drawing and the boxes (see docs/authoring.md).",
	"Document.ID":       "Needed when a profile has several documents of one kind (three payslips): names it in where and in addresses.",
	"Document.Title":    "The title drawn on the paper, when the kind's does not fit (Bulletin de paie — septembre).",
	"Document.Boxes":    "What each box prints, by box id; a value may contain ${ } computed when the learner starts, like profile answers.",

	"Hint":        "A line of the guide layer, drawn apart from the simulated site: a sentence, or {after, text} to show it only after some refused tries.",
	"Hint.After":  "Show the hint only after this many refused tries on the step.",
	"Hint.Text":   "The hint; may contain ${ expressions }.",
	"Hint.Always": "Show the hint in every mode, exam included: for a dead end of the real site.",

	"Text":       "A text that may embed expressions as ${ expression }.",
	"Expr":       "An expr-lang expression over the answers and the computed values, compiled when the procedure loads.",
	"Compared":   "A day written YYYY-MM-DD, or jamais for a draft written from memory.",
	"Duration":   "A length of time as Go writes it: 30s, 1m, 2h (at most 24h).",
	"Pattern":    "A regular expression (Go syntax) that the whole answer must match.",
	"Values":     "Named expressions computed in the order written; each may use the ones above it. Names use lowercase letters, digits and _.",
	"RawAnswers": "Answers keyed by field id (id.N for one answer of a repeated field): a value, or a list for a repeated field or a checkbox field with options.",
	"Literal":    "An expected value: a number, a boolean or a text.",
}

// constraints add what the Go types do not say, keyed like descriptions.
var constraints = map[string]map[string]any{
	"Procedure.ID":           {"pattern": slugPattern},
	"Procedure.Organisation": {"pattern": slugPattern},
	"Real.URL":               {"pattern": "^https://"},
	"Step.ID":                {"pattern": valuePattern},
	"Step.Button":            {"default": "Continuer"},
	"Step.Review":            {"default": true},
	"Field.ID":               {"pattern": identPattern},
	"Field.Type":             {"enum": procedure.FieldTypes()},
	"Field.Required":         {"default": true},
	"Field.Cents":            {"default": true},
	"Field.Provisional":      {"enum": []string{"allow", "refuse"}},
	"Field.Messages":         {"propertyNames": map[string]any{"enum": procedure.MessageKeys()}},
	"Field.Width":            {"enum": []int{2, 3, 4, 5, 10, 20}},
	// A bundled kind, offered by editors, or one a procedure declares.
	"Document.Kind": {"anyOf": []any{map[string]any{"enum": procedure.DocumentKinds()}, map[string]any{"pattern": valuePattern}}},
	"Document.ID":   {"pattern": valuePattern},
	"Option.Value":  {"pattern": valuePattern},
	"Repeat.Count":  {"minimum": 1, "maximum": 12},
	"Check.Field":   {"pattern": identPattern},
	"Review.Title":  {"default": "Vérifiez vos réponses"},
	"Submit.Button": {"default": "Valider"},
	"Expect": {"oneOf": []any{
		map[string]any{"required": []string{"reaches"}},
		map[string]any{"required": []string{"stays_on"}},
	}},
	"Expect.Reaches": {"pattern": valuePattern},
	"Expect.Status":  {"enum": procedure.Statuses()},
	"Event.Status":   {"enum": procedure.Statuses()},
	"Event.ID":       {"pattern": valuePattern},
	"Request.Accept": {"items": map[string]any{"enum": procedure.FileFormats()}},

	"Expect.StaysOn": {"pattern": valuePattern},
	"Expect.Errors":  {"propertyNames": map[string]any{"pattern": answerKeyPattern}},
	"Expect.Values":  {"propertyNames": map[string]any{"pattern": identPattern}},
}

// The types that decode themselves (server/procedure/decode.go) and their
// names in $defs.
var custom = map[reflect.Type]string{
	reflect.TypeFor[procedure.Text]():       "text",
	reflect.TypeFor[procedure.Expr]():       "expr",
	reflect.TypeFor[procedure.Compared]():   "compared",
	reflect.TypeFor[procedure.Duration]():   "duration",
	reflect.TypeFor[procedure.Pattern]():    "pattern",
	reflect.TypeFor[procedure.Hint]():       "hint",
	reflect.TypeFor[procedure.Values]():     "values",
	reflect.TypeFor[procedure.RawAnswers](): "answers",
	reflect.TypeFor[procedure.Literal]():    "literal",
}

var posType = reflect.TypeFor[procedure.Pos]()

// scalar is what the decoder accepts for text: YAML reads 2.76, 3 or true
// as a number or a boolean, and the loader takes them as written.
var scalar = []string{"boolean", "number", "string"}

type object = map[string]any

// Procedure returns the JSON Schema (draft 2020-12) of a procedure file,
// generated from the types of package procedure: indented with two spaces,
// keys sorted, ending with a newline, the same bytes on every call.
func Procedure() ([]byte, error) {
	return generate(reflect.TypeFor[procedure.Procedure](), ID, func(key string) bool {
		return !ofHousehold(key)
	})
}

// HouseholdID is the $id of the schema of a household file.
const HouseholdID = "/schema/foyer.json"

// Household returns the JSON Schema of a household file (content/foyers),
// generated as Procedure's; its papers are a profile's documents.
func Household() ([]byte, error) {
	return generate(reflect.TypeFor[procedure.Household](), HouseholdID, func(key string) bool {
		return ofHousehold(key)
	})
}

// ofHousehold reports whether a description is the household type's or
// one of its fields', which only the household schema uses.
func ofHousehold(key string) bool {
	return key == "Household" || strings.HasPrefix(key, "Household.")
}

// generate builds the schema of the file whose root is t. mine tells the
// descriptions this file must use: an entry it does not use is an error.
func generate(t reflect.Type, id string, mine func(key string) bool) ([]byte, error) {
	g := &generator{defs: object{}, names: map[reflect.Type]string{}, used: map[string]bool{}}
	root, err := g.structObject(t)
	if err != nil {
		return nil, err
	}
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = id
	root["title"] = t.Name()
	root["description"] = g.describe(t.Name())
	g.defs["merge"] = object{
		"description": "YAML merge key: <<: *name copies the keys of an anchored mapping; keys written beside it win.",
		"type":        []string{"object", "array"},
	}
	root["$defs"] = g.defs
	var unused []string
	for k := range descriptions {
		if !g.used[k] && mine(k) {
			unused = append(unused, k)
		}
	}
	for k := range constraints {
		if !g.used["constraint "+k] && mine(k) {
			unused = append(unused, "constraint "+k)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return nil, fmt.Errorf("schema: entries for no field or type of package procedure: %s", strings.Join(unused, ", "))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type generator struct {
	defs  object
	names map[reflect.Type]string // types already in defs (or being built)
	used  map[string]bool         // descriptions and constraints consumed
}

func (g *generator) describe(key string) string {
	g.used[key] = true
	return descriptions[key]
}

// constrain copies the constraints of key into s.
func (g *generator) constrain(key string, s object) {
	c, ok := constraints[key]
	if !ok {
		return
	}
	g.used["constraint "+key] = true
	for k, v := range c {
		s[k] = v
	}
}

// typeSchema is the schema of a value of type t, as the decoder reads it.
func (g *generator) typeSchema(t reflect.Type) (object, error) {
	if t.Kind() == reflect.Pointer { // optional: nil when absent
		t = t.Elem()
	}
	if _, ok := custom[t]; ok {
		return g.ref(t, g.customDef)
	}
	switch t.Kind() {
	case reflect.String: // the decoder reads any scalar as text
		return object{"type": scalar}, nil
	case reflect.Bool:
		return object{"type": "boolean"}, nil
	case reflect.Int:
		return object{"type": "integer"}, nil
	case reflect.Float64:
		return object{"type": "number"}, nil
	case reflect.Slice:
		items, err := g.typeSchema(t.Elem())
		if err != nil {
			return nil, err
		}
		return object{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("schema: map key of %s is not a string", t)
		}
		elem, err := g.typeSchema(t.Elem())
		if err != nil {
			return nil, err
		}
		return object{"type": "object", "additionalProperties": elem}, nil
	case reflect.Struct:
		return g.ref(t, func(t reflect.Type) (object, error) {
			def, err := g.structObject(t)
			if err != nil {
				return nil, err
			}
			def["description"] = g.describe(t.Name())
			return def, nil
		})
	}
	return nil, fmt.Errorf("schema: no schema for %s, which the procedure decoder does not read either", t)
}

// ref returns a $ref to the definition of t, building it the first time.
func (g *generator) ref(t reflect.Type, build func(reflect.Type) (object, error)) (object, error) {
	name, ok := g.names[t]
	if !ok {
		name = custom[t]
		if name == "" {
			name = strings.ToLower(t.Name())
		}
		if _, taken := g.defs[name]; taken || name == "" || name == "merge" {
			return nil, fmt.Errorf("schema: two types would be named %q in $defs", name)
		}
		g.names[t] = name
		g.defs[name] = nil // reserved while it is built
		def, err := build(t)
		if err != nil {
			return nil, err
		}
		g.defs[name] = def
	}
	return object{"$ref": "#/$defs/" + name}, nil
}

// structObject is the mapping the decoder reads into struct type t: one key
// per yaml tag, required ones from ",required", no other key but the YAML
// merge key.
func (g *generator) structObject(t reflect.Type) (object, error) {
	props := object{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if f.Type == posType || tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if opts != "" && opts != "required" {
			return nil, fmt.Errorf("schema: %s.%s: unknown yaml option %q", t.Name(), f.Name, opts)
		}
		if !f.IsExported() {
			return nil, fmt.Errorf("schema: %s.%s has a yaml tag but is not exported", t.Name(), f.Name)
		}
		if _, dup := props[name]; dup {
			return nil, fmt.Errorf("schema: %s: two fields named %q", t.Name(), name)
		}
		s, err := g.typeSchema(f.Type)
		if err != nil {
			return nil, fmt.Errorf("%w (field %s.%s)", err, t.Name(), f.Name)
		}
		key := t.Name() + "." + f.Name
		g.constrain(key, s)
		if d := g.describe(key); d != "" {
			s["description"] = d
		}
		props[name] = s
		if opts == "required" {
			required = append(required, name)
		}
	}
	obj := object{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
		"patternProperties":    object{mergeKeyPattern: object{"$ref": "#/$defs/merge"}},
	}
	if len(required) > 0 {
		obj["required"] = required
	}
	g.constrain(t.Name(), obj)
	return obj, nil
}

// customDef is the definition of a type that decodes itself.
func (g *generator) customDef(t reflect.Type) (object, error) {
	def := object{"description": g.describe(t.Name())}
	switch t {
	case reflect.TypeFor[procedure.Text](), reflect.TypeFor[procedure.Expr](), reflect.TypeFor[procedure.Pattern]():
		def["type"] = scalar
	case reflect.TypeFor[procedure.Duration]():
		def["type"] = "string"
		def["pattern"] = `^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`
	case reflect.TypeFor[procedure.Compared]():
		def["type"] = "string"
		def["pattern"] = `^([0-9]{4}-[0-9]{2}-[0-9]{2}|jamais)$`
	case reflect.TypeFor[procedure.Literal]():
		def["type"] = scalar
	case reflect.TypeFor[procedure.Hint]():
		text, err := g.typeSchema(reflect.TypeFor[procedure.Text]())
		if err != nil {
			return nil, err
		}
		obj, err := g.structObject(t)
		if err != nil {
			return nil, err
		}
		def["anyOf"] = []any{text, obj}
	case reflect.TypeFor[procedure.Values]():
		expr, err := g.typeSchema(reflect.TypeFor[procedure.Expr]())
		if err != nil {
			return nil, err
		}
		def["type"] = "object"
		def["propertyNames"] = object{"pattern": identPattern}
		def["additionalProperties"] = expr
	case reflect.TypeFor[procedure.RawAnswers]():
		def["type"] = "object"
		def["propertyNames"] = object{"pattern": `^(<<|` + strings.Trim(answerKeyPattern, "^$") + `)$`}
		def["patternProperties"] = object{mergeKeyPattern: object{"$ref": "#/$defs/merge"}}
		def["additionalProperties"] = object{"anyOf": []any{
			object{"type": scalar},
			object{"type": "array", "items": object{"anyOf": []any{
				object{"type": scalar},
				// an item of a group: its questions' answers
				object{"type": "object", "additionalProperties": object{"anyOf": []any{
					object{"type": scalar},
					object{"type": "array", "items": object{"type": scalar}},
				}}},
			}}},
		}}
	default:
		return nil, fmt.Errorf("schema: no definition for %s", t)
	}
	return def, nil
}
