package procedure

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// Reserved step names: the review page and the receipt, reachable by scenarios.
const (
	StepReview  = "review"
	StepReceipt = "receipt"
	// StepIssue is the key of a step-level issue (a check naming no field) in scenarios.
	StepIssue = "step"
)

var (
	slugRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	valueRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

// checker verifies what the decoder cannot: ids, references, field settings,
// and every expression compiled against the declared fields.
type checker struct {
	*decoder
	p   *Procedure
	env map[string]any
}

func (c *checker) check() {
	p := c.p
	c.slug(p.Pos, "procedure_id", p.ID)
	c.slug(p.Pos, "organisation", p.Organisation)
	if n := p.Traps.SessionExpiry; n < 0 || n > 240 {
		c.errorf(p.Traps.Pos, "check.session_expiry")
	}
	if p.Traps.IdentityProvider && p.Traps.Account == nil && !hasPasswordStep(p) {
		c.errorf(p.Traps.Pos, "check.identity_provider")
	}
	if a := p.Traps.Account; a != nil {
		if n := a.Password.MinLength; n < 0 || n > 64 {
			c.errorf(a.Password.Pos, "check.password_min_length")
		}
	}
	if p.Real.URL != "" && !strings.HasPrefix(p.Real.URL, "https://") {
		c.errorf(p.Real.Pos, "check.real_url")
	}
	c.indexSteps()
	c.joinHouseholds()
	if id := p.Traps.SMSCodeAfter; id != "" {
		c.checkCodeStep(id)
	}
	c.buildEnv()
	c.ownKinds()
	for _, s := range p.Steps {
		c.checkStep(s)
	}
	c.checkOwnData()
	c.compileText(&p.Receipt.Title, c.env)
	c.compileText(&p.Receipt.Number, c.env)
	c.compileText(&p.Receipt.Next, c.env)
	c.compileText(&p.Review.Intro, c.env)
	c.checkFollowUp()
	c.checkPitfalls()
	c.checkProduced()
	profiles := map[string]bool{}
	for _, pr := range p.Profiles {
		if profiles[pr.ID] {
			c.errorf(pr.Pos, "check.duplicate_profile", "ID", q(pr.ID))
		}
		profiles[pr.ID] = true
		c.checkProfile(pr)
	}
	for _, sc := range p.Scenarios {
		c.checkScenario(sc, profiles)
	}
	c.typography()
}

func (c *checker) slug(at Pos, what authoring.Term, s string) {
	if s != "" && !slugRE.MatchString(s) {
		c.errorf(at, "check.slug", "What", what, "Value", q(s))
	}
}

// indexSteps records steps and fields by id, reporting duplicates.
func (c *checker) indexSteps() {
	p := c.p
	p.steps = map[string]*Step{}
	p.fields = map[string]*Field{}
	for _, s := range p.Steps {
		switch {
		case s.ID == StepReview || s.ID == StepReceipt || s.ID == OwnDataStep:
			c.errorf(s.Pos, "check.step_reserved", "ID", q(s.ID))
		case p.steps[s.ID] != nil:
			c.errorf(s.Pos, "check.duplicate_step", "ID", q(s.ID), "Line", p.steps[s.ID].Pos.Line)
		default:
			if !valueRE.MatchString(s.ID) {
				c.errorf(s.Pos, "check.value_chars", "What", authoring.Term("step_id"), "Value", q(s.ID))
			}
			p.steps[s.ID] = s
		}
		for _, f := range s.Fields {
			if other := p.fields[f.ID]; other != nil {
				c.errorf(f.Pos, "check.duplicate_field", "ID", q(f.ID), "Line", other.Pos.Line)
				continue
			}
			if f.ID == StepIssue {
				c.errorf(f.Pos, "check.field_reserved", "ID", q(f.ID))
			}
			if !identRE.MatchString(f.ID) {
				c.errorf(f.Pos, "check.ident_chars", "What", authoring.Term("field_id"), "Value", q(f.ID))
			}
			p.fields[f.ID] = f
		}
	}
}

// buildEnv declares every field and, in order, every computed value, so that
// expressions are type-checked against them.
func (c *checker) buildEnv() {
	c.env = Functions(time.Now, func(int) string { return "" })
	c.groupEnv()
	for _, s := range c.p.Steps {
		for _, f := range s.Fields {
			if z, ok := exprZero(f); ok {
				c.env[f.ID] = z
			}
		}
	}
	// prefilled.ID reads what the site filled in, so that a warn check
	// can compare the answer with it.
	prefilled := map[string]any{}
	for _, s := range c.p.Steps {
		for _, f := range s.Fields {
			if z, ok := c.env[f.ID]; ok && f.Prefill != nil {
				prefilled[f.ID] = z
			}
		}
	}
	if f := c.p.fields[PrefilledName]; f != nil {
		c.errorf(f.Pos, "warn.reserved_prefilled", "Field", q(f.ID))
	}
	c.env[PrefilledName] = prefilled
	for _, v := range c.p.Values {
		if _, clash := c.env[v.Name]; clash {
			c.errorf(v.Pos, "check.value_clash", "Name", q(v.Name))
			continue
		}
		if !identRE.MatchString(v.Name) {
			c.errorf(v.Pos, "check.ident_chars", "What", authoring.Term("value_name"), "Value", q(v.Name))
		}
		c.compile(&v.Expr, c.env, false)
		c.env[v.Name] = resultZero(&v.Expr, c.env)
	}
}

func (c *checker) checkStep(s *Step) {
	if s.Exit && (len(s.Fields) > 0 || len(s.Checks) > 0) {
		c.errorf(s.Pos, "check.exit_step", "ID", q(s.ID))
	}
	c.compile(s.When, c.env, true)
	c.compileText(&s.Title, c.env)
	c.compileText(&s.Intro, c.env)
	for i := range s.Hints {
		c.compileText(&s.Hints[i].Text, c.env)
	}
	for _, f := range s.Fields {
		c.checkField(f)
		for _, name := range c.p.FieldsRead(f.When) {
			if g := c.p.fields[name]; g != nil && g != f && slices.Contains(s.Fields, g) {
				f.Reveal = true
			}
		}
	}
	for _, ch := range s.Checks {
		c.compile(&ch.Rule, c.env, true)
		c.compileText(&ch.Message, c.env)
		if f := c.p.fields[ch.Field]; ch.Field != "" && (f == nil || !slices.Contains(s.Fields, f)) {
			c.errorf(ch.Pos, "check.check_field", "Check", q(ch.ID), "Field", q(ch.Field), "Step", q(s.ID), authoring.SuggestArg, suggest(ch.Field, fieldIDs(s)))
		}
	}
}

func fieldIDs(s *Step) []string {
	ids := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		ids[i] = f.ID
	}
	return ids
}

func (c *checker) checkField(f *Field) {
	types := FieldTypes()
	if !slices.Contains(types, f.Type) {
		c.errorf(f.Pos, "check.field_type", "Field", q(f.ID), "Type", q(f.Type), authoring.SuggestArg, suggest(f.Type, types))
	} else {
		c.checkSettings(f)
	}
	c.compile(f.When, c.env, true)
	c.checkPrefill(f)
	c.checkWhere(f)
	c.compileText(&f.Label, c.env)
	c.compileText(&f.Help, c.env)
	for i := range f.Hints {
		c.compileText(&f.Hints[i].Text, c.env)
	}
	if f.IsGroup() {
		c.checkGroup(f)
	}
	if r := f.Repeat; r != nil {
		if r.Count < 1 || r.Count > 12 {
			c.errorf(r.Pos, "check.repeat_count")
		}
		if !slices.Contains([]string{"text", "number", "money", "date", "email", "phone", "postal_code"}, f.Type) {
			c.errorf(r.Pos, "check.repeat_type", "Type", f.Type)
		}
		env := make(map[string]any, len(c.env)+1)
		for k, v := range c.env {
			env[k] = v
		}
		env["i"] = 0
		c.compileText(&r.Label, env)
	}
}

// checkSettings reports settings that the field's type does not use or
// that contradict each other.
func (c *checker) checkSettings(f *Field) {
	only := func(set bool, key string, allowed ...string) {
		if set && !slices.Contains(allowed, f.Type) {
			c.errorf(f.Pos, "check.setting_unused", "Field", q(f.ID), "Setting", key, "Type", f.Type, "Allowed", strings.Join(allowed, ", "))
		}
	}
	// A group's min and max count its items (checkGroup).
	only(f.Min != nil && !f.IsGroup(), "min", "number", "money")
	only(f.Max != nil && !f.IsGroup(), "max", "number", "money")
	only(len(f.Fields) > 0 || f.AddLabel != "" || !f.ItemLabel.IsZero(), "fields, add_label and item_label", "group")
	only(f.Cents != nil, "cents", "money")
	only(f.WithKey, "with_key", "nir")
	only(f.Provisional != "", "provisional", "nir")
	only(f.Mobile, "mobile", "phone")
	only(f.Past, "past", "date")
	only(f.Future, "future", "date")
	only(f.MinAge != 0, "min_age", "date")
	only(len(f.Accept) > 0 || f.MaxSize != 0, "accept, max_size", "file")
	only(f.PostalCode != "", "postal_code", "commune")
	if f.Type == "commune" {
		if pc := c.p.fields[f.PostalCode]; pc == nil || pc.Type != "postal_code" {
			c.errorf(f.Pos, "check.commune_postal_code", "Field", q(f.ID), authoring.SuggestArg, suggest(f.PostalCode, sortedKeys(c.p.fields)))
		}
	}
	if f.Type == "file" && (len(f.Accept) == 0 || f.MaxSize <= 0) {
		c.errorf(f.Pos, "check.file_settings", "Field", q(f.ID))
	}
	formats := FileFormats()
	for _, a := range f.Accept {
		if !slices.Contains(formats, a) {
			c.errorf(f.Pos, "check.file_format", "Field", q(f.ID), "Format", q(a), authoring.SuggestArg, suggest(a, formats))
		}
	}
	only(f.Pattern.Source != "" || f.MinLength > 0 || f.MaxLength > 0, "pattern, min_length, max_length", "text", "textarea", "password")
	if f.Width != 0 && !slices.Contains([]int{2, 3, 4, 5, 10, 20}, f.Width) {
		c.errorf(f.Pos, "check.width", "Field", q(f.ID))
	}
	only(len(f.Options) > 0, "options", "radio", "select", "checkbox")
	if (f.Type == "radio" || f.Type == "select") && len(f.Options) < 2 {
		c.errorf(f.Pos, "check.two_options", "Field", q(f.ID), "Type", f.Type)
	}
	if f.Provisional != "" && f.Provisional != "allow" && f.Provisional != "refuse" {
		c.errorf(f.Pos, "check.provisional", "Field", q(f.ID), "Found", q(f.Provisional))
	}
	if f.Past && f.Future {
		c.errorf(f.Pos, "check.past_future", "Field", q(f.ID))
	}
	seen := map[string]bool{}
	for _, o := range f.Options {
		if !valueRE.MatchString(o.Value) {
			if fix := plainValue(o.Value); valueRE.MatchString(fix) {
				c.errorf(o.Pos, "check.value_chars_fix", "What", authoring.Term("option_value"), "Value", q(o.Value), "Fix", q(fix))
			} else {
				c.errorf(o.Pos, "check.value_chars", "What", authoring.Term("option_value"), "Value", q(o.Value))
			}
		}
		if seen[o.Value] {
			c.errorf(o.Pos, "check.duplicate_option", "Value", q(o.Value))
		}
		seen[o.Value] = true
	}
	keys := MessageKeys()
	for _, k := range sortedKeys(f.Messages) {
		if !slices.Contains(keys, k) {
			c.errorf(f.Pos, "check.message_key", "Field", q(f.ID), "Key", q(k), authoring.SuggestArg, suggest(k, keys))
		}
	}
}

// answers turns the YAML answers of a profile or scenario into form values.
func (c *checker) answers(a *RawAnswers) {
	a.Map = map[string]string{}
	if a.node == nil {
		return
	}
	pairs := c.mergedPairs(a.node)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], pairs[i+1]
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		id, index, _ := strings.Cut(k.Value, ".")
		f := c.p.fields[id]
		if f == nil {
			c.nodeErrorf(k, "check.answer_field", "Field", q(k.Value), authoring.SuggestArg, suggest(k.Value, sortedKeys(c.p.fields)))
			continue
		}
		switch {
		case index != "":
			n, err := strconv.Atoi(index)
			if f.Repeat == nil || err != nil || n < 1 || n > f.Repeat.Count {
				c.nodeErrorf(k, "check.answer_index", "Key", q(k.Value), "Field", id, "Index", index)
				continue
			}
			c.scalarAnswer(a, k.Value, v)
		case f.IsGroup():
			c.groupAnswers(a, f, v)
		case f.Repeat != nil || (f.Type == "checkbox" && len(f.Options) > 0):
			if v.Kind != yaml.SequenceNode {
				c.nodeErrorf(v, "check.answer_list", "Field", id, "Found", describe(v))
				continue
			}
			if f.Repeat != nil && len(v.Content) != f.Repeat.Count {
				c.nodeErrorf(v, "check.answer_count", "Field", id, "Want", f.Repeat.Count, "Got", len(v.Content))
				continue
			}
			var vals []string
			for j, item := range v.Content {
				if item.Kind == yaml.AliasNode {
					item = item.Alias
				}
				if f.Repeat != nil {
					c.scalarAnswer(a, RepeatKey(id, j), item)
				} else if s, ok := c.scalar(item); ok {
					vals = append(vals, s)
				}
			}
			if f.Repeat == nil {
				a.Map[id] = strings.Join(vals, ",")
			}
		default:
			c.scalarAnswer(a, id, v)
		}
	}
}

// scalarAnswer records one answer. An answer holding ${ } is computed when
// an attempt starts ("${ formatDate(addMonths(today(), -2)) }"), so that a
// profile's dates stay valid as time passes.
func (c *checker) scalarAnswer(a *RawAnswers, key string, v *yaml.Node) {
	s, ok := c.scalar(v)
	if !ok {
		return
	}
	a.Map[key] = s
	if strings.Contains(s, "${") {
		t := &Text{}
		t.decodeYAML(c.decoder, v)
		c.compileText(t, c.env)
		if a.Computed == nil {
			a.Computed = map[string]*Text{}
		}
		a.Computed[key] = t
	}
}

// RepeatKey is the form key of answer number i (0-based) of a repeated field.
func RepeatKey(id string, i int) string { return id + "." + strconv.Itoa(i+1) }

func (c *checker) checkScenario(sc *Scenario, profiles map[string]bool) {
	if sc.Profile != "" && !profiles[sc.Profile] {
		c.errorf(sc.Pos, "check.scenario_profile", "Scenario", q(sc.Name), "Profile", q(sc.Profile), authoring.SuggestArg, suggest(sc.Profile, sortedKeys(profiles)))
	}
	c.answers(&sc.Answers)
	c.checkOwnAnswers(sc)
	e := &sc.Expect
	if (e.Reaches == "") == (e.StaysOn == "") {
		c.errorf(e.Pos, "check.expect_one")
	}
	steps := append(sortedKeys(c.p.steps), StepReview, StepReceipt)
	for _, s := range []string{e.Reaches, e.StaysOn} {
		if s != "" && !slices.Contains(steps, s) {
			c.errorf(e.Pos, "check.expect_step", "Step", q(s), authoring.SuggestArg, suggest(s, steps))
		}
	}
	for _, key := range sortedKeys(e.Errors) {
		id, _, _ := strings.Cut(key, ".")
		if c.p.fields[id] == nil && key != StepIssue {
			c.errorf(e.Pos, "check.expect_error_field", "Field", q(key), authoring.SuggestArg, suggest(key, sortedKeys(c.p.fields)))
		}
	}
	for _, name := range sortedKeys(e.Values) {
		if _, ok := c.env[name]; !ok {
			c.errorf(e.Values[name].Pos, "check.expect_value", "Name", q(name), authoring.SuggestArg, suggest(name, sortedKeys(c.env)))
		}
	}
	c.checkExpectFollowUp(sc)
	c.checkExpectPitfalls(sc)
	c.checkExpectDocuments(sc)
	c.checkMistakes(sc)
}

// hasPasswordStep reports whether a step of p asks for a password: the
// site's own login.
func hasPasswordStep(p *Procedure) bool {
	for _, s := range p.Steps {
		if hasPassword(s) {
			return true
		}
	}
	return false
}

// hasPassword reports whether step s asks for a password.
func hasPassword(s *Step) bool {
	for _, f := range s.Fields {
		if f.Type == "password" {
			return true
		}
	}
	return false
}

// checkCodeStep checks traps.sms_code_after: it names a login step of the
// procedure's own (with a password field), and the account trap, which
// has its own sms_code, is not there too.
func (c *checker) checkCodeStep(id string) {
	p := c.p
	var ids []string
	for _, s := range p.Steps {
		ids = append(ids, s.ID)
	}
	s := p.Step(id)
	switch {
	case s == nil:
		c.errorf(p.Traps.Pos, "check.sms_unknown", "Step", q(id), authoring.SuggestArg, suggest(id, ids))
	case !hasPassword(s):
		c.errorf(p.Traps.Pos, "check.sms_no_password", "Step", q(id))
	case s.When != nil || s.Exit:
		c.errorf(p.Traps.Pos, "check.sms_not_always", "Step", q(id))
	case p.Traps.Account != nil:
		c.errorf(p.Traps.Pos, "check.sms_account")
	}
}
