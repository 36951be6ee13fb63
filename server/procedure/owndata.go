package procedure

// OwnDataStep is the id under which the page of vos_donnees is handled as
// a step (its form values, its issues); no step of a procedure may take it.
const OwnDataStep = "vos_donnees"

// OwnData ("vos_donnees") is what the administration knows of a learner
// who chose no fictional profile and types their own data: a sandbox page,
// before the first step, asks it. Its answers stand in for a profile's:
// the site's pre-fill (prefill) is computed from them, and pitfalls and
// follow-up events read them as profil.x.
//
// Each field names a field of the steps (the same id, type and repeat):
// it asks the answer a profile would give for that field, in the
// sandbox's words ("le salaire net social versé sur votre compte ce
// mois-là"). Without the page (skipped), nothing is pre-filled and profil
// holds the learner's own answers, as before.
type OwnData struct {
	Pos    Pos
	Intro  Text     `yaml:"intro,required"`
	Fields []*Field `yaml:"fields,required"`
}

// Step is the page of vos_donnees as a step, so that its fields are
// read, validated and drawn as a step's are. It is not one of the
// procedure's steps.
func (o *OwnData) Step() *Step {
	return &Step{Pos: o.Pos, ID: OwnDataStep, Intro: o.Intro, Fields: o.Fields}
}

// Asks reports whether the page asks for the field with this id.
func (o *OwnData) Asks(id string) bool {
	if o == nil {
		return false
	}
	for _, f := range o.Fields {
		if f.ID == id {
			return true
		}
	}
	return false
}
