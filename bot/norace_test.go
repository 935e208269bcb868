//go:build !race

package bot

// raceEnabled is true when the tests run under the race detector.
const raceEnabled = false
