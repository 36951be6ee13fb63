package main

import "runtime/debug"

// version is stamped by the release script (.ci/release) with
// -ldflags "-X main.version=…" (git describe). It is a variable only
// because the linker can set nothing else; nothing assigns it at run time.
var version = "dev"

// versionString is the stamped version, or for a plain go build the
// commit the Go command recorded, or "dev".
func versionString() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev == "":
		return version
	case dirty:
		return "dev-" + rev + "-dirty"
	}
	return "dev-" + rev
}
