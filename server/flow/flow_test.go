package flow_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/flow"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// small has an always-visible step, a conditional exit, a conditional step,
// a step that reads an answer given two steps earlier, and a title that
// must be escaped.
const small = `
id: petite-demarche
title: Une petite démarche <test> & co
organisation: exemple
summary: Pour tester le dessin du parcours.
duration: 2 min
level: débutant
real: {url: "https://www.example.org/", compared: 2026-11-01}
steps:
  - id: connexion
    title: Connexion
    fields:
      - {id: nir, type: nir, label: Numéro de sécurité sociale, provisional: refuse}
      - {id: mdp, type: password, label: Mot de passe}
  - id: logement
    title: Votre logement
    fields:
      - {id: age_logement, type: number, label: Âge du logement}
      - {id: en_couple, type: yesno, label: "Vivez-vous en couple ?"}
      - {id: depuis, type: date, label: "Si oui, depuis quand ?", when: en_couple}
  - id: trop_recent
    title: Logement trop récent
    when: age_logement < 15
    exit: true
  - id: devis
    title: Le devis <signé> & daté
    fields:
      - {id: devis, type: file, label: Votre devis, accept: [pdf], max_size: 5}
    checks:
      - {id: devis_present, rule: devis != "", message: Ajoutez le devis.}
  - id: conjoint
    title: Votre conjoint
    when: en_couple
    fields:
      - {id: nom_conjoint, type: text, label: Nom du conjoint}
receipt: {title: Demande enregistrée, number: "X-${ digits(4) }", next: Rien d'autre.}
`

func parse(t testing.TB, src string) *procedure.Procedure {
	t.Helper()
	p, problems := procedure.Parse("small.yaml", []byte(src))
	if len(problems) > 0 || p == nil {
		t.Fatalf("the test procedure does not load:\n%v", problems)
	}
	return p
}

func TestBuild(t *testing.T) {
	g := flow.Build(parse(t, small))

	type node struct {
		ID, Kind, Condition string
		DependsOn           []string
		Fields, Checks      int
		ConditionalFields   int
		Traps               []string
	}
	wantNodes := []node{
		{ID: flow.StartID, Kind: "start"},
		{ID: "connexion", Kind: "step", Fields: 2, Traps: []string{"numéro provisoire refusé", "mot de passe"}},
		{ID: "logement", Kind: "step", Fields: 3, ConditionalFields: 1},
		{ID: "trop_recent", Kind: "exit", Condition: "age_logement < 15", DependsOn: []string{"logement"}, Traps: []string{"fin du parcours"}},
		{ID: "devis", Kind: "step", Fields: 1, Checks: 1, Traps: []string{"téléversement", "contrôle croisé"}},
		{ID: "conjoint", Kind: "step", Condition: "en_couple", DependsOn: []string{"logement"}, Fields: 1},
		{ID: "review", Kind: "review"},
		{ID: "receipt", Kind: "receipt"},
	}
	if len(g.Nodes) != len(wantNodes) {
		t.Fatalf("got %d nodes, want %d: %+v", len(g.Nodes), len(wantNodes), g.Nodes)
	}
	for i, want := range wantNodes {
		n := g.Nodes[i]
		got := node{n.ID, n.Kind, n.Condition, n.DependsOn, n.Fields, n.Checks, n.ConditionalFields, n.Traps}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("node %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	if g.Nodes[0].Title != "Une petite démarche <test> & co" || g.Nodes[4].Title != "Le devis <signé> & daté" ||
		g.Nodes[6].Title != flow.DefaultReviewTitle || g.Nodes[7].Title != "Demande enregistrée" {
		t.Errorf("titles: %q %q %q %q", g.Nodes[0].Title, g.Nodes[4].Title, g.Nodes[6].Title, g.Nodes[7].Title)
	}

	wantEdges := []flow.Edge{
		{From: flow.StartID, To: "connexion"},
		{From: "connexion", To: "logement"},
		{From: "logement", To: "trop_recent", Label: "age_logement < 15"},
		{From: "logement", To: "devis", Label: flow.Otherwise},
		// the exit has no way out
		{From: "devis", To: "conjoint", Label: "en_couple"},
		{From: "devis", To: "review", Label: flow.Otherwise},
		{From: "conjoint", To: "review"},
		{From: "review", To: "receipt"},
	}
	if !reflect.DeepEqual(g.Edges, wantEdges) {
		t.Errorf("edges:\n got %+v\nwant %+v", g.Edges, wantEdges)
	}
}

func TestBuildEdges(t *testing.T) {
	const head = `
id: x
title: X
organisation: exemple
summary: S.
duration: 1 min
level: débutant
real: {url: "https://www.example.org/", compared: 2026-11-01}
receipt: {title: R, number: "X-${ digits(4) }", next: N.}
steps:
`
	tests := []struct {
		name  string
		steps string
		want  []flow.Edge
		never []string // the pages the outline says are never reached
	}{
		{
			name: "first step conditional, consecutive conditional steps",
			steps: `
  - {id: a, title: A, when: b, fields: [{id: b, type: yesno, label: B}]}
  - {id: c, title: C, when: "true", fields: [{id: d, type: yesno, label: D}]}
  - {id: e, title: E}
`,
			want: []flow.Edge{
				{From: flow.StartID, To: "a", Label: "b"},
				{From: flow.StartID, To: "c", Label: "true"},
				{From: flow.StartID, To: "e", Label: flow.Otherwise},
				{From: "a", To: "c", Label: "true"},
				{From: "a", To: "e", Label: flow.Otherwise},
				{From: "c", To: "e"},
				{From: "e", To: "review"},
				{From: "review", To: "receipt"},
			},
		},
		{
			name: "last step conditional",
			steps: `
  - {id: a, title: A, fields: [{id: b, type: yesno, label: B}]}
  - {id: c, title: C, when: b}
`,
			want: []flow.Edge{
				{From: flow.StartID, To: "a"},
				{From: "a", To: "c", Label: "b"},
				{From: "a", To: "review", Label: flow.Otherwise},
				{From: "c", To: "review"},
				{From: "review", To: "receipt"},
			},
		},
		{
			name: "exit without condition: the steps after it are never reached",
			steps: `
  - {id: a, title: A}
  - {id: stop, title: Stop, exit: true}
  - {id: c, title: C}
`,
			want: []flow.Edge{
				{From: flow.StartID, To: "a"},
				{From: "a", To: "stop"},
				{From: "c", To: "review"},
				{From: "review", To: "receipt"},
			},
			never: []string{"3. C", "4. Vérifiez vos réponses", "5. R"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := flow.Build(parse(t, head+tt.steps))
			if !reflect.DeepEqual(g.Edges, tt.want) {
				t.Errorf("edges:\n got %+v\nwant %+v", g.Edges, tt.want)
			}
			var never []string
			for _, it := range g.Outline() {
				if page, ok := strings.CutSuffix(it.Text, " (jamais atteinte)"); ok {
					page, _, _ = strings.Cut(page, " — ")
					never = append(never, page)
				}
			}
			if !reflect.DeepEqual(never, tt.never) {
				t.Errorf("never reached: got %q, want %q", never, tt.never)
			}
			svg := g.SVG()
			checkSVG(t, svg)
			if got := bytes.Count(svg, []byte("jamais atteinte")); got != len(tt.never) {
				t.Errorf("the SVG says %d times that a page is never reached, want %d", got, len(tt.never))
			}
		})
	}
}

// checkSVG checks that the document is well-formed XML with an accessible
// name and nothing the Content-Security-Policy would refuse.
func checkSVG(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var root, title, desc bool
	var path []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			path = append(path, el.Name.Local)
			switch el.Name.Local {
			case "svg":
				if len(path) == 1 {
					root = true
					attrs := map[string]string{}
					for _, a := range el.Attr {
						attrs[a.Name.Local] = a.Value
					}
					if attrs["role"] != "img" || attrs["viewBox"] == "" || attrs["width"] != "100%" || attrs["height"] != "" {
						t.Errorf("root attributes: %v", attrs)
					}
				}
			case "title":
				title = title || len(path) == 2
			case "desc":
				desc = desc || len(path) == 2
			case "style", "script", "foreignObject", "image", "use", "a", "iframe":
				t.Errorf("forbidden element <%s>", el.Name.Local)
			}
			for _, a := range el.Attr {
				switch {
				case a.Name.Local == "style":
					t.Errorf("style attribute on <%s>", el.Name.Local)
				case a.Name.Local == "href", strings.HasPrefix(a.Name.Local, "on"):
					t.Errorf("attribute %s on <%s>", a.Name.Local, el.Name.Local)
				case strings.Contains(a.Value, "url("):
					t.Errorf("reference %s=%q on <%s>", a.Name.Local, a.Value, el.Name.Local)
				}
			}
		case xml.EndElement:
			path = path[:len(path)-1]
		}
	}
	if !root || !title || !desc {
		t.Errorf("root <svg> %v, <title> %v, <desc> %v", root, title, desc)
	}
	for _, bad := range []string{"<script", " style=", "<style", "javascript:", "http://", "https://"} {
		if bad == "http://" {
			// the only address allowed is the SVG namespace
			if bytes.Count(svg, []byte(bad)) != 1 || !bytes.Contains(svg, []byte(`xmlns="http://www.w3.org/2000/svg"`)) {
				t.Errorf("the SVG holds an address other than its namespace")
			}
			continue
		}
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("the SVG contains %q", bad)
		}
	}
}

// texts returns the character data of the SVG, one string per element.
func texts(t *testing.T, svg []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestSVG(t *testing.T) {
	p := parse(t, small)
	g := flow.Build(p)
	svg := g.SVG()
	checkSVG(t, svg)
	if !bytes.Contains(svg, []byte("Le devis &lt;signé&gt; &amp; daté")) {
		t.Errorf("the title with < and & is not escaped")
	}
	if bytes.Contains(svg, []byte("<signé>")) || bytes.Contains(svg, []byte("<test>")) {
		t.Errorf("a title is written unescaped")
	}
	all := texts(t, svg)
	for _, s := range p.Steps {
		if !strings.Contains(all, s.Title.Source) {
			t.Errorf("the SVG lacks the title %q", s.Title.Source)
		}
	}
	for _, want := range []string{"FIN DU PARCOURS", "si age_logement &lt; 15", "si en_couple", "d'après la réponse de l'étape 2", "sinon", "Vérifiez vos réponses", "Demande enregistrée", "numéro provisoire refusé", "téléversement"} {
		want = strings.NewReplacer("&lt;", "<").Replace(want)
		if !strings.Contains(all, want) {
			t.Errorf("the SVG does not say %q", want)
		}
	}
	if got := bytes.Count(svg, []byte(`stroke-dasharray="7 5"`)); got != 2 {
		t.Errorf("%d dashed boxes, want 2 (the two conditional steps)", got)
	}
}

func TestSVGLongTitle(t *testing.T) {
	long := strings.Repeat("Déclaration très longue des ressources ", 8)
	src := strings.Replace(small, "title: Votre logement", "title: "+long, 1)
	svg := flow.Build(parse(t, src)).SVG()
	checkSVG(t, svg)
	if !bytes.Contains(svg, []byte("…")) {
		t.Errorf("a long title is not cut with an ellipsis")
	}
	if bytes.Contains(svg, []byte(strings.TrimSpace(long))) {
		t.Errorf("a long title is written on one line")
	}
}

func TestSVGOddText(t *testing.T) {
	p := parse(t, small)
	p.Steps[0].Title.Source = "Un « titre » avec \"guillemets\", 'apostrophes', \x01 contrôle, \xff octet et ]]> fin"
	checkSVG(t, flow.Build(p).SVG())
}

func TestOutline(t *testing.T) {
	g := flow.Build(parse(t, small))
	var got []string
	for _, it := range g.Outline() {
		got = append(got, strings.Repeat("   ", it.Depth)+it.Text)
	}
	want := []string{
		"Début : Une petite démarche <test> & co",
		"1. Connexion — 2 questions ; points d'attention : numéro provisoire refusé, mot de passe",
		"2. Votre logement — 3 questions (1 selon les réponses)",
		"   Fin du parcours si age_logement < 15 (réponse de l'étape 2) : 3. Logement trop récent",
		"   Sinon : 4. Le devis <signé> & daté",
		"3. Logement trop récent — fin du parcours : la démarche s'arrête ici",
		"4. Le devis <signé> & daté — 1 question, 1 contrôle croisé ; points d'attention : téléversement",
		"   Si en_couple (réponse de l'étape 2) : 5. Votre conjoint",
		"   Sinon : 6. Vérifiez vos réponses",
		"5. Votre conjoint — 1 question",
		"6. Vérifiez vos réponses — relecture des réponses, puis envoi",
		"7. Demande enregistrée — récépissé",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outline:\n got %q\nwant %q", got, want)
	}
}

func TestOutlineListsEveryStepInOrder(t *testing.T) {
	procs := bundled(t)
	procs = append(procs, parse(t, small))
	for _, p := range procs {
		var pages []string
		for _, it := range flow.Build(p).Outline() {
			if it.Depth == 0 {
				pages = append(pages, it.Text)
			}
		}
		if len(pages) != len(p.Steps)+3 {
			t.Fatalf("%s: %d pages in the outline, want %d", p.ID, len(pages), len(p.Steps)+3)
		}
		for i, s := range p.Steps {
			prefix := strconv.Itoa(i+1) + ". " + strings.Join(strings.FieldsFunc(s.Title.Source, func(r rune) bool { return r == ' ' || r == '\n' }), " ")
			if !strings.HasPrefix(pages[i+1], prefix) {
				t.Errorf("%s: outline line %d is %q, want it to start with %q", p.ID, i+1, pages[i+1], prefix)
			}
		}
	}
}

func bundled(t testing.TB) []*procedure.Procedure {
	t.Helper()
	procs, problems := procedure.Load(os.DirFS("../.."), "procedures")
	if len(problems) > 0 {
		t.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	if len(procs) == 0 {
		t.Fatal("no bundled procedure")
	}
	return procs
}

func TestBundledProcedures(t *testing.T) {
	for _, p := range bundled(t) {
		t.Run(p.ID, func(t *testing.T) {
			g := flow.Build(p)
			if len(g.Nodes) != len(p.Steps)+3 {
				t.Errorf("%d nodes for %d steps", len(g.Nodes), len(p.Steps))
			}
			svg := g.SVG()
			checkSVG(t, svg)
			if len(svg) >= 40<<10 {
				t.Errorf("the SVG weighs %d bytes, want less than 40 KB", len(svg))
			}
			all := texts(t, svg)
			for _, s := range p.Steps {
				if len([]rune(s.Title.Source)) < 40 && !strings.Contains(all, s.Title.Source) {
					t.Errorf("the SVG lacks the title %q", s.Title.Source)
				}
			}
			t.Logf("%s: %d nodes, %d edges, SVG %d bytes", p.ID, len(g.Nodes), len(g.Edges), len(svg))
		})
	}
}

func BenchmarkSVG(b *testing.B) {
	var caf *procedure.Procedure
	for _, p := range bundled(b) {
		if p.ID == "caf-declaration-trimestrielle" {
			caf = p
		}
	}
	if caf == nil {
		b.Skip("no CAF procedure")
	}
	g := flow.Build(caf)
	b.ReportAllocs()
	for b.Loop() {
		g.SVG()
	}
}

func BenchmarkBuild(b *testing.B) {
	procs := bundled(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range procs {
			flow.Build(p)
		}
	}
}
