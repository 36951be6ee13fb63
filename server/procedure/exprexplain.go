package procedure

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// expr-lang's checker speaks Go ("mismatched types float64 and string");
// these patterns find its type errors so that they can be said in an
// author's words.
var (
	mismatched = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched types (\S+) and (\S+)\)`)
	notBool    = regexp.MustCompile(`^expected bool, but got (\S+)`)
)

// explainExprType rewrites a type error of expression src, or says false
// when msg is not one.
func explainExprType(src, msg string) (authoring.Nested, bool) {
	if m := notBool.FindStringSubmatch(msg); m != nil {
		return explainNotACondition(src, typeWords(m[1]), conditionExample(src, m[1])), true
	}
	m := mismatched.FindStringSubmatch(msg)
	if m == nil {
		return authoring.Nested{}, false
	}
	op, left, right := m[1], m[2], m[3]
	var ln, rn ast.Node
	if b := findBinary(src, op); b != nil {
		ln, rn = b.Left, b.Right
	}
	fix := typeFix(left, right, ln, rn)
	if fix == nil {
		fix = typeFix(right, left, rn, ln)
	}
	return explainMismatch(src, op, typeWords(left), nodeWords(src, ln), typeWords(right), nodeWords(src, rn), fix), true
}

// typeWords names a Go type the way an author knows it.
func typeWords(goType string) authoring.Nested { return msg(typeKeys[typeKind(goType)]) }

var typeKeys = map[string]string{
	"list": "expr.type_list", "text": "expr.type_text", "yes_no": "expr.type_yes_no",
	"date": "expr.type_date", "number": "expr.type_number", "other": "expr.type_other",
}

// typeKind is the kind of a Go type an author knows: list, text, yes_no,
// date, number or other.
func typeKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "list"
	case goType == "string":
		return "text"
	case goType == "bool":
		return "yes_no"
	case goType == "time.Time":
		return "date"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "number"
	}
	return "other"
}

func isNumber(goType string) bool { return typeKind(goType) == "number" }

// typeFix is the correction when side a (of type ta, written as node na)
// meets side b; "" when none is sure.
func typeFix(ta, tb string, na, nb ast.Node) any {
	s, quoted := nb.(*ast.StringNode)
	switch {
	case isNumber(ta) && tb == "string" && quoted:
		if _, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s.Value), ",", "."), 64); err == nil {
			return fixUnquoteNumber(strings.ReplaceAll(strings.TrimSpace(s.Value), ",", "."))
		}
		return fixNumberInDigits()
	case ta == "string" && isNumber(tb) && isLiteralNumber(nb):
		return fixQuoteNumber(literalText(nb))
	case ta == "bool" && tb == "string" && quoted:
		return fixYesNo(identName(na))
	case ta == "time.Time" && (tb == "string" || isNumber(tb)):
		return fixDate()
	}
	return nil
}

func isLiteralNumber(n ast.Node) bool {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		return true
	}
	return false
}

func literalText(n ast.Node) string {
	switch v := n.(type) {
	case *ast.IntegerNode:
		return strconv.Itoa(v.Value)
	case *ast.FloatNode:
		return strconv.FormatFloat(v.Value, 'f', -1, 64)
	}
	return ""
}

func identName(n ast.Node) string {
	if id, ok := n.(*ast.IdentifierNode); ok {
		return id.Value
	}
	return ""
}

// nodeWords quotes what the author wrote for a side: a name, a text, a number.
func nodeWords(src string, n ast.Node) string {
	switch v := n.(type) {
	case *ast.IdentifierNode:
		return v.Value
	case *ast.StringNode:
		return strconv.Quote(v.Value)
	case *ast.IntegerNode, *ast.FloatNode:
		return literalText(n)
	}
	return ""
}

// findBinary is the first operation op in src, to see what each side is.
func findBinary(src, op string) *ast.BinaryNode {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil
	}
	f := &binaryFinder{op: op}
	ast.Walk(&tree.Node, f)
	return f.found
}

type binaryFinder struct {
	op    string
	found *ast.BinaryNode
}

func (f *binaryFinder) Visit(n *ast.Node) {
	if b, ok := (*n).(*ast.BinaryNode); ok && b.Operator == f.op && f.found == nil {
		f.found = b
	}
}

// conditionExample is a condition built on src when src gives a value of
// goType instead of oui/non.
func conditionExample(src, goType string) string {
	switch {
	case isNumber(goType):
		return src + " > 0"
	case goType == "string":
		return src + ` != ""`
	case goType == "time.Time":
		return src + " < today()"
	case strings.HasPrefix(goType, "[]"):
		return "len(" + src + ") > 0"
	}
	return ""
}
