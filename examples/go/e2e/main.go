// Command e2e runs wordcount.Program as an Automation API inline program: what this repository's
// e2e tests drive (tests/e2e/test_go_example.py), and a way to run the example with no Go
// language host (pulumi-language-go), needing only the pulumi CLI on PATH.
//
//	go build -o bin/e2e ./e2e && echo '{"config": {...}, "secretConfig": {...}}' | bin/e2e up preview
//
// Arguments: the steps to run, in order: up, preview, refresh, destroy, outputs.
// Standard input (when it is not a terminal): a JSON object of settings, every key optional:
//
//	stack         the stack name (default "dev")
//	project       the project name (default "lakesail-go", as in Pulumi.yaml)
//	workDir       the workspace directory, where Pulumi.yaml and Pulumi.<stack>.yaml are written
//	              (default: a temporary directory of the Automation API)
//	backendUrl    the state backend (default $PULUMI_BACKEND_URL, else the CLI's login)
//	config        plain stack config, such as {"lakesail:endpoint": "http://127.0.0.1:8080"}
//	secretConfig  secret stack config, such as {"lakesail:token": "..."}: set as secrets, never
//	              passed on a command line
//
// PULUMI_HOME, PULUMI_CONFIG_PASSPHRASE and PULUMI_SKIP_UPDATE_CHECK are passed on to the CLI.
//
// Standard output: one JSON object a line per step, {"step", "result", "changes", "outputs",
// "resources"}; a failed step prints {"step", "error"} and the command exits 1. The engine's
// progress goes to standard error.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/lakesail/pulumi-lakesail/examples/go/wordcount"
)

type settings struct {
	Stack        string            `json:"stack"`
	Project      string            `json:"project"`
	WorkDir      string            `json:"workDir"`
	BackendURL   string            `json:"backendUrl"`
	Config       map[string]string `json:"config"`
	SecretConfig map[string]string `json:"secretConfig"`
}

type resource struct {
	Type string `json:"type"`
	URN  string `json:"urn"`
	ID   string `json:"id,omitempty"`
}

type result map[string]any

var (
	steps     = []string{"up", "preview", "refresh", "destroy", "outputs"}
	passedEnv = []string{"PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_SKIP_UPDATE_CHECK"}
)

func readSettings() (settings, error) {
	var s settings
	if info, err := os.Stdin.Stat(); err != nil || info.Mode()&os.ModeCharDevice != 0 {
		return s, nil // a terminal (or no stdin): no settings
	}
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		return s, err
	}
	if strings.TrimSpace(string(data)) == "" {
		return s, nil
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("settings on stdin: %w", err)
	}
	return s, nil
}

func plainOutputs(outputs auto.OutputMap) map[string]any {
	plain := make(map[string]any, len(outputs))
	for key, output := range outputs {
		plain[key] = output.Value
	}
	return plain
}

func changes(summary auto.UpdateSummary) map[string]int {
	if summary.ResourceChanges == nil {
		return map[string]int{}
	}
	return *summary.ResourceChanges
}

func resources(ctx context.Context, stack auto.Stack) ([]resource, error) {
	exported, err := stack.Export(ctx)
	if err != nil {
		return nil, err
	}
	var deployment struct {
		Resources []resource `json:"resources"`
	}
	if len(exported.Deployment) > 0 {
		if err := json.Unmarshal(exported.Deployment, &deployment); err != nil {
			return nil, err
		}
	}
	if deployment.Resources == nil {
		deployment.Resources = []resource{}
	}
	return deployment.Resources, nil
}

func runStep(ctx context.Context, stack auto.Stack, step string) (result, error) {
	progress := os.Stderr
	switch step {
	case "up":
		up, err := stack.Up(ctx, optup.ProgressStreams(progress))
		if err != nil {
			return nil, err
		}
		return result{
			"result":  up.Summary.Result,
			"changes": changes(up.Summary),
			"outputs": plainOutputs(up.Outputs),
		}, nil
	case "preview":
		preview, err := stack.Preview(ctx, optpreview.ProgressStreams(progress))
		if err != nil {
			return nil, err
		}
		return result{"changes": preview.ChangeSummary}, nil
	case "refresh":
		refresh, err := stack.Refresh(ctx, optrefresh.ProgressStreams(progress))
		if err != nil {
			return nil, err
		}
		return result{"result": refresh.Summary.Result, "changes": changes(refresh.Summary)}, nil
	case "destroy":
		destroy, err := stack.Destroy(ctx, optdestroy.ProgressStreams(progress))
		if err != nil {
			return nil, err
		}
		return result{"result": destroy.Summary.Result, "changes": changes(destroy.Summary)}, nil
	case "outputs":
		return result{}, nil
	}
	return nil, fmt.Errorf("unknown step %q: expected one of %s", step, strings.Join(steps, ", "))
}

func printJSON(value any) {
	data, err := json.Marshal(value)
	if err != nil {
		data, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	fmt.Println(string(data))
}

func run(ctx context.Context, args []string) int {
	if len(args) == 0 || slices.ContainsFunc(args, func(step string) bool {
		return !slices.Contains(steps, step)
	}) {
		fmt.Fprintf(os.Stderr, "usage: e2e {%s}...\n", strings.Join(steps, "|"))
		return 2
	}
	s, err := readSettings()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	stackName := orDefault(s.Stack, "dev")
	projectName := orDefault(s.Project, "lakesail-go")
	backendURL := orDefault(s.BackendURL, os.Getenv("PULUMI_BACKEND_URL"))

	envVars := map[string]string{}
	for _, key := range passedEnv {
		if value, ok := os.LookupEnv(key); ok {
			envVars[key] = value
		}
	}
	project := workspace.Project{
		Name:    tokens.PackageName(projectName),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
	}
	if backendURL != "" {
		project.Backend = &workspace.ProjectBackend{URL: backendURL}
	}
	options := []auto.LocalWorkspaceOption{
		auto.Project(project),
		auto.EnvVars(envVars),
		auto.SecretsProvider("passphrase"),
	}
	if s.WorkDir != "" {
		if err := os.MkdirAll(s.WorkDir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		options = append(options, auto.WorkDir(s.WorkDir))
	}
	if home := os.Getenv("PULUMI_HOME"); home != "" {
		options = append(options, auto.PulumiHome(home))
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, projectName, wordcount.Program, options...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	config := auto.ConfigMap{}
	for key, value := range s.Config {
		config[key] = auto.ConfigValue{Value: value}
	}
	for key, value := range s.SecretConfig {
		config[key] = auto.ConfigValue{Value: value, Secret: true}
	}
	if len(config) > 0 {
		if err := stack.SetAllConfig(ctx, config); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}

	for _, step := range args {
		res, err := runStep(ctx, stack, step)
		if err == nil && res["outputs"] == nil {
			var outputs auto.OutputMap
			if outputs, err = stack.Outputs(ctx); err == nil {
				res["outputs"] = plainOutputs(outputs)
			}
		}
		if err == nil {
			res["resources"], err = resources(ctx, stack)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			printJSON(map[string]string{"step": step, "error": err.Error()})
			return 1
		}
		res["step"] = step
		printJSON(res)
	}
	return 0
}

// orDefault returns value, or fallback when value is empty.
func orDefault(value, fallback string) string {
	if value != "" {
		return value
	}
	return fallback
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:]))
}
