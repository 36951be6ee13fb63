package procedure

import (
	"fmt"
	"strings"
)

// The messages below explain an author's mistake in plain French, without
// YAML or Go vocabulary. Each message is built by one function, so that it
// can become a locale key (locales/auteur) with its arguments.

// explainTab: a tab in the indentation.
func explainTab() string {
	return "YAML invalide : cette ligne est décalée avec une tabulation. " +
		"Le décalage en début de ligne doit être fait avec des espaces : remplacez la tabulation (→) par des espaces, " +
		"autant que sur les lignes voisines du même niveau"
}

// explainTooFarRight: a key indented under a key that already has a value.
func explainTooFarRight(key string, by int, prevKey string, prevLine, prevColumn int) string {
	return fmt.Sprintf("YAML invalide : %s est décalé de %s vers la droite. "+
		"« %s » (ligne %d) a déjà sa valeur : rien ne peut être décalé sous lui. "+
		"Si %s est au même niveau, faites-le commencer en colonne %d, comme « %s »",
		keyWords(key), spaces(by), prevKey, prevLine, keyWords(key), prevColumn, prevKey)
}

// explainItemKeyOffColumn: the first key of a list item is not on the
// column of the keys under it (by > 0: left of them).
func explainItemKeyOffColumn(key string, by int, nextKey string, nextLine, nextColumn int) string {
	side, move := "à gauche", "vers la droite"
	if by < 0 {
		side, move, by = "à droite", "vers la gauche", -by
	}
	return fmt.Sprintf("YAML invalide : après le tiret « - », %s commence %s plus %s que %s (ligne %d) et les clés qui suivent. "+
		"Décalez le tiret de %s %s pour que %s commence en colonne %d, ou alignez les lignes suivantes sur %s",
		keyWords(key), spaces(by), side, keyWords(nextKey), nextLine, spaces(by), move, keyWords(key), nextColumn, keyWords(key))
}

// explainOddLine: a line out of line with the lines before and after it
// (by > 0: too far right).
func explainOddLine(key string, by, nextLine, column int) string {
	move := "vers la droite"
	if by < 0 {
		move, by = "vers la gauche", -by
	}
	return fmt.Sprintf("YAML invalide : %s est décalée de %s %s par rapport à ses voisines (ligne %d). "+
		"Faites-la commencer en colonne %d, comme elles",
		lineWords(key), spaces(by), move, nextLine, column)
}

// explainItemTooFarRight: a list item right of the item before it.
func explainItemTooFarRight(by, prevLine, column int) string {
	return fmt.Sprintf("YAML invalide : cet élément de liste est décalé de %s vers la droite par rapport à celui de la ligne %d. "+
		"Faites commencer son tiret « - » en colonne %d, comme celui de la ligne %d",
		spaces(by), prevLine, column, prevLine)
}

// explainFoldedText: a line of a text written after "|" or ">" left of the
// column its first line set.
func explainFoldedText(opener, column, firstLine, got int) string {
	return fmt.Sprintf("YAML invalide : le texte écrit après « > » ou « | » (ligne %d) doit garder le décalage de sa première ligne : "+
		"la ligne %d commence en colonne %d, celle-ci en colonne %d. Faites commencer toutes ses lignes en colonne %d",
		opener, firstLine, column, got, column)
}

// explainTextContinuation: a line of a long text written left of the
// lines it continues, so that it reads as a new key.
func explainTextContinuation(prevLine, column int) string {
	return fmt.Sprintf("YAML invalide : cette ligne continue le texte des lignes au-dessus, mais elle est décalée plus à gauche qu'elles. "+
		"Faites-la commencer en colonne %d, comme la ligne %d", column, prevLine)
}

// explainMisaligned: a line on no column an open block uses.
func explainMisaligned(key string, choices []alignChoice) string {
	options := make([]string, len(choices))
	for i, c := range choices {
		what := "« " + c.key + " »"
		switch c.key {
		case "-":
			what = "le tiret « - »"
		case "":
			what = "le début de la ligne"
		}
		options[i] = fmt.Sprintf("en colonne %d, comme %s (ligne %d)", c.column, what, c.line)
	}
	return fmt.Sprintf("YAML invalide : le décalage de %s ne correspond à aucun niveau au-dessus. "+
		"Faites-la commencer %s",
		lineWords(key), strings.Join(options, ", ou "))
}

// explainColonInValue: a value holding ": " (the one case where quoting is the fix).
func explainColonInValue(key string) string {
	return fmt.Sprintf("YAML invalide : la valeur de « %s » contient « : », qui sépare d'habitude une clé de sa valeur. "+
		"Mettez toute la valeur entre guillemets (\"…\"), ou écrivez-la sur les lignes suivantes après « > »", key)
}

// explainYAMLError: any other syntax error, in yaml.v3's words when they
// are not among the common ones. It gives no fix: the cause is not known.
func explainYAMLError(msg string) string {
	switch {
	case strings.Contains(msg, "did not find expected key"):
		msg = "une clé (« nom: ») était attendue ici"
	case strings.Contains(msg, "did not find expected '-' indicator"):
		msg = "un élément de liste (« - ») était attendu ici"
	case strings.Contains(msg, "mapping values are not allowed"):
		msg = "« : » n'est pas attendu ici"
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		msg = "une accolade « { » ouverte ici n'est pas fermée par « } »"
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		msg = "un crochet « [ » ouvert ici n'est pas fermé par « ] »"
	}
	return "YAML invalide : " + msg + ". Comparez le décalage de cette ligne avec celui des lignes au-dessus"
}

// explainReused: a mistake inside a block reused with <<: *name is reported once.
func explainReused(times int) string {
	return fmt.Sprintf(" — ce bloc est réutilisé %d fois (<<: *…) : une seule correction ici suffit", times)
}

func keyWords(key string) string {
	if key == "" {
		return "cette ligne"
	}
	return "« " + key + " »"
}

func lineWords(key string) string {
	if key == "" {
		return "cette ligne"
	}
	return "la ligne « " + key + " »"
}

func spaces(n int) string {
	if n == 1 {
		return "1 espace"
	}
	return fmt.Sprintf("%d espaces", n)
}

// explainNotACondition: a when:/rule: that gives a number or a text, not oui/non.
func explainNotACondition(src, got, example string) string {
	msg := fmt.Sprintf("la condition « %s » donne %s, pas oui/non", src, got)
	if example != "" {
		msg += fmt.Sprintf(" : comparez-la, par exemple « %s »", example)
	}
	return msg
}

// explainMismatch: an operation between two values of different kinds,
// such as « age == "2" » compare un nombre (age) à un texte ("2").
func explainMismatch(src, op, left, leftText, right, rightText, fix string) string {
	side := func(kind, text string) string {
		if text == "" {
			return kind
		}
		return fmt.Sprintf("%s (%s)", kind, text)
	}
	var msg string
	switch op {
	case "==", "!=", "<", ">", "<=", ">=":
		msg = fmt.Sprintf("« %s » compare %s à %s", src, side(left, leftText), side(right, rightText))
	default:
		msg = fmt.Sprintf("dans « %s », « %s » ne peut pas combiner %s et %s", src, op, side(left, leftText), side(right, rightText))
	}
	if fix == "" {
		return msg + " : les deux côtés doivent être du même genre"
	}
	return msg + " : " + fix
}

func fixUnquoteNumber(n string) string { return fmt.Sprintf("écrivez %s, sans guillemets", n) }

func fixNumberInDigits() string {
	return "un nombre s'écrit en chiffres, sans guillemets (par exemple 2)"
}

func fixQuoteNumber(n string) string {
	return fmt.Sprintf("c'est un texte : écrivez \"%s\", entre guillemets", n)
}

func fixYesNo(name string) string {
	if name == "" {
		return "une réponse oui/non se teste sans guillemets : écrivez true ou false"
	}
	return fmt.Sprintf("une réponse oui/non se teste sans guillemets : écrivez « %s » pour oui, « not %s » pour non", name, name)
}

func fixDate() string {
	return "une date se compare à une autre date, par exemple today() ou addMonths(today(), -6)"
}
