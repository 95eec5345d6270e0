//go:build tools

// Package tools pins the command package that scripts/install-pulumi builds. The version
// package is imported so that it stays a direct requirement: the build sets version.Version
// through -ldflags.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
	_ "github.com/pulumi/pulumi-yaml/pkg/version"
)
