//go:build race

package web

// raceDetector tells a test that the binary, and so the server it starts
// from itself, runs under the race detector: several times slower, with
// latencies that say nothing of the real server's.
const raceDetector = true
