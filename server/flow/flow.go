// Package flow draws the flow of a procedure for authors and mediators: which
// screens follow which, under which condition, where an ineligible learner
// stops, and what on each screen tends to trip learners up. It computes a
// Graph once from the model, then renders it as a server-side SVG diagram
// (no script, no inline style, so it passes the site's Content-Security-Policy)
// and as a text outline for screen readers.
package flow

import (
	"slices"
	"strconv"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Node kinds.
const (
	KindStart   = "start"   // the presentation page of the procedure
	KindStep    = "step"    // a screen of the simulated site
	KindExit    = "exit"    // a dead end: an ineligible learner stops there
	KindReview  = "review"  // "Vérifiez vos réponses"
	KindReceipt = "receipt" // the receipt after the fake submission
)

// StartID is the id of the start node; it can never be a step id, which
// begins with a letter or a digit.
const StartID = "_start"

// Otherwise labels the edge taken when none of the conditional steps before
// it applies: the edges out of a node are in order, and the first whose
// condition holds is the one taken.
const Otherwise = "sinon"

// DefaultReviewTitle is the review page's title when the procedure gives none.
const DefaultReviewTitle = "Vérifiez vos réponses"

// Graph is the flow of a procedure, computed once from its model.
type Graph struct {
	Nodes []Node // start, the steps in order, review, receipt
	Edges []Edge // in order of From, then of To
}

// Node is one page of the flow.
type Node struct {
	ID    string
	Title string // the title (a step's, as BuildTitled renders it; the procedure's title for the start)
	Kind  string // KindStart, KindStep, KindExit, KindReview or KindReceipt
	// Condition is the step's when, "" if always.
	Condition string
	// DependsOn lists the earlier steps whose answers Condition reads
	// (directly or through computed values), in the order of the procedure.
	DependsOn []string
	Fields    int // questions on the page
	// ConditionalFields counts the questions asked only when their own
	// condition holds (a "Si oui, …" under the question it depends on).
	ConditionalFields int
	Checks            int      // cross-field checks on the page
	Traps             []string // what a trainer wants to see coming (see Traps)
}

// Edge is one possible succession of pages.
type Edge struct {
	From, To string
	// Label is the condition under which To comes next: To's condition when
	// To is conditional, Otherwise when conditional steps before To were
	// passed over, "" for always.
	Label string
}

// Trap tags.
const (
	TrapProvisional = "numéro provisoire refusé"
	TrapPassword    = "mot de passe"
	TrapUpload      = "téléversement"
	TrapChecks      = "contrôle croisé"
	TrapExit        = "fin du parcours"
)

// Traps lists, without repetition, the short tags a trainer wants to see on
// a step: the questions and rules where learners usually get stuck. Add new
// tags here.
func Traps(s *procedure.Step) []string {
	var tags []string
	add := func(tag string) {
		if !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	for _, f := range s.Fields {
		switch {
		case f.Type == "nir" && f.Provisional == "refuse":
			add(TrapProvisional)
		case f.Type == "password":
			add(TrapPassword)
		case f.Type == "file":
			add(TrapUpload)
		}
	}
	if len(s.Checks) > 0 {
		add(TrapChecks)
	}
	if s.Exit {
		add(TrapExit)
	}
	return tags
}

// Build computes the flow of p: a start node, one node per step in order,
// the review and the receipt. From the start and from every step that is not
// an exit, an edge leads to each following conditional step up to the first
// step that is always shown (or the review); an exit has no way out.
func Build(p *procedure.Procedure) Graph {
	return BuildTitled(p, func(t procedure.Text) string { return t.Source })
}

// BuildTitled is Build with the step and receipt titles rendered by title:
// the page shown to mediators computes their ${ } as learners would read
// them, so that no raw ${ reaches a reader.
func BuildTitled(p *procedure.Procedure, title func(procedure.Text) string) Graph {
	g := Graph{Nodes: make([]Node, 0, len(p.Steps)+3)}
	g.Nodes = append(g.Nodes, Node{ID: StartID, Title: p.Title, Kind: KindStart})
	asked := stepOfField(p)
	values := map[string]*procedure.Expr{}
	for _, v := range p.Values {
		values[v.Name] = &v.Expr
	}
	for _, s := range p.Steps {
		n := Node{ID: s.ID, Title: title(s.Title), Kind: KindStep, Fields: len(s.Fields), Checks: len(s.Checks), Traps: Traps(s)}
		if s.Exit {
			n.Kind = KindExit
		}
		for _, f := range s.Fields {
			if f.When != nil {
				n.ConditionalFields++
			}
		}
		if s.When != nil {
			n.Condition = strings.TrimSpace(s.When.Source)
			n.DependsOn = dependsOn(p, s.When, asked, values)
		}
		g.Nodes = append(g.Nodes, n)
	}
	review := p.Review.Title
	if review == "" {
		review = DefaultReviewTitle
	}
	g.Nodes = append(g.Nodes,
		Node{ID: procedure.StepReview, Title: review, Kind: KindReview},
		Node{ID: procedure.StepReceipt, Title: title(p.Receipt.Title), Kind: KindReceipt})

	last := len(g.Nodes) - 1
	for i := 0; i < last-1; i++ { // the start and the steps
		if g.Nodes[i].Kind == KindExit {
			continue
		}
		passed := false
		for j := i + 1; j < last; j++ { // the following steps and the review
			to := g.Nodes[j]
			if to.Condition != "" {
				g.Edges = append(g.Edges, Edge{From: g.Nodes[i].ID, To: to.ID, Label: to.Condition})
				passed = true
				continue
			}
			label := ""
			if passed {
				label = Otherwise
			}
			g.Edges = append(g.Edges, Edge{From: g.Nodes[i].ID, To: to.ID, Label: label})
			break
		}
	}
	g.Edges = append(g.Edges, Edge{From: procedure.StepReview, To: procedure.StepReceipt})
	return g
}

func stepOfField(p *procedure.Procedure) map[string]int {
	m := map[string]int{}
	for i, s := range p.Steps {
		for _, f := range s.Fields {
			m[f.ID] = i
		}
	}
	return m
}

// dependsOn lists the steps asking the fields e reads, following computed
// values, in the order of the procedure.
func dependsOn(p *procedure.Procedure, e *procedure.Expr, asked map[string]int, values map[string]*procedure.Expr) []string {
	seen := map[string]bool{}
	steps := make([]bool, len(p.Steps))
	var walk func(e *procedure.Expr)
	walk = func(e *procedure.Expr) {
		for _, name := range e.Names() {
			if seen[name] {
				continue
			}
			seen[name] = true
			if i, ok := asked[name]; ok {
				steps[i] = true
			} else if v := values[name]; v != nil {
				walk(v)
			}
		}
	}
	walk(e)
	var ids []string
	for i, ok := range steps {
		if ok {
			ids = append(ids, p.Steps[i].ID)
		}
	}
	return ids
}

// OutlineItem is one line of the outline; Depth 0 is a page, Depth 1 a way
// out of the page above.
type OutlineItem struct {
	Depth int
	Text  string
}

// Outline is the same information as the diagram, as a nested text outline
// for screen readers: one line per page, numbered as in the diagram, and
// under a page with a choice one line per page that may come next.
func (g Graph) Outline() []OutlineItem {
	num := g.numbers()
	reached := g.reached()
	out := map[string][]Edge{}
	byID := make(map[string]Node, len(g.Nodes))
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}
	for _, e := range g.Edges {
		out[e.From] = append(out[e.From], e)
	}
	items := make([]OutlineItem, 0, len(g.Nodes)*2)
	for i, n := range g.Nodes {
		var b strings.Builder
		if n.Kind == KindStart {
			b.WriteString("Début : ")
			b.WriteString(clean(n.Title))
		} else {
			b.WriteString(num[n.ID])
			b.WriteString(". ")
			b.WriteString(clean(n.Title))
			if d := g.details(n); d != "" {
				b.WriteString(" — ")
				b.WriteString(d)
			}
			if !reached[n.ID] {
				b.WriteString(" (jamais atteinte)")
			}
		}
		items = append(items, OutlineItem{Depth: 0, Text: b.String()})
		edges := out[n.ID]
		if len(edges) == 1 && edges[0].Label == "" && i+1 < len(g.Nodes) && edges[0].To == g.Nodes[i+1].ID {
			continue // simply the next page
		}
		for _, e := range edges {
			to, ok := byID[e.To]
			if !ok {
				continue
			}
			target := num[to.ID] + ". " + clean(to.Title)
			var line string
			switch {
			case e.Label == Otherwise:
				line = "Sinon : " + target
			case e.Label == "" && to.Kind == KindExit:
				line = "Fin du parcours : " + target
			case e.Label == "":
				line = "Puis : " + target
			case to.Kind == KindExit:
				line = "Fin du parcours si " + clean(e.Label) + g.from(to, num) + " : " + target
			default:
				line = "Si " + clean(e.Label) + g.from(to, num) + " : " + target
			}
			items = append(items, OutlineItem{Depth: 1, Text: line})
		}
	}
	return items
}

// details is what the outline says of a page after its title.
func (g Graph) details(n Node) string {
	switch n.Kind {
	case KindExit:
		return "fin du parcours : la démarche s'arrête ici"
	case KindReview:
		return "relecture des réponses, puis envoi"
	case KindReceipt:
		return "récépissé"
	}
	var parts []string
	parts = append(parts, questions(n))
	if n.Checks > 0 {
		parts = append(parts, plural(n.Checks, "contrôle croisé", "contrôles croisés"))
	}
	s := strings.Join(parts, ", ")
	var traps []string
	for _, t := range n.Traps {
		if t != TrapChecks && t != TrapExit { // already said
			traps = append(traps, t)
		}
	}
	if len(traps) > 0 {
		s += " ; points d'attention : " + strings.Join(traps, ", ")
	}
	return s
}

// from says where the answers read by a condition are asked: " (réponses de l'étape 2)".
func (g Graph) from(n Node, num map[string]string) string {
	if len(n.DependsOn) == 0 {
		return ""
	}
	nums := make([]string, len(n.DependsOn))
	for i, id := range n.DependsOn {
		nums[i] = num[id]
	}
	if len(nums) == 1 {
		return " (réponse de l'étape " + nums[0] + ")"
	}
	return " (réponses des étapes " + strings.Join(nums[:len(nums)-1], ", ") + " et " + nums[len(nums)-1] + ")"
}

// numbers numbers the pages after the start from 1, as the learner meets them.
func (g Graph) numbers() map[string]string {
	m := make(map[string]string, len(g.Nodes))
	k := 0
	for _, n := range g.Nodes {
		if n.Kind == KindStart {
			continue
		}
		k++
		m[n.ID] = strconv.Itoa(k)
	}
	return m
}

// reached tells the nodes a learner can reach from the start, following
// the edges.
func (g Graph) reached() map[string]bool {
	next := map[string][]string{}
	for _, e := range g.Edges {
		next[e.From] = append(next[e.From], e.To)
	}
	seen := map[string]bool{}
	todo := []string{StartID}
	for len(todo) > 0 {
		id := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[id] {
			continue
		}
		seen[id] = true
		todo = append(todo, next[id]...)
	}
	return seen
}

// questions says how many questions a page asks: "3 questions (1 selon les réponses)".
func questions(n Node) string {
	switch {
	case n.Fields == 0:
		return "aucune question"
	case n.ConditionalFields == n.Fields:
		return plural(n.Fields, "question", "questions") + " selon les réponses"
	case n.ConditionalFields > 0:
		return plural(n.Fields, "question", "questions") + " (" + strconv.Itoa(n.ConditionalFields) + " selon les réponses)"
	}
	return plural(n.Fields, "question", "questions")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// clean folds the white space of a text written in YAML onto one line,
// keeping the non-breaking spaces of French typography.
func clean(s string) string {
	return strings.Join(words(s), " ")
}

// words splits s at ASCII white space only: a line never breaks at a
// non-breaking space ("projet\u00a0?").
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
	})
}
