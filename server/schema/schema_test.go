package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/schema"
)

var update = flag.Bool("update", false, "rewrite docs/procedure.schema.json from the Go types")

const golden = "../../docs/procedure.schema.json"

// TestGolden keeps the committed schema equal to the generated one.
func TestGolden(t *testing.T) {
	got, err := schema.Procedure()
	if err != nil {
		t.Fatal(err)
	}
	again, err := schema.Procedure()
	if err != nil || !bytes.Equal(got, again) {
		t.Fatalf("two generations differ (err %v)", err)
	}
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./server/schema/ -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the schema generated from the Go types: run go test ./server/schema/ -update", golden)
	}
}

// TestHouseholdGolden keeps the committed household schema equal to the
// generated one.
func TestHouseholdGolden(t *testing.T) {
	const golden = "../../docs/foyer.schema.json"
	got, err := schema.Household()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./server/schema/ -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the schema generated from the Go types: run go test ./server/schema/ -update", golden)
	}
}

// TestBundledHouseholds validates the households of content/foyers
// against the household schema, and walks it beside the Go type.
func TestBundledHouseholds(t *testing.T) {
	data, err := schema.Household()
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	v := &validator{t: t, root: root, res: map[string]*regexp.Regexp{}, walking: map[reflect.Type]bool{}}
	walkStruct(t, v, v.root, reflect.TypeFor[procedure.Household](), "household")
	files, err := filepath.Glob("../../content/foyers/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled household (%v)", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if errs := v.validateYAML(data); len(errs) > 0 {
			t.Errorf("%s:\n%s", file, strings.Join(errs, "\n"))
		}
	}
}

// TestSchemaMatchesTypes walks the Go types and the schema side by side:
// every yaml-tagged field is a property, with the same required flag and a
// description, and every property is a yaml-tagged field.
func TestSchemaMatchesTypes(t *testing.T) {
	v := newValidator(t)
	walkStruct(t, v, v.root, reflect.TypeFor[procedure.Procedure](), "procedure")
}

func walkStruct(t *testing.T, v *validator, node map[string]any, typ reflect.Type, path string) {
	t.Helper()
	if v.walking[typ] {
		return // a type inside itself (a group's fields): already being compared
	}
	v.walking[typ] = true
	defer delete(v.walking, typ)
	node = v.objectBranch(node)
	if node == nil {
		t.Errorf("%s (%s): no object with properties in the schema", path, typ)
		return
	}
	if node["additionalProperties"] != false {
		t.Errorf("%s: additionalProperties is not false", path)
	}
	props, _ := node["properties"].(map[string]any)
	required := map[string]bool{}
	if req, ok := node["required"].([]any); ok {
		for _, r := range req {
			required[r.(string)] = true
		}
	}
	tags := map[string]bool{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" || f.Type == reflect.TypeFor[procedure.Pos]() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		tags[name] = true
		where := path + "." + name
		prop, ok := props[name].(map[string]any)
		if !ok {
			t.Errorf("%s: field %s.%s has no property in the schema", where, typ.Name(), f.Name)
			continue
		}
		if (opts == "required") != required[name] {
			t.Errorf("%s: required is %v in Go, %v in the schema", where, opts == "required", required[name])
		}
		if d, _ := prop["description"].(string); d == "" {
			t.Errorf("%s: no description", where)
		}
		walkType(t, v, prop, f.Type, where)
	}
	for name := range props {
		if !tags[name] {
			t.Errorf("%s.%s: property of the schema with no yaml tag in %s", path, name, typ)
		}
	}
	for name := range required {
		if !tags[name] {
			t.Errorf("%s: required %q is not a yaml tag of %s", path, name, typ)
		}
	}
}

func walkType(t *testing.T, v *validator, node map[string]any, typ reflect.Type, path string) {
	t.Helper()
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	node = v.deref(node)
	switch typ {
	case reflect.TypeFor[procedure.Values](), reflect.TypeFor[procedure.RawAnswers]():
		return // mappings that decode themselves: no yaml tags to compare
	}
	switch typ.Kind() {
	case reflect.Slice:
		items, ok := node["items"].(map[string]any)
		if !ok {
			t.Errorf("%s: %s is not an array in the schema", path, typ)
			return
		}
		walkType(t, v, items, typ.Elem(), path+"[]")
	case reflect.Map:
		elem, ok := node["additionalProperties"].(map[string]any)
		if !ok {
			t.Errorf("%s: %s is not a map in the schema", path, typ)
			return
		}
		walkType(t, v, elem, typ.Elem(), path+".*")
	case reflect.Struct:
		for i := 0; i < typ.NumField(); i++ {
			if tag := typ.Field(i).Tag.Get("yaml"); tag != "" && tag != "-" {
				walkStruct(t, v, node, typ, path)
				return
			}
		}
		// Text, Expr, Date, Pattern, Literal: scalars that decode
		// themselves, no yaml tags to compare.
	}
}

// TestBundledProcedures validates every bundled procedure and every loaded
// example of the authoring guide against the schema.
var translationFile = regexp.MustCompile(`^.+\.[a-z]{2,3}\.yaml$`)

func TestBundledProcedures(t *testing.T) {
	v := newValidator(t)
	files, err := filepath.Glob("../../procedures/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled procedure (%v)", err)
	}
	for _, file := range files {
		if translationFile.MatchString(filepath.Base(file)) {
			continue // ID.LANG.yaml holds a translation, not a procedure
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if errs := v.validateYAML(data); len(errs) > 0 {
			t.Errorf("%s:\n%s", file, strings.Join(errs, "\n"))
		}
	}
	guide, err := os.ReadFile("../../docs/authoring.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := regexp.MustCompile("(?s)```yaml procedure\n(.*?)```").FindAllSubmatch(guide, -1)
	if len(examples) == 0 {
		t.Fatal("no `yaml procedure` example in docs/authoring.md")
	}
	for i, ex := range examples {
		if errs := v.validateYAML(ex[1]); len(errs) > 0 {
			t.Errorf("docs/authoring.md example %d:\n%s", i+1, strings.Join(errs, "\n"))
		}
	}
}

const base = `id: carte
title: Demander une carte
organisation: mairie
summary: Un exemple.
duration: 5 min
level: débutant
real: {url: "https://www.example.org/", compared: 2026-11-01}
values:
  deux: 1 + 1
  taux: 2.76
steps:
  - id: identite
    title: Votre identité
    hints:
      - Une phrase.
      - {after: 1, text: Une autre.}
    fields:
      - &nom
        id: nom
        type: text
        label: Nom
        width: 20
        messages: {required: Saisissez votre nom.}
      - <<: *nom
        id: prenom
        label: Prénom
        required: false
      - id: choix
        type: radio
        label: Votre choix
        options:
          - {value: un, label: Un}
          - {value: deux, label: Deux}
          - {value: 3, label: 3, help: true}
receipt: {title: Enregistré, number: "X-${ digits(4) }", next: Rien.}
profiles:
  - id: lea
    name: Léa
    story: Une histoire.
    answers: {nom: MARTIN, choix: un}
scenarios:
  - name: Léa
    profile: lea
    expect: {reaches: receipt, values: {deux: 2}}
  - name: Sans nom
    answers: {nom: ""}
    expect: {stays_on: identite, errors: {nom: required}}
`

// TestRejects checks that wrong documents are refused where they are wrong,
// and that the loader refuses them too (the schema is not stricter). The
// base document, accepted by both, writes numbers and booleans where the
// loader reads text, as authors do (taux: 2.76, value: 3).
func TestRejects(t *testing.T) {
	v := newValidator(t)
	if errs := v.validateYAML([]byte(base)); len(errs) > 0 {
		t.Fatalf("base document refused:\n%s", strings.Join(errs, "\n"))
	}
	if _, problems := procedure.Parse("base.yaml", []byte(base)); len(problems) > 0 {
		t.Fatalf("base document refused by the loader:\n%v", problems)
	}
	cases := []struct{ name, old, new, want string }{
		{"unknown key", "label: Nom", "lable: Nom", "/steps/0/fields/0: unknown key \"lable\""},
		{"missing key", "label: Nom", "help: Nom", "/steps/0/fields/0: missing key \"label\""},
		{"wrong type", "required: false", "required: peut-être", "/steps/0/fields/1/required: expected boolean"},
		{"list for a text", "title: Votre identité", "title: [Votre, identité]", "/steps/0/title: expected [boolean number string], found a list"},
		{"text for a list", "level: débutant\n", "level: débutant\nprepare: Un justificatif\n", "/prepare: expected array"},
		{"field type", "type: radio", "type: radios", "/steps/0/fields/2/type: \"radios\" is not one of"},
		{"message key", "{required: Saisissez", "{requis: Saisissez", "/steps/0/fields/0/messages: key \"requis\": \"requis\" is not one of"},
		{"field id", "id: choix", "id: Choix", "/steps/0/fields/2/id: \"Choix\" does not match"},
		{"step id", "id: identite", "id: Identité", "/steps/0/id: \"Identité\" does not match"},
		{"procedure id", "id: carte", "id: carte_1", "/id: \"carte_1\" does not match"},
		{"option value", "value: un,", "value: Un,", "/steps/0/fields/2/options/0/value: \"Un\" does not match"},
		{"width", "width: 20", "width: 7", "/steps/0/fields/0/width: 7 is not one of"},
		{"date", "compared: 2026-11-01", "compared: 1er novembre", "/real/compared: \"1er novembre\" does not match"},
		{"http", "https://www.example.org/", "http://www.example.org/", "/real/url: \"http://www.example.org/\" does not match"},
		{"hint", "{after: 1, text: Une autre.}", "{after: 1, texte: Une autre.}", "/steps/0/hints/1: no branch of anyOf"},
		{"expect both", "{reaches: receipt, values", "{reaches: receipt, stays_on: identite, values", "/scenarios/0/expect: 2 branches of oneOf"},
		{"answer list of lists", "choix: un}", "choix: [[un]]}", "/profiles/0/answers/choix: no branch of anyOf"},
		{"value name", "deux: 1 + 1", "Deux: 1 + 1", "/values: key \"Deux\": \"Deux\" does not match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(base, c.old, c.new, 1)
			if doc == base {
				t.Fatalf("%q not in the base document", c.old)
			}
			errs := v.validateYAML([]byte(doc))
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e, c.want)
			}
			if !found {
				t.Errorf("want an error containing %q, got:\n%s", c.want, strings.Join(errs, "\n"))
			}
			if _, problems := procedure.Parse("case.yaml", []byte(doc)); len(problems) == 0 {
				t.Errorf("the loader accepts what the schema refuses")
			}
		})
	}
}

// TestPatternsAgreeWithLoader feeds identifiers to the loader and to the
// schema's patterns: both must accept and refuse the same ones.
func TestPatternsAgreeWithLoader(t *testing.T) {
	v := newValidator(t)
	samples := []string{"a", "nom", "nom_2", "nom-2", "2nom", "Nom", "_nom", "-nom", "nom.", "é", "a-b_c", "x9"}
	doc := func(procID, org, stepID, fieldID, value string) string {
		return fmt.Sprintf(`id: %q
title: T
organisation: %q
summary: S
duration: 1 min
level: débutant
real: {url: "https://example.org/", compared: 2026-01-01}
steps:
  - id: %q
    title: T
    fields:
      - {id: %q, type: radio, label: L, options: [{value: %q, label: A}, {value: zz, label: B}]}
receipt: {title: T, number: N, next: N}
`, procID, org, stepID, fieldID, value)
	}
	valid := doc("proc", "org", "step", "field", "value")
	if _, problems := procedure.Parse("sample.yaml", []byte(valid)); len(problems) > 0 {
		t.Fatalf("sample refused by the loader: %v", problems)
	}
	if errs := v.validateYAML([]byte(valid)); len(errs) > 0 {
		t.Fatalf("sample refused by the schema: %v", errs)
	}
	for _, s := range samples {
		for i, d := range []string{
			doc(s, "org", "step", "field", "value"),
			doc("proc", s, "step", "field", "value"),
			doc("proc", "org", s, "field", "value"),
			doc("proc", "org", "step", s, "value"),
			doc("proc", "org", "step", "field", s),
		} {
			what := []string{"procedure id", "organisation", "step id", "field id", "option value"}[i]
			_, problems := procedure.Parse("sample.yaml", []byte(d))
			errs := v.validateYAML([]byte(d))
			if (len(problems) == 0) != (len(errs) == 0) {
				t.Errorf("%s %q: loader problems %v, schema errors %v", what, s, problems, errs)
			}
		}
	}
}

// validator checks generic values against the subset of JSON Schema that
// the generator emits; any other keyword fails the test, so the validator
// and the generator cannot drift apart either.
type validator struct {
	t    *testing.T
	root map[string]any
	res  map[string]*regexp.Regexp
	// walking holds the struct types TestSchemaMatchesTypes is comparing.
	walking map[reflect.Type]bool
}

func newValidator(t *testing.T) *validator {
	t.Helper()
	data, err := schema.Procedure()
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" || root["$id"] != schema.ID {
		t.Fatalf("$schema %v, $id %v", root["$schema"], root["$id"])
	}
	return &validator{t: t, root: root, res: map[string]*regexp.Regexp{}, walking: map[reflect.Type]bool{}}
}

// validateYAML decodes a YAML document into generic values and validates it.
func (v *validator) validateYAML(data []byte) []string {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []string{err.Error()}
	}
	x, err := generic(&doc)
	if err != nil {
		return []string{err.Error()}
	}
	return v.validate(v.root, x, "")
}

// deref follows $ref to a definition.
func (v *validator) deref(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		def, _ := v.root["$defs"].(map[string]any)[name].(map[string]any)
		if !ok || def == nil {
			v.t.Fatalf("unresolvable $ref %q", ref)
		}
		s = def
	}
}

// objectBranch is s, or its only anyOf/oneOf branch with properties.
func (v *validator) objectBranch(s map[string]any) map[string]any {
	s = v.deref(s)
	if _, ok := s["properties"]; ok {
		return s
	}
	var found map[string]any
	for _, key := range []string{"anyOf", "oneOf"} {
		branches, _ := s[key].([]any)
		for _, b := range branches {
			if o := v.objectBranch(b.(map[string]any)); o != nil {
				if found != nil {
					return nil
				}
				found = o
			}
		}
	}
	return found
}

func (v *validator) regexp(p string) *regexp.Regexp {
	re, ok := v.res[p]
	if !ok {
		re = regexp.MustCompile(p)
		v.res[p] = re
	}
	return re
}

func (v *validator) validate(s any, x any, path string) []string {
	if b, ok := s.(bool); ok {
		if !b {
			return []string{path + ": not allowed"}
		}
		return nil
	}
	sch, ok := s.(map[string]any)
	if !ok {
		v.t.Fatalf("schema at %s is %T", path, s)
	}
	at := path
	if at == "" {
		at = "/"
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	keys := make([]string, 0, len(sch))
	for k := range sch {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	obj, isObj := x.(map[string]any)
	for _, k := range keys {
		val := sch[k]
		switch k {
		case "$schema", "$id", "$defs", "title", "description", "default":
		case "$ref":
			errs = append(errs, v.validate(v.deref(map[string]any{"$ref": val}), x, path)...)
		case "type":
			types, ok := val.([]any)
			if !ok {
				types = []any{val}
			}
			matched := false
			for _, ty := range types {
				matched = matched || hasType(x, ty.(string))
			}
			if !matched {
				fail("expected %v, found %s", val, describe(x))
			}
		case "enum":
			found := false
			for _, e := range val.([]any) {
				found = found || equal(e, x)
			}
			if !found {
				fail("%s is not one of %v", describe(x), val)
			}
		case "pattern":
			if str, ok := x.(string); ok && !v.regexp(val.(string)).MatchString(str) {
				fail("%q does not match %s", str, val)
			}
		case "minimum":
			if n, ok := number(x); ok && n < val.(float64) {
				fail("%v is less than %v", n, val)
			}
		case "maximum":
			if n, ok := number(x); ok && n > val.(float64) {
				fail("%v is more than %v", n, val)
			}
		case "required":
			if isObj {
				for _, r := range val.([]any) {
					if _, ok := obj[r.(string)]; !ok {
						fail("missing key %q", r)
					}
				}
			}
		case "propertyNames":
			if isObj {
				for _, name := range sortedKeys(obj) {
					for _, e := range v.validate(val, name, "") {
						fail("key %q: %s", name, strings.TrimPrefix(e, "/: "))
					}
				}
			}
		case "properties", "patternProperties", "additionalProperties":
			// applied together, once, below
		case "items":
			if list, ok := x.([]any); ok {
				for i, item := range list {
					errs = append(errs, v.validate(val, item, fmt.Sprintf("%s/%d", path, i))...)
				}
			}
		case "anyOf", "oneOf":
			var passed int
			var branchErrs []string
			for _, b := range val.([]any) {
				e := v.validate(b, x, path)
				if len(e) == 0 {
					passed++
				}
				branchErrs = append(branchErrs, e...)
			}
			switch {
			case passed == 0:
				fail("no branch of %s matches: %s", k, strings.Join(branchErrs, "; "))
			case k == "oneOf" && passed > 1:
				fail("%d branches of oneOf match, exactly one must", passed)
			}
		default:
			v.t.Fatalf("the test validator does not know keyword %q (at %s)", k, at)
		}
	}
	if _, ok := sch["properties"]; ok || sch["patternProperties"] != nil || sch["additionalProperties"] != nil {
		if isObj {
			errs = append(errs, v.properties(sch, obj, path)...)
		}
	}
	return errs
}

// properties applies properties, patternProperties and additionalProperties.
func (v *validator) properties(sch, obj map[string]any, path string) []string {
	props, _ := sch["properties"].(map[string]any)
	patterns, _ := sch["patternProperties"].(map[string]any)
	var errs []string
	for _, name := range sortedKeys(obj) {
		sub := path + "/" + name
		matched := false
		if p, ok := props[name]; ok {
			matched = true
			errs = append(errs, v.validate(p, obj[name], sub)...)
		}
		for pat, p := range patterns {
			if v.regexp(pat).MatchString(name) {
				matched = true
				errs = append(errs, v.validate(p, obj[name], sub)...)
			}
		}
		if matched {
			continue
		}
		switch add := sch["additionalProperties"].(type) {
		case nil:
		case bool:
			if !add {
				at := path
				if at == "" {
					at = "/"
				}
				errs = append(errs, fmt.Sprintf("%s: unknown key %q", at, name))
			}
		default:
			errs = append(errs, v.validate(add, obj[name], sub)...)
		}
	}
	return errs
}

func hasType(x any, ty string) bool {
	switch ty {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "null":
		return x == nil
	case "number":
		_, ok := number(x)
		return ok
	case "integer":
		n, ok := number(x)
		return ok && n == math.Trunc(n)
	}
	panic("unknown type " + ty)
}

func number(x any) (float64, bool) {
	switch n := x.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func equal(a, b any) bool {
	if na, ok := number(a); ok {
		nb, ok := number(b)
		return ok && na == nb
	}
	return a == b
}

func describe(x any) string {
	switch x := x.(type) {
	case nil:
		return "nothing"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprintf("%v", x)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// generic turns a YAML node into the values a JSON document would hold:
// mappings, lists, strings, int64 and float64 numbers, booleans and nil.
// Aliases are followed and merge keys (<<) expanded as the loader does:
// keys written in the mapping win, then the first merged mapping.
func generic(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return generic(n.Content[0])
	case yaml.AliasNode:
		return generic(n.Alias)
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, item := range n.Content {
			x, err := generic(item)
			if err != nil {
				return nil, err
			}
			list[i] = x
		}
		return list, nil
	case yaml.MappingNode:
		m := map[string]any{}
		var merged []map[string]any
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			x, err := generic(val)
			if err != nil {
				return nil, err
			}
			if k.Tag == "!!merge" {
				sources := []any{x}
				if list, ok := x.([]any); ok {
					sources = list
				}
				for _, src := range sources {
					sm, ok := src.(map[string]any)
					if !ok {
						return nil, fmt.Errorf("line %d: << must be followed by an alias to a mapping", k.Line)
					}
					merged = append(merged, sm)
				}
				continue
			}
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a key must be a single value", k.Line)
			}
			m[k.Value] = x
		}
		for _, sm := range merged {
			for k, x := range sm {
				if _, ok := m[k]; !ok {
					m[k] = x
				}
			}
		}
		return m, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int":
			var i int64
			if err := n.Decode(&i); err == nil {
				return i, nil
			}
			fallthrough
		case "!!float":
			var f float64
			err := n.Decode(&f)
			return f, err
		default: // !!str, !!timestamp (a date is text in JSON), !!binary…
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}
