package engine

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// An uploaded file is kept as its name and size only, "devis.pdf|245760":
// its content is never read, stored nor written to disk. Scenarios may
// write just a name, which stands for a small file.

// FileAnswer makes the stored answer of an upload.
func FileAnswer(name string, size int64) string {
	name = strings.NewReplacer("|", "_", ",", "_", "\n", "", "\r", "").Replace(path.Base(strings.ReplaceAll(name, "\\", "/")))
	return name + "|" + strconv.FormatInt(size, 10)
}

func parseFile(f *procedure.Field, raw string) (any, string) {
	name, sizeText, _ := strings.Cut(raw, "|")
	size, _ := strconv.ParseInt(sizeText, 10, 64)
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	if ext == "jpeg" {
		ext = "jpg"
	}
	switch {
	case !slices.Contains(f.Accept, ext):
		return nil, "file_type"
	case float64(size) > f.MaxSize*1e6:
		return nil, "file_size"
	}
	return name, ""
}

// fileDisplay is "devis.pdf (240 Ko)".
func fileDisplay(raw string) string {
	name, sizeText, _ := strings.Cut(raw, "|")
	size, _ := strconv.ParseInt(sizeText, 10, 64)
	switch {
	case size >= 1e6:
		return name + " (" + strings.Replace(strconv.FormatFloat(float64(size)/1e6, 'f', 1, 64), ".", ",", 1) + "\u00a0Mo)"
	case size > 0:
		return name + " (" + strconv.FormatInt((size+999)/1000, 10) + "\u00a0Ko)"
	}
	return name
}
