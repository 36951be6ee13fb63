package procedure

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// syntaxProblem explains a YAML syntax error. yaml.v3 reports the line
// where the enclosing block starts (an indentation mistake at line 178 is
// reported at line 150, a tab one line early), so the line the author must
// change is found again: it is the first line whose prefix of the file no
// longer parses. That line is then read to name the cause in plain words.
func syntaxProblem(file string, data []byte, err error) Problem {
	reported, msg := yamlErrorLine(err)
	lines := strings.Split(string(data), "\n")
	line := firstBadLine(lines, reported)
	if line == 0 {
		line = max(reported, 1)
		return keyed(file, line, 1, explainYAMLError(msg))
	}
	text := lines[line-1]
	if col := tabInIndent(text); col > 0 {
		return keyed(file, line, col, explainTab())
	}
	if prev := prevMeaningful(lines, line); prev > 0 && strings.Contains(keyOf(text), " ") &&
		indentOf(lines[prev-1]) > indentOf(text) && !strings.Contains(strings.TrimSpace(lines[prev-1]), ": ") {
		// Prose, not a key: the line continues the text above, one step left of it.
		return keyed(file, line, indentOf(text)+1, explainTextContinuation(prev, indentOf(lines[prev-1])+1))
	}
	if p, ok := inFoldedText(lines, line); ok {
		p.File = file
		return p
	}
	if p, ok := misaligned(lines, line); ok {
		p.File = file
		return p
	}
	if col := colonInValue(text); col > 0 {
		return keyed(file, line, col, explainColonInValue(keyOf(text)))
	}
	return keyed(file, line, indentOf(text)+1, explainYAMLError(msg))
}

// yamlErrorLine splits "yaml: line N: message" into N and message.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, after, _ := strings.Cut(rest, ":")
		if n, ok := atoi(num); ok {
			return n, strings.TrimSpace(after)
		}
	}
	return 1, msg
}

// firstBadLine is the first line n such that lines 1..n do not parse, or 0.
// The search starts a line before the reported one: everything before the
// block yaml.v3 reports parses. A prefix cut inside a quoted text or a flow
// list fails only for lack of its end, which is not the mistake: those
// failures are skipped.
func firstBadLine(lines []string, reported int) int {
	for n := max(reported-1, 1); n <= len(lines); n++ {
		var doc yaml.Node
		err := yaml.Unmarshal([]byte(strings.Join(lines[:n], "\n")+"\n"), &doc)
		if err != nil && !strings.Contains(err.Error(), "end of stream") {
			return n
		}
	}
	return 0
}

// tabInIndent is the column of a tab in the indentation of text, or 0.
func tabInIndent(text string) int {
	for i, r := range text {
		switch r {
		case '\t':
			return len([]rune(text[:i])) + 1
		case ' ', '-':
			continue
		}
		return 0
	}
	return 0
}

func indentOf(text string) int { return len(text) - len(strings.TrimLeft(text, " ")) }

// keyOf is the key a line starts ("- id: x" → "id"), or "".
func keyOf(text string) string {
	t := strings.TrimLeft(text, " ")
	for strings.HasPrefix(t, "- ") {
		t = strings.TrimLeft(t[2:], " ")
	}
	if k, _, ok := strings.Cut(t, ":"); ok && !strings.ContainsAny(k, "\"'{[#") {
		return strings.TrimSpace(k)
	}
	return ""
}

// keyColumn is where the key of a line starts, after any "- ": the column
// (from 0) its sibling keys must be aligned on.
func keyColumn(text string) int {
	i := indentOf(text)
	for strings.HasPrefix(text[i:], "- ") {
		i += 2
		i += indentOf(text[i:])
	}
	return i
}

// colonInValue is the column of a ": " inside the plain value of a
// "key: value" line (the case where quoting is the right fix), or 0.
func colonInValue(text string) int {
	t := text[keyColumn(text):]
	_, value, ok := strings.Cut(t, ": ")
	value = strings.TrimSpace(value)
	if !ok || value == "" || strings.ContainsAny(value[:1], "\"'{[|>&*#") {
		return 0
	}
	if i := strings.Index(value, ": "); i >= 0 || strings.HasSuffix(value, ":") {
		return len([]rune(text[:strings.Index(text, value)])) + 1
	}
	return 0
}

// meaningful says whether a line holds YAML content (not blank, not a comment).
func meaningful(text string) bool {
	t := strings.TrimSpace(text)
	return t != "" && !strings.HasPrefix(t, "#")
}

// hasValue says whether a "key: value" line gives its key a value on the
// same line, so that nothing may be indented under it.
func hasValue(text string) bool {
	t := text[keyColumn(text):]
	_, value, ok := strings.Cut(t, ":")
	if !ok {
		return false
	}
	value = strings.TrimSpace(value)
	if i := strings.Index(value, " #"); i >= 0 {
		value = strings.TrimSpace(value[:i])
	}
	if value == "" || strings.HasPrefix(value, "#") || strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">") {
		return false
	}
	// An anchor alone ("key: &name") opens a block under it.
	return !(strings.HasPrefix(value, "&") && !strings.Contains(value, " "))
}

// misaligned explains line n when its indentation does not match the lines
// before it: too far right under a key that already has a value, or on no
// column that an open block uses.
func misaligned(lines []string, n int) (Problem, bool) {
	text := lines[n-1]
	if !meaningful(text) || keyOf(text) == "" && !strings.HasPrefix(strings.TrimLeft(text, " "), "- ") {
		return Problem{}, false
	}
	prev := n - 1
	for prev > 0 && !meaningful(lines[prev-1]) {
		prev--
	}
	if prev == 0 {
		return Problem{}, false
	}
	at, ind := indentOf(text), indentOf(text)
	pt := lines[prev-1]
	if p, ok := oddPrevious(lines, n, prev); ok {
		return p, true
	}
	if isItem(text) && isItem(pt) && ind > indentOf(pt) && hasItemValue(pt) {
		return keyed("", n, at+1, explainItemTooFarRight(ind-indentOf(pt), prev, indentOf(pt)+1)), true
	}
	if pk := keyColumn(pt); ind > pk && hasValue(pt) && keyOf(pt) != "" {
		return keyed("", n, at+1, explainTooFarRight(keyOf(text), ind-pk, keyOf(pt), prev, pk+1)), true
	}
	if ind > keyColumn(pt) {
		return Problem{}, false // nested under a key that opens a block: fine
	}
	// The columns still open at line n: the previous line's, then each
	// enclosing line's, walking back to the left margin.
	type level struct{ col, line int }
	var open []level
	limit := 1 << 30
	for i := prev; i > 0; i-- {
		t := lines[i-1]
		if !meaningful(t) || indentOf(t) >= limit {
			continue
		}
		limit = indentOf(t)
		// A list item lines up with other items' dashes, a key with keys.
		if !isItem(text) || i == prev && !hasValue(t) {
			open = append(open, level{keyColumn(t), i})
		}
		if isItem(t) && isItem(text) {
			open = append(open, level{indentOf(t), i})
		}
		if limit == 0 {
			break
		}
	}
	var right, left *level
	for i := range open {
		l := &open[i]
		if l.col == ind {
			return Problem{}, false // aligned: the mistake is elsewhere
		}
		if l.col > ind && (right == nil || l.col < right.col) {
			right = l
		}
		if l.col < ind && (left == nil || l.col > left.col) {
			left = l
		}
	}
	if right == nil && left == nil {
		return Problem{}, false
	}
	var choices []alignChoice
	for _, l := range []*level{right, left} {
		if l != nil {
			key := keyOf(lines[l.line-1])
			if l.col != keyColumn(lines[l.line-1]) {
				key = "-" // the dash of a list item
			}
			choices = append(choices, alignChoice{key: key, line: l.line, column: l.col + 1})
		}
	}
	return keyed("", n, at+1, explainMisaligned(keyOf(text), choices)), true
}

// alignChoice is a column a misaligned line may move to: that of key at line.
type alignChoice struct {
	key          string
	line, column int
}

// nextMeaningful is the first line after n holding YAML content, or 0.
func nextMeaningful(lines []string, n int) int {
	for i := n + 1; i <= len(lines); i++ {
		if meaningful(lines[i-1]) {
			return i
		}
	}
	return 0
}

// oddPrevious explains line n by the line before it, prev, when prev is
// the one out of line: the lines around it agree with each other and not
// with it (two lines against one). yaml.v3 only notices at the line after.
func oddPrevious(lines []string, n, prev int) (Problem, bool) {
	text, pt := lines[n-1], lines[prev-1]
	ind, pind := indentOf(text), indentOf(pt)
	next := nextMeaningful(lines, n)
	agree := next > 0 && indentOf(lines[next-1]) == ind && isItem(lines[next-1]) == isItem(text)
	item := isItem
	// A list item whose first key is not on the column of the keys under it.
	if pk := keyColumn(pt); item(pt) && !item(text) && keyOf(pt) != "" && ind >= pind && pk != ind && agreeLater(lines, n) {
		return keyed("", prev, pind+1, explainItemKeyOffColumn(keyOf(pt), ind-pk, keyOf(text), n, ind+1)), true
	}
	if pind == ind {
		return Problem{}, false
	}
	pp := prev - 1
	for pp > 0 && !meaningful(lines[pp-1]) {
		pp--
	}
	if pp > 0 && opensText(lines[pp-1]) {
		return Problem{}, false // prev is a line of text, not a key
	}
	between := pp > 0 && indentOf(lines[pp-1]) == ind && item(lines[pp-1]) == item(text) && item(pt) == item(text)
	// prev is the first line of a block whose next lines agree.
	first := item(pt) == item(text) && agree && pp > 0 && indentOf(lines[pp-1]) < min(pind, ind) && !hasValue(lines[pp-1])
	// prev sits on the column of the key that opens its block ("messages:"
	// left empty), and the next line is indented as prev should be.
	opened := item(pt) == item(text) && pp > 0 && ind > pind && indentOf(lines[pp-1]) == pind &&
		keyOf(lines[pp-1]) != "" && !isItem(lines[pp-1]) && !hasValue(lines[pp-1])
	if !between && !first && !opened {
		return Problem{}, false
	}
	return keyed("", prev, pind+1, explainOddLine(keyOf(pt), pind-ind, n, ind+1)), true
}

// isItem says whether a line is a list item ("- …").
func isItem(text string) bool { return strings.HasPrefix(strings.TrimLeft(text, " "), "- ") }

// hasItemValue says whether a list item holds its whole value on its line
// (a text, or a key with its value), so that a deeper item cannot follow.
func hasItemValue(text string) bool {
	rest := strings.TrimSpace(text[keyColumn(text):])
	if keyOf(text) != "" {
		return hasValue(text)
	}
	return rest != "" && !strings.HasPrefix(rest, "|") && !strings.HasPrefix(rest, ">")
}

// agreeLater says whether a line after n, in the same block, starts on the
// same column as line n, of the same kind (item or key).
func agreeLater(lines []string, n int) bool {
	ind, item := indentOf(lines[n-1]), isItem(lines[n-1])
	for i := n + 1; i <= len(lines); i++ {
		t := lines[i-1]
		switch {
		case !meaningful(t) || indentOf(t) > ind:
			continue
		case indentOf(t) < ind:
			return false
		}
		return isItem(t) == item
	}
	return false
}

// inFoldedText explains line n when it is inside a text written after
// "|" or ">": all its lines keep the column of its first line.
func inFoldedText(lines []string, n int) (Problem, bool) {
	ind := indentOf(lines[n-1])
	first := 0
	for i := n - 1; i > 0; i-- {
		t := lines[i-1]
		if !meaningful(t) {
			continue
		}
		if indentOf(t) < ind || first == 0 && indentOf(t) <= ind {
			if first != 0 && opensText(t) {
				fi := indentOf(lines[first-1])
				return keyed("", n, ind+1, explainFoldedText(i, fi+1, first, ind+1)), true
			}
			return Problem{}, false
		}
		first = i
	}
	return Problem{}, false
}

// opensText says whether a line ends with a "|" or ">" that starts a text
// written on the lines under it.
func opensText(text string) bool {
	t := strings.TrimSpace(text)
	if i := strings.Index(t, " #"); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	t = strings.TrimRight(t, "+-0123456789")
	return strings.HasSuffix(t, ": |") || strings.HasSuffix(t, ": >") || strings.HasSuffix(t, "- |") || strings.HasSuffix(t, "- >")
}

// prevMeaningful is the last line before n holding YAML content, or 0.
func prevMeaningful(lines []string, n int) int {
	for i := n - 1; i > 0; i-- {
		if meaningful(lines[i-1]) {
			return i
		}
	}
	return 0
}
