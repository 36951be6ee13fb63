package web

import "unicode"

// invisible reports whether r shows nothing, or changes how the text
// around it shows: a format character (category Cf: the bidirectional
// controls such as U+202E, which turns "nivéK" into "Kévin" on screen,
// zero-width spaces and joiners, the byte order mark, the soft hyphen) or
// another default-ignorable one (the Hangul fillers, blank "letters").
// A pseudonym or a comment holding one reads differently from what it is.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}
