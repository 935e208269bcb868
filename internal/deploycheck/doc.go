// Package deploycheck holds the tests that stand in for a Docker engine,
// which these machines do not have: they build the binary with the very
// script the Dockerfile runs (scripts/build-static.sh) and run it the way the
// image runs it (uid 65532, a read-only working directory, only DATA_DIR
// writable, no HOME, an environment of the documented variables alone), and
// they check that the Dockerfile, docker-compose.yml, .env.example and the
// docs name exactly the settings the binary accepts.
//
// The package has no code of its own; `go test -update` regenerates
// .env.example from the configuration table.
package deploycheck
