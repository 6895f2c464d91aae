// Package docker holds no Go API: the folder has the course image (Dockerfile),
// its install script setup.sh (which CI runs too, through test.sh) and the
// tests that keep the Dockerfile and the script in step, since no Docker
// engine runs in CI.
package docker
