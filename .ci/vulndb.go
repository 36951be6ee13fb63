//go:build ignore

// Vulndb builds, from the golang.org/x/vulndb module, the Go vulnerability
// database that govulncheck reads with -db file:///DIR.
//
//	go run .ci/vulndb.go -version v0.0.0-20261105234957-e22db6528018 -out DIR
//
// CI cannot reach vuln.go.dev, only the Go module proxy, and the proxy
// serves golang.org/x/vulndb: its zip (25 MB) carries
// data/osv/GO-YYYY-NNNN.json, one OSV entry per file, but not the index
// govulncheck looks up first. The program downloads that version with
// `go mod download` and writes the database in govulncheck's v1 layout:
//
//	index/db.json         {"modified": newest entry time}
//	index/modules.json    [{"path", "vulns": [{"id", "modified", "fixed"}]}]
//	index/vulns.json      [{"id", "modified", "aliases"}]
//	ID/GO-YYYY-NNNN.json  the OSV entry, as it is in the module
//
// The index is computed as x/vulndb's own cmd/indexdb computes it
// (internal/database: New, Add; osvutils.LatestFixed), and for
// v0.0.0-20261105234957-e22db6528018 the three index files are byte for
// byte those indexdb writes. indexdb itself also runs through `go run
// golang.org/x/vulndb/cmd/indexdb@VERSION`, but it pulls 58 modules (go-git,
// the cloud clients) and takes minutes to build; this file uses the
// standard library alone and takes a few seconds.
//
// The module's OSV files carry a zero "modified" time (the real one is
// stamped when vuln.go.dev is deployed), so index/db.json, which govulncheck
// only prints, takes the module version's commit time.
//
// A DIR that already holds index/modules.json is left as it is: the output
// is a pure function of the version, so CI keys its cache on it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// entry is the part of an OSV entry the index needs.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
		Ranges []osvRange `json:"ranges"`
	} `json:"affected"`
}

type osvRange struct {
	Type   string `json:"type"`
	Events []struct {
		Introduced string `json:"introduced"`
		Fixed      string `json:"fixed"`
	} `json:"events"`
}

// stamp is a time written as the OSV specification wants it: RFC 3339, UTC,
// whole seconds.
type stamp time.Time

func (s stamp) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Time(s).UTC().Format(time.RFC3339))
}

type dbMeta struct {
	Modified stamp `json:"modified"`
}

type moduleVuln struct {
	ID       string `json:"id"`
	Modified stamp  `json:"modified"`
	Fixed    string `json:"fixed,omitempty"`
}

type module struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

type vuln struct {
	ID       string   `json:"id"`
	Modified stamp    `json:"modified"`
	Aliases  []string `json:"aliases,omitempty"`
}

func main() {
	version := flag.String("version", "", "version of golang.org/x/vulndb (pin it: the database is what it holds)")
	out := flag.String("out", "", "folder to write the database to")
	flag.Parse()
	if *version == "" || *out == "" {
		log.Fatal("usage: go run .ci/vulndb.go -version VERSION -out DIR")
	}
	if _, err := os.Stat(filepath.Join(*out, "index", "modules.json")); err == nil {
		return
	}
	osvDir, modified, err := download(*version)
	if err != nil {
		log.Fatal(err)
	}
	// Build beside the target and rename, so that an interrupted run
	// leaves no half database behind for the next one to trust.
	tmp := *out + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		log.Fatal(err)
	}
	n, err := build(osvDir, tmp, modified)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.RemoveAll(*out); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		log.Fatal(err)
	}
	log.Printf("golang.org/x/vulndb@%s: %d entries in %s", *version, n, *out)
}

// download fetches golang.org/x/vulndb@version into the module cache
// through GOPROXY and returns its data/osv folder and its commit time.
func download(version string) (osvDir string, modified time.Time, err error) {
	cmd := exec.Command("go", "mod", "download", "-json", "golang.org/x/vulndb@"+version)
	cmd.Dir = os.TempDir() // outside any module: go.mod and go.sum stay untouched
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	var mod struct{ Dir, Info, Error string }
	if jerr := json.Unmarshal(b, &mod); jerr != nil {
		return "", modified, fmt.Errorf("go mod download: %v %v", err, jerr)
	}
	if mod.Error != "" || err != nil {
		return "", modified, fmt.Errorf("go mod download: %v %s", err, mod.Error)
	}
	b, err = os.ReadFile(mod.Info)
	if err != nil {
		return "", modified, err
	}
	var info struct{ Time time.Time }
	if err := json.Unmarshal(b, &info); err != nil {
		return "", modified, fmt.Errorf("%s: %v", mod.Info, err)
	}
	return filepath.Join(mod.Dir, "data", "osv"), info.Time, nil
}

// build writes the database of the OSV files in osvDir to out and returns
// how many entries it holds. index/db.json says the newest of modified and
// the entries' own times.
func build(osvDir, out string, modified time.Time) (int, error) {
	newest := modified
	names, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, err
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("%s: no OSV file", osvDir)
	}
	if err := os.MkdirAll(filepath.Join(out, "ID"), 0o755); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Join(out, "index"), 0o755); err != nil {
		return 0, err
	}
	modules := map[string]*module{}
	var vulns []vuln
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return 0, err
		}
		var e entry
		if err := json.Unmarshal(b, &e); err != nil {
			return 0, fmt.Errorf("%s: %v", name, err)
		}
		if filepath.Base(name) != e.ID+".json" {
			return 0, fmt.Errorf("%s: holds entry %q", name, e.ID)
		}
		if err := os.WriteFile(filepath.Join(out, "ID", e.ID+".json"), b, 0o644); err != nil {
			return 0, err
		}
		if e.Modified.After(newest) {
			newest = e.Modified
		}
		vulns = append(vulns, vuln{ID: e.ID, Modified: stamp(e.Modified), Aliases: e.Aliases})
		for _, a := range e.Affected {
			m := modules[a.Package.Name]
			if m == nil {
				m = &module{Path: a.Package.Name, Vulns: []moduleVuln{}}
				modules[m.Path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: stamp(e.Modified), Fixed: latestFixed(a.Ranges)})
		}
	}

	var mods []*module
	for _, m := range modules {
		slices.SortStableFunc(m.Vulns, func(a, b moduleVuln) int { return strings.Compare(a.ID, b.ID) })
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *module) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(vulns, func(a, b vuln) int { return strings.Compare(a.ID, b.ID) })

	for file, v := range map[string]any{
		"db.json":      dbMeta{stamp(newest)},
		"modules.json": mods,
		"vulns.json":   vulns,
	} {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(out, "index", file), b, 0o644); err != nil {
			return 0, err
		}
	}
	return len(vulns), nil
}

// latestFixed is x/vulndb's osvutils.LatestFixed: the highest "fixed"
// version of the SEMVER ranges, or "" when a range is introduced again after
// it (govulncheck then reads the entry whatever the module's version).
func latestFixed(ranges []osvRange) string {
	var latest string
	for _, r := range ranges {
		if r.Type != "SEMVER" {
			continue
		}
		for _, e := range r.Events {
			if e.Fixed != "" && semverLess(latest, e.Fixed) {
				latest = e.Fixed
			}
		}
		for _, e := range r.Events {
			if e.Introduced != "" && e.Introduced != "0" && semverLess(latest, e.Introduced) {
				latest = ""
				break
			}
		}
	}
	return latest
}

// semverLess reports whether a < b for unprefixed semantic versions, with
// golang.org/x/mod/semver's rules: an invalid version sorts before every
// valid one, build metadata is ignored, a pre-release sorts before its
// release.
func semverLess(a, b string) bool {
	va, okA := parseSemver(a)
	vb, okB := parseSemver(b)
	if !okA || !okB {
		return !okA && okB
	}
	for i := range 3 {
		if c := compareNumbers(va.core[i], vb.core[i]); c != 0 {
			return c < 0
		}
	}
	return comparePrerelease(va.pre, vb.pre) < 0
}

type semver struct {
	core [3]string
	pre  string
}

// parseSemver accepts MAJOR.MINOR.PATCH[-PRE][+BUILD] without a leading "v".
func parseSemver(v string) (semver, bool) {
	var s semver
	if i := strings.IndexByte(v, '+'); i >= 0 {
		if !identifiers(v[i+1:], false) {
			return s, false
		}
		v = v[:i]
	}
	if i := strings.IndexByte(v, '-'); i >= 0 {
		s.pre = v[i+1:]
		if !identifiers(s.pre, true) {
			return s, false
		}
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return s, false
	}
	for i, p := range parts {
		if !isNumber(p) || (len(p) > 1 && p[0] == '0') {
			return s, false
		}
		s.core[i] = p
	}
	return s, true
}

// identifiers checks a dot-separated list of [0-9A-Za-z-] identifiers; in a
// pre-release, numeric ones have no leading zero.
func identifiers(s string, pre bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for _, c := range id {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
				return false
			}
		}
		if pre && isNumber(id) && len(id) > 1 && id[0] == '0' {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// compareNumbers compares decimal strings without leading zeros, of any
// length.
func compareNumbers(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func comparePrerelease(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		if x == y {
			continue
		}
		nx, ny := isNumber(x), isNumber(y)
		switch {
		case nx && ny:
			return compareNumbers(x, y)
		case nx:
			return -1
		case ny:
			return 1
		}
		return strings.Compare(x, y)
	}
	return len(as) - len(bs)
}
