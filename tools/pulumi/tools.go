//go:build tools

// Package tools pins the command package that scripts/install-pulumi builds. The version
// package is imported so that sdk/v3 stays a direct requirement: the build sets
// version.Version through -ldflags.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/go/common/version"
)
