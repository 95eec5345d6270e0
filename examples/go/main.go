// The entry point of `pulumi up`: the program is wordcount.Program, in a package of its own so
// that the Automation API driver (e2e/) runs the very same function inline.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/lakesail/pulumi-lakesail/examples/go/wordcount"
)

func main() {
	pulumi.Run(wordcount.Program)
}
