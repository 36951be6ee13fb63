// Package foyers embeds the fictional households shared across procedures
// (one YAML file per household, named after its id): their people, story,
// facts and papers, offered as profiles by every procedure that fits.
package foyers

import "embed"

// Files holds the *.yaml households.
//
//go:embed *.yaml
var Files embed.FS
