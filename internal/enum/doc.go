// Package enum names the values of the repository's small integer
// enumerations (iota constants) for their String methods.
package enum
