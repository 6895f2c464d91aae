package notebooks

// The notebooks' code cells stop on an error with github.com/janpfeifer/must
// (must.M(err), must.M1(f())). This blank import keeps it a requirement of the
// module, from which the notebooks' Go workspace resolves it (their setup cell
// turns off GoNB's automatic `go get`).
import _ "github.com/janpfeifer/must"
