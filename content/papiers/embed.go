// Package papiers embeds the kinds of fake paper the sandbox draws in
// "Mes papiers" (one YAML file per kind, named after it), so that the
// procedure loader has them without being handed a folder.
package papiers

import "embed"

// Files holds the *.yaml kinds of paper.
//
//go:embed *.yaml
var Files embed.FS
