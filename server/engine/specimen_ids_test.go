package engine

import (
	"fmt"
	"strconv"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/validate"
)

// identifierTypes are the field types whose answers are identifiers the
// sandbox checks: their specimens must pass the same check.
var identifierTypes = map[string]bool{
	"nir": true, "iban": true, "numero_fiscal": true, "reference_avis": true,
	"neph": true, "plate": true, "formule": true, "postal_code": true,
	"phone": true, "email": true, "text": true,
}

// boxChecks are the identifier boxes of the kinds of papers, checked on
// every paper of every profile, whether a field reads them or not.
var boxChecks = map[[2]string]func(string) string{
	{"avis_imposition", "numero_fiscal"}:  func(v string) string { _, k := validate.NumeroFiscal(v); return k },
	{"avis_imposition", "reference_avis"}: func(v string) string { _, k := validate.ReferenceAvis(v); return k },
	{"rib", "iban"}:                       func(v string) string { _, k := validate.IBAN(v); return k },
	{"carte_grise", "immatriculation"}:    func(v string) string { _, k := validate.Plate(v); return k },
	{"carte_grise", "numero_formule"}:     func(v string) string { _, k := validate.Formule(v); return k },
	{"permis", "numero"}:                  func(v string) string { _, k := validate.NEPH(v); return k },
	{"justificatif_domicile", "code_postal"}: func(v string) string {
		_, k := validate.PostalCode(v)
		return k
	},
}

// TestSpecimenIdentifiersPassTheirValidators: every identifier printed on
// the fictional papers of the bundled procedures passes the validator of
// the field that reads it (where: {document, box}) and of its kind of box;
// a carte Vitale's number and key make a NIR whose key is right
// (97 − the number mod 97, 2A and 2B counted as 19 and 18).
func TestSpecimenIdentifiersPassTheirValidators(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	e := New()
	today := e.Now()
	for _, p := range procs {
		for _, pr := range p.Profiles {
			value := func(d *procedure.Document, box string) string {
				for _, b := range e.DocumentBoxes(p, d) {
					if b.ID == box {
						return b.Value
					}
				}
				return ""
			}
			for _, st := range p.Steps {
				for _, f := range st.Fields {
					if f.Where == nil || !identifierTypes[f.Type] {
						continue
					}
					for i := range f.Keys() {
						d := pr.DocumentFor(f.Where, i)
						if d == nil {
							continue
						}
						v := value(d, f.Where.Box)
						if v == "" {
							continue
						}
						// A provisional NIR refused by the site is a trap a profile may carry.
						if _, key := parse(f, v, today); key != "" && key != "provisional" {
							t.Errorf("%s: profile %s: box %s of %s prints %q, refused by field %s (%s)", p.File, pr.ID, f.Where.Box, d.Key(), v, f.ID, key)
						}
					}
				}
			}
			for _, d := range pr.Documents {
				for _, box := range []string{"numero_fiscal", "reference_avis", "iban", "immatriculation", "numero_formule", "numero", "code_postal"} {
					check := boxChecks[[2]string{d.Kind, box}]
					if v := value(d, box); check != nil && v != "" {
						if key := check(v); key != "" {
							t.Errorf("%s: profile %s: box %s of %s prints %q, refused (%s)", p.File, pr.ID, box, d.Key(), v, key)
						}
					}
				}
				if d.Kind == "carte_vitale" {
					n, k := value(d, "numero"), value(d, "cle")
					if _, key := validate.NIR(n+k, true); key != "" {
						want := ""
						if r, bad := validate.NIR(n, false); bad == "" {
							want = nirKey(r.Compact)
						}
						t.Errorf("%s: profile %s: carte Vitale %s key %s is refused (%s); the key of this number is %s", p.File, pr.ID, n, k, key, want)
					}
				}
			}
		}
	}
}

// nirKey is the key of a 13-character NIR body: 97 − (body mod 97), with
// 2A read as 19 and 2B as 18.
func nirKey(body string) string {
	switch body[5:7] {
	case "2A":
		body = body[:5] + "19" + body[7:]
	case "2B":
		body = body[:5] + "18" + body[7:]
	}
	n, err := strconv.ParseUint(body, 10, 64)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%02d", 97-n%97)
}
