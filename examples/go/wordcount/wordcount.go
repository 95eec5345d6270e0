// Package wordcount is the program of examples/go: the Flink application of examples/yaml, in Go.
//
// `pulumi up` runs it through main.go; e2e/ runs the same function as an Automation API inline
// program (what this repository's e2e tests do).
package wordcount

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/lakesail/pulumi-lakesail/sdk/go/lakesail"
)

// DefaultName is the application's name when the stack sets no appName.
const DefaultName = "wordcount-go"

// Program declares the application and exports resourceId (`<workspace>/<name>`), applicationId,
// state (RUNNING once the create has waited for it) and flinkJobId.
func Program(ctx *pulumi.Context) error {
	name := config.New(ctx, "").Get("appName")
	if name == "" {
		name = DefaultName
	}

	app, err := lakesail.NewFlinkApplication(ctx, "wordcount", &lakesail.FlinkApplicationArgs{
		Name:    pulumi.String(name),
		Runtime: lakesail.FlinkRuntime_Flink_1_17,
		FlinkConfiguration: pulumi.StringMap{
			"taskmanager.numberOfTaskSlots": pulumi.String("2"),
		},
		JobManagerResource: &lakesail.ContainerResourceArgs{
			Cpu:    pulumi.Float64(0.5),
			Memory: pulumi.String("1024m"),
		},
		TaskManagerResource: &lakesail.ContainerResourceArgs{
			Cpu:              pulumi.Float64(1),
			Memory:           pulumi.String("2g"),
			EphemeralStorage: pulumi.String("256m"),
		},
		Job: &lakesail.FlinkJobSpecArgs{
			JarUri:     pulumi.String("local:///opt/flink/examples/streaming/WordCount.jar"),
			EntryClass: pulumi.String("org.apache.flink.streaming.examples.wordcount.WordCount"),
			Args:       pulumi.StringArray{pulumi.String("--output"), pulumi.String("print")},
		},
	}, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "5m"}))
	if err != nil {
		return err
	}

	ctx.Export("resourceId", app.ID())
	ctx.Export("applicationId", app.ApplicationId)
	ctx.Export("state", app.State)
	ctx.Export("flinkJobId", app.Job.Id())
	return nil
}
