package procedure

import (
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// The explanations of YAML syntax errors and expression type errors, in
// plain words: each is a key of the authoring catalogue (yaml.*, expr.*)
// with its arguments, so that it prints in the reader's language.

// msg is a message of the catalogue with its arguments (name/value pairs).
func msg(key string, args ...any) authoring.Nested { return authoring.Nested{Key: key, Args: args} }

// keyed is the problem at line and column of file that m says.
func keyed(file string, line, column int, m authoring.Nested) Problem {
	return NewProblem(file, Pos{line, column}, m.Key, m.Args...)
}

func explainTab() authoring.Nested { return msg("yaml.tab") }

func explainTooFarRight(key string, by int, prevKey string, prevLine, prevColumn int) authoring.Nested {
	return msg("yaml.too_far_right", "What", keyWords(key), "Spaces", spaces(by),
		"Prev", q(prevKey), "PrevLine", prevLine, "Column", prevColumn)
}

func explainItemKeyOffColumn(key string, by int, nextKey string, nextLine, nextColumn int) authoring.Nested {
	k := "yaml.item_key_left"
	if by < 0 {
		k, by = "yaml.item_key_right", -by
	}
	return msg(k, "What", keyWords(key), "Spaces", spaces(by), "Next", keyWords(nextKey),
		"NextLine", nextLine, "Column", nextColumn)
}

func explainOddLine(key string, by, nextLine, column int) authoring.Nested {
	k := "yaml.odd_line_right"
	if by < 0 {
		k, by = "yaml.odd_line_left", -by
	}
	return msg(k, "What", lineWords(key), "Spaces", spaces(by), "NextLine", nextLine, "Column", column)
}

func explainItemTooFarRight(by, prevLine, column int) authoring.Nested {
	return msg("yaml.item_too_far_right", "Spaces", spaces(by), "PrevLine", prevLine, "Column", column)
}

func explainFoldedText(opener, column, firstLine, got int) authoring.Nested {
	return msg("yaml.folded_text", "Opener", opener, "FirstLine", firstLine, "Column", column, "Got", got)
}

func explainTextContinuation(prevLine, column int) authoring.Nested {
	return msg("yaml.text_continuation", "PrevLine", prevLine, "Column", column)
}

func explainMisaligned(key string, choices []alignChoice) authoring.Nested {
	options := make([]authoring.Nested, len(choices))
	for i, c := range choices {
		var what any = q(c.key)
		switch c.key {
		case "-":
			what = msg("yaml.the_dash")
		case "":
			what = msg("yaml.line_start")
		}
		options[i] = msg("yaml.align_choice", "Column", c.column, "What", what, "Line", c.line)
	}
	if len(options) == 1 {
		return msg("yaml.misaligned", "What", lineWords(key), "Choice", options[0])
	}
	return msg("yaml.misaligned_two", "What", lineWords(key), "Choice", options[0], "Other", options[1])
}

func explainColonInValue(key string) authoring.Nested {
	return msg("yaml.colon_in_value", "Key", q(key))
}

func explainYAMLError(detail string) authoring.Nested {
	var what any = detail
	for _, c := range []struct{ yaml, key string }{
		{"did not find expected key", "yaml.want_key"},
		{"did not find expected '-' indicator", "yaml.want_item"},
		{"mapping values are not allowed", "yaml.colon_here"},
		{"did not find expected ',' or '}'", "yaml.unclosed_brace"},
		{"did not find expected ',' or ']'", "yaml.unclosed_bracket"},
	} {
		if strings.Contains(detail, c.yaml) {
			what = msg(c.key)
			break
		}
	}
	return msg("yaml.invalid", "Detail", what)
}

func explainReused(times int) authoring.Nested { return msg("yaml.reused", "Times", times) }

func keyWords(key string) any {
	if key == "" {
		return msg("yaml.this_line")
	}
	return q(key)
}

func lineWords(key string) any {
	if key == "" {
		return msg("yaml.this_line")
	}
	return msg("yaml.the_line", "Key", q(key))
}

func spaces(n int) authoring.Nested { return msg("yaml.spaces", "N", n) }

func explainNotACondition(src string, got authoring.Nested, example string) authoring.Nested {
	if example == "" {
		return msg("expr.not_condition", "Expr", q(src), "Got", got)
	}
	return msg("expr.not_condition_example", "Expr", q(src), "Got", got, "Example", q(example))
}

func explainMismatch(src, op string, left authoring.Nested, leftText string, right authoring.Nested, rightText string, fix any) authoring.Nested {
	side := func(kind authoring.Nested, text string) any {
		if text == "" {
			return kind
		}
		return msg("expr.side", "Kind", kind, "Text", text)
	}
	if fix == nil {
		fix = msg("expr.fix_same_kind")
	}
	switch op {
	case "==", "!=", "<", ">", "<=", ">=":
		return msg("expr.compares", "Expr", q(src), "Left", side(left, leftText), "Right", side(right, rightText), "Fix", fix)
	}
	return msg("expr.combines", "Expr", q(src), "Op", q(op), "Left", side(left, leftText), "Right", side(right, rightText), "Fix", fix)
}

func fixUnquoteNumber(n string) authoring.Nested { return msg("expr.fix_unquote_number", "Number", n) }

func fixNumberInDigits() authoring.Nested { return msg("expr.fix_number_in_digits") }

func fixQuoteNumber(n string) authoring.Nested { return msg("expr.fix_quote_number", "Number", n) }

func fixYesNo(name string) authoring.Nested {
	if name == "" {
		return msg("expr.fix_yes_no")
	}
	return msg("expr.fix_yes_no_name", "Name", q(name), "Not", q("not "+name))
}

func fixDate() authoring.Nested { return msg("expr.fix_date") }
