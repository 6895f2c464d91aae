// Package cli holds what the repository's commands share: the usage error
// (a bad flag or argument, exit status 2), flag parsing that takes no
// positional arguments, the -backend and -progress flags' values, and the
// exit status of a command's error.
package cli
