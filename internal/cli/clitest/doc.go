// Package clitest checks, in the commands' tests, that bad command lines
// fail with a cli.UsageError that names what is wrong.
package clitest
