// Package repetition embeds the data folders of the sandbox (procedures,
// themes, locales, content) so that one binary carries its defaults.
package repetition

import "embed"

// Files holds procedures/, themes/, locales/ and content/.
//
//go:embed all:procedures all:themes all:locales all:content
var Files embed.FS
