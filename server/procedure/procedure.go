// Package procedure holds the model of a procedure written in YAML and its
// loader: decoding with positions, checking, and compiling every expression
// against the declared fields. It imports nothing of the web or the store.
package procedure

import "reflect"

// Procedure is one rehearsable procedure, read from one YAML file.
type Procedure struct {
	Pos          Pos
	File         string      `yaml:"-"`
	ID           string      `yaml:"id,required"`
	Title        string      `yaml:"title,required"`
	Organisation string      `yaml:"organisation,required"`
	Site         string      `yaml:"site"`
	Summary      string      `yaml:"summary,required"`
	Duration     string      `yaml:"duration,required"`
	Level        string      `yaml:"level,required"`
	Real         Real        `yaml:"real,required"`
	Prepare      []string    `yaml:"prepare"`
	Values       Values      `yaml:"values"`
	Steps        []*Step     `yaml:"steps,required"`
	Review       Review      `yaml:"review"`
	Submit       Submit      `yaml:"submit"`
	Receipt      Receipt     `yaml:"receipt,required"`
	Traps        Traps       `yaml:"traps"`
	FollowUp     *FollowUp   `yaml:"follow_up"`
	Produces     []*Produced `yaml:"produces"`
	// Pitfalls are the mistakes known to cost people on the real site.
	Pitfalls []*Pitfall `yaml:"pitfalls"`
	Profiles []*Profile `yaml:"profiles"`
	// OwnData asks a learner without a profile what the administration
	// knows of them (vos_donnees), before the first step.
	OwnData *OwnData `yaml:"vos_donnees"`
	// PaperKinds are kinds of paper of this procedure only, by id, beside
	// those of content/papiers.
	PaperKinds map[string]*Kind `yaml:"paper_kinds"`
	Scenarios  []*Scenario      `yaml:"scenarios"`

	// Translations of the guide layer, by language (from ID.LANG.yaml files).
	Translations map[string]*Translation `yaml:"-"`

	fields map[string]*Field
	steps  map[string]*Step
	// kinds are the kinds of paper its profiles' documents may use.
	kinds map[string]*Kind
	// households are the shared households its profiles may belong to.
	households map[string]*Household
}

// Real points to the real procedure this one replicates.
type Real struct {
	Pos      Pos
	URL      string   `yaml:"url,required"`
	Compared Compared `yaml:"compared"`
	// Help says where the organisation itself helps: its phone line, its desks.
	Help string `yaml:"help"`
}

// Step is one screen of the simulated site.
type Step struct {
	Pos    Pos
	ID     string   `yaml:"id,required"`
	Title  Text     `yaml:"title,required"`
	Intro  Text     `yaml:"intro"`
	When   *Expr    `yaml:"when"`
	Fields []*Field `yaml:"fields"`
	Checks []*Check `yaml:"checks"`
	Hints  []Hint   `yaml:"hints"`
	Button string   `yaml:"button"`
	// Review false leaves the step out of "Vérifiez vos réponses" (a login screen, say).
	Review *bool `yaml:"review"`
	// Exit makes the step a dead end: the learner who reaches it (an
	// ineligible household, say) reads it and cannot go further.
	Exit bool `yaml:"exit"`
}

// InReview reports whether the step appears on the review page.
func (s *Step) InReview() bool { return s.Review == nil || *s.Review }

// Field is one question of a step.
type Field struct {
	Pos         Pos
	ID          string   `yaml:"id,required"`
	Type        string   `yaml:"type,required"`
	Label       Text     `yaml:"label,required"`
	Help        Text     `yaml:"help"`
	Required    *bool    `yaml:"required"`
	When        *Expr    `yaml:"when"`
	Options     []Option `yaml:"options"`
	Min         *float64 `yaml:"min"`
	Max         *float64 `yaml:"max"`
	MinLength   int      `yaml:"min_length"`
	MaxLength   int      `yaml:"max_length"`
	Pattern     Pattern  `yaml:"pattern"`
	Cents       *bool    `yaml:"cents"`
	WithKey     bool     `yaml:"with_key"`
	Provisional string   `yaml:"provisional"`
	Mobile      bool     `yaml:"mobile"`
	Past        bool     `yaml:"past"`
	Future      bool     `yaml:"future"`
	MinAge      int      `yaml:"min_age"`
	Accept      []string `yaml:"accept"`
	// PostalCode names the postal_code field a commune must belong to.
	PostalCode   string            `yaml:"postal_code"`
	MaxSize      float64           `yaml:"max_size"`
	Repeat       *Repeat           `yaml:"repeat"`
	Messages     map[string]string `yaml:"messages"`
	Hints        []Hint            `yaml:"hints"`
	Autocomplete string            `yaml:"autocomplete"`
	Width        int               `yaml:"width"`
	// Where names the document and box of a profile's papers where the
	// answer is printed ("Où trouver cette information ?").
	Where *Where `yaml:"where"`
	// Fields are the questions of each item of a group field (one per
	// employer, say); min and max bound the number of items.
	Fields []*Field `yaml:"fields"`
	// AddLabel is the button that adds an item ("Ajouter un employeur").
	AddLabel string `yaml:"add_label"`
	// ItemLabel names an item; n is its number, from 1 ("Employeur ${n}").
	ItemLabel Text `yaml:"item_label"`
	// Prefill is the answer the site fills in itself (the CAF's pre-filled
	// declaration, impots.gouv's pre-filled income), computed from the
	// profile's answers when the attempt starts; the page draws it as text
	// with "Modifier". Expressions read it as prefilled.ID.
	Prefill *Expr `yaml:"prefill"`

	// Reveal is set when the field's condition reads another field of the
	// same step: without JavaScript the page cannot show it on the fly, so it
	// is always drawn, under the question it depends on, and asked only
	// when its condition holds.
	Reveal bool `yaml:"-"`

	// itemType is the struct type of a group's items in expressions.
	itemType reflect.Type
}

// IsRequired reports whether an empty answer is refused; fields are required
// unless marked otherwise, as on the real sites ("facultatif").
func (f *Field) IsRequired() bool { return f.Required == nil || *f.Required }

// AllowsCents reports whether a money field accepts decimals.
func (f *Field) AllowsCents() bool { return f.Cents == nil || *f.Cents }

// Keys returns the answer keys of the field: its id, or id.1 … id.N when repeated.
func (f *Field) Keys() []string {
	if f.Repeat == nil {
		return []string{f.ID}
	}
	keys := make([]string, f.Repeat.Count)
	for i := range keys {
		keys[i] = RepeatKey(f.ID, i)
	}
	return keys
}

// Option is one choice of a radio, select or checkbox field.
type Option struct {
	Pos   Pos
	Value string `yaml:"value,required"`
	Label string `yaml:"label,required"`
	Help  string `yaml:"help"`
}

// Repeat asks the same question several times (once per month, say).
type Repeat struct {
	Pos   Pos
	Count int  `yaml:"count,required"`
	Label Text `yaml:"label,required"`
}

// Check is a rule across fields; when Rule is false, Message is shown on
// Field, or at the top of the step when no field is named.
type Check struct {
	Pos     Pos
	ID      string `yaml:"id,required"`
	Rule    Expr   `yaml:"rule,required"`
	Field   string `yaml:"field"`
	Message Text   `yaml:"message,required"`
	// Warn makes the check a warning that does not block, as real sites
	// ask "êtes-vous sûr ?": the learner confirms and goes on, or corrects.
	Warn bool `yaml:"warn"`
}

// Review configures "Vérifiez vos réponses".
type Review struct {
	Pos   Pos
	Title string `yaml:"title"`
	Intro Text   `yaml:"intro"`
}

// Submit configures the fake submission.
type Submit struct {
	Pos         Pos
	Attestation string `yaml:"attestation"`
	Button      string `yaml:"button"`
}

// Receipt is what the learner sees after the fake submission.
type Receipt struct {
	Pos    Pos
	Title  Text `yaml:"title,required"`
	Number Text `yaml:"number,required"`
	Next   Text `yaml:"next,required"`
	// QR adds a QR code of the dossier number, as on the ANTS pré-demande.
	QR bool `yaml:"qr"`
}

// Traps switches on behaviours of the real sites that the learner meets
// on purpose.
type Traps struct {
	Pos Pos
	// Unavailable: the first submission meets "service temporairement
	// indisponible", as real sites do at busy times; trying again works.
	Unavailable bool `yaml:"unavailable"`
	// SessionExpiry logs the learner out after this many idle minutes: the
	// page being filled is lost and the login screen comes back.
	SessionExpiry int `yaml:"session_expiry"`
	// Account puts a simulated account before the first step: create it
	// (password rules), confirm it from a practice mailbox, sign in, and
	// type a code read on a simulated phone, as each setting asks.
	Account *Account `yaml:"account"`
	// IdentityProvider offers, before the first step, a fictional
	// FranceConnect-like button ("IdentiPass (simulé)") with fictional
	// providers, a provider login and a consent screen.
	IdentityProvider bool `yaml:"identity_provider"`
	// SMSCodeAfter names the procedure's own login step (a step with a
	// password field): once it is accepted, a 6-digit code is sent to the
	// simulated phone and must be typed before the next step.
	SMSCodeAfter string `yaml:"sms_code_after"`
}

// SMS reports whether the procedure sends codes to the simulated phone:
// after the account's password, or after its own login step.
func (t *Traps) SMS() bool {
	return (t.Account != nil && t.Account.SMSCode) || t.SMSCodeAfter != ""
}

// Gate reports whether the procedure starts behind a simulated login
// (an account to create or an identity provider to choose).
func (t *Traps) Gate() bool { return t.Account != nil || t.IdentityProvider }

// Account is the simulated account of the login trap.
type Account struct {
	Pos Pos
	// Password holds the rules a new password must follow, shown as a checklist.
	Password Password `yaml:"password,required"`
	// ConfirmEmail sends an activation message to the practice mailbox;
	// the account works once its link is opened.
	ConfirmEmail bool `yaml:"confirm_email"`
	// SMSCode asks, after signing in, for a 6-digit code read on a
	// simulated phone, valid 10 minutes.
	SMSCode bool `yaml:"sms_code"`
}

// Password is the password rules of a simulated account.
type Password struct {
	Pos       Pos
	MinLength int  `yaml:"min_length,required"`
	Upper     bool `yaml:"upper"`
	Lower     bool `yaml:"lower"`
	Digit     bool `yaml:"digit"`
	Special   bool `yaml:"special"`
}

// Profile is a fictional person whose answers prefill the procedure.
type Profile struct {
	Pos   Pos
	ID    string `yaml:"id,required"`
	Name  string `yaml:"name,required"`
	Story string `yaml:"story,required"`
	// Household is the id of a shared household (content/foyers): its
	// story comes before the profile's, its papers before the profile's
	// own, and its facts are read as foyer.x.
	Household string     `yaml:"household"`
	Answers   RawAnswers `yaml:"answers"`
	// Documents are the person's fake papers ("Mes papiers"): once
	// loaded, the household's first.
	Documents []*Document `yaml:"documents"`
	household *Household
}

// Scenario is a test: answers in, an expected outcome out.
type Scenario struct {
	Pos     Pos
	Name    string     `yaml:"name,required"`
	Profile string     `yaml:"profile"`
	Answers RawAnswers `yaml:"answers"`
	// OwnData are the answers given on the page of vos_donnees, for a
	// scenario without a profile.
	OwnData RawAnswers `yaml:"vos_donnees"`
	// Mistakes are answers typed first and refused or warned about: on
	// each step they concern, the step is posted once with each of them,
	// in order, before the corrected answers (Answers), as a learner who
	// makes a mistake and corrects it.
	Mistakes []RawAnswers `yaml:"mistakes"`
	// Today plays the scenario on that day instead of the check's fixed
	// one, for a procedure whose screens depend on the date (a window
	// open from the 28th to the 15th).
	Today  Date   `yaml:"today"`
	Expect Expect `yaml:"expect,required"`
}

// Expect is what a scenario must end with.
type Expect struct {
	Pos     Pos
	Reaches string             `yaml:"reaches"`
	StaysOn string             `yaml:"stays_on"`
	Errors  map[string]string  `yaml:"errors"`
	Values  map[string]Literal `yaml:"values"`
	// Status is the dossier's status once its whole follow-up has run.
	Status string `yaml:"status"`
	// Events are the follow-up events that happened, in order (missed for
	// a draft past its deadline).
	Events []string `yaml:"events"`
	// Warnings are the ids of the warn checks met and confirmed, in order.
	Warnings []string `yaml:"warnings"`
	// Hints is, by field id, how many of the field's hints the refusals
	// revealed (escalating hints); ShowMe lists the fields whose
	// "Montrez-moi" appeared (three refusals and a box in the papers).
	Hints  map[string]int `yaml:"hints"`
	ShowMe []string       `yaml:"show_me"`
	// Pitfalls are the ids of the pitfalls the answers fell into, exactly
	// those; an empty list says none.
	Pitfalls []string `yaml:"pitfalls"`
	// Documents are the ids of the produced documents the dossier has
	// received once its whole follow-up has run, exactly those, in the
	// order of produces; an empty list says none.
	Documents []string `yaml:"documents"`
}

// FieldsRead lists the fields an expression reads, directly or through the
// computed values it uses.
func (p *Procedure) FieldsRead(e *Expr) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(names []string)
	visit = func(names []string) {
		for _, n := range names {
			if seen[n] {
				continue
			}
			seen[n] = true
			if p.fields[n] != nil {
				out = append(out, n)
				continue
			}
			for _, v := range p.Values {
				if v.Name == n {
					visit(v.Expr.Names())
				}
			}
		}
	}
	visit(e.Names())
	return out
}

// Field returns the field with this id, or nil.
func (p *Procedure) Field(id string) *Field { return p.fields[id] }

// Step returns the step with this id, or nil.
func (p *Procedure) Step(id string) *Step { return p.steps[id] }

// Profile returns the profile with this id, or nil.
func (p *Procedure) Profile(id string) *Profile {
	for _, pr := range p.Profiles {
		if pr.ID == id {
			return pr
		}
	}
	return nil
}
