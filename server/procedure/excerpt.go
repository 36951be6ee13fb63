package procedure

import (
	"fmt"
	"strings"
)

// Excerpt shows the lines of data before line (up to two), the line
// itself and a caret under column, each numbered, so that an author sees
// the place without opening the file:
//
//	18 |         type: number
//	19 |        label: Âge
//	   |        ^
//
// Tabs are drawn as "→": they are often the mistake, and invisible otherwise.
// It is empty when line is not in data.
func Excerpt(data []byte, line, column int) string {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	width := len(fmt.Sprint(line))
	var b strings.Builder
	for n := max(1, line-2); n <= line; n++ {
		text := strings.TrimRight(strings.ReplaceAll(lines[n-1], "\t", "→"), "\r")
		if n < line && strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&b, " %*d | %s\n", width, n, text)
	}
	fmt.Fprintf(&b, " %*s | %s^", width, "", strings.Repeat(" ", max(column-1, 0)))
	return b.String()
}

// withExcerpts gives every problem of file its excerpt from data.
func withExcerpts(ps Problems, file string, data []byte) {
	for i := range ps {
		if ps[i].File == file && ps[i].Excerpt == "" {
			ps[i].Excerpt = Excerpt(data, ps[i].Line, ps[i].Column)
		}
	}
}
