//go:build race

package bot

// raceEnabled is true when the tests run under the race detector, which
// slows the process (and so the bot's replies to the fake Discord) about
// tenfold.
const raceEnabled = true
