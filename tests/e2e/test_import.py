"""Adopting applications created outside Pulumi: ``pulumi import`` and ``Stack.import_resources``.

Both import an application created over raw HTTP, then check that the program declaring it
previews with no changes, and that Pulumi manages it from then on (destroy deletes it).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from lakesail_testing.engine import PulumiEnv, program_from_file
from pulumi import automation as auto

import pulumi_lakesail as lakesail_sdk

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject

    MakeYamlProject = Callable[[Path], YamlProject]

PROGRAM_HEADER = "name: lakesail-import\nruntime: yaml\n"

# What the raw POSTs below send besides the name (LakeSail.create completes the spec).
FLINK_CONFIGURATION = {"taskmanager.numberOfTaskSlots": "4", "parallelism.default": "2"}


def wait_running(lakesail: LakeSail, application_id: str) -> None:
    lakesail.wait_for(
        lambda apps: any(a["id"] == application_id and a["state"] == "RUNNING" for a in apps)
    )


def test_cli_import_then_generated_yaml_previews_no_changes(
    pulumi_env: PulumiEnv,
    lakesail: LakeSail,
    yaml_project: MakeYamlProject,
    read_state: Callable[[str, str], str],
) -> None:
    application_id = lakesail.create("imported-yaml", flinkConfiguration=FLINK_CONFIGURATION)
    wait_running(lakesail, application_id)

    directory = pulumi_env.projects_dir / "lakesail-import"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(PROGRAM_HEADER)
    project = yaml_project(directory)

    # `pulumi import` reads the application, records it and writes the YAML that declares it
    # (--out). That generated declaration, unedited, becomes the program: the honest check that
    # what import records and what it generates agree with each other and with LakeSail.
    generated = pulumi_env.root / "generated.yaml"
    ref = lakesail.ref(application_id)
    imported = project.run(
        "import", lakesail.APPLICATION_TYPE, "adopted", ref, "--yes", "--out", str(generated)
    )
    assert "1 imported" in imported.stdout, imported.stdout
    declared = yaml.safe_load(generated.read_text())["resources"]["adopted"]
    assert declared["properties"]["name"] == "imported-yaml"
    assert declared["properties"]["flinkConfiguration"] == FLINK_CONFIGURATION
    assert declared["options"] == {"protect": True}  # pulumi import protects by default

    (directory / "Pulumi.yaml").write_text(PROGRAM_HEADER + generated.read_text())
    project.run("preview", "--expect-no-changes")
    project.run("refresh", "--yes", "--expect-no-changes")
    [recorded] = project.applications()
    # Imported by <workspace>/<applicationId>, tracked by <workspace>/<name> from then on.
    assert (recorded["id"], recorded.get("protect")) == (lakesail.ref("imported-yaml"), True)
    assert recorded["outputs"]["state"] == "RUNNING"
    lakesail.assert_token_hidden(read_state("lakesail-import", "dev"), *project.transcript)

    # Managed from now on: once unprotected, destroy deletes it from LakeSail.
    project.run("state", "unprotect", recorded["urn"], "--yes")
    project.run("destroy", "--yes")
    lakesail.wait_until_empty()


def test_automation_import_resources_into_the_python_example(
    pulumi_env: PulumiEnv,
    lakesail: LakeSail,
    example_copy: Callable[[str], Path],
    no_lakesail_env: None,
) -> None:
    project = example_copy("python")
    name: str = yaml.safe_load((project / "Pulumi.yaml").read_text())["name"]
    example = program_from_file(project)
    declare_adopted = False
    adopted_spec: dict[str, Any] = {}  # what LakeSail holds for the application to import

    def program() -> None:
        example()
        if declare_adopted:
            # The imported application must be in the program, else preview would delete it.
            # Declared by hand (as import_resources cannot generate Python here, see below), with
            # exactly the spec LakeSail holds.
            spec = adopted_spec
            lakesail_sdk.FlinkApplication(
                "adopted",
                lakesail_sdk.FlinkApplicationArgs(
                    name=spec["name"],
                    runtime=spec["runtime"],
                    flink_configuration=spec["flinkConfiguration"],
                    job_manager_resource=lakesail_sdk.ContainerResourceArgs(
                        **spec["jobManagerResource"]
                    ),
                    task_manager_resource=lakesail_sdk.ContainerResourceArgs(
                        **spec["taskManagerResource"]
                    ),
                    job=lakesail_sdk.FlinkJobSpecArgs(
                        jar_uri=spec["job"]["jarUri"],
                        entry_class=spec["job"]["entryClass"],
                        args=spec["job"]["args"],
                    ),
                ),
            )

    plain, secret = lakesail.config()
    stack = pulumi_env.automation_stack(name, "dev", program, config=plain, secret_config=secret)
    assert stack.up().summary.resource_changes == {"create": 2}

    application_id = lakesail.create("adopted-py", flinkConfiguration=FLINK_CONFIGURATION)
    adopted_spec.update(lakesail.describe(application_id))
    wait_running(lakesail, application_id)
    ref = lakesail.ref(application_id)

    # Stack.import_resources runs `pulumi import`, which loads the *project's* language host to
    # list the plugins it needs, even with --generate-code=false; pulumi-language-python cannot
    # be built here (docs/real-engine.md), so for this one call the same project and stack are
    # selected through a workspace whose Pulumi.yaml says runtime: yaml (an empty program), with
    # the stack's own config file. State, stack, provider config and CLI are the example's.
    import_dir = pulumi_env.projects_dir / f"{name}-import"
    options = pulumi_env.workspace_options(name, runtime="yaml", work_dir=import_dir)
    shutil.copy(Path(stack.workspace.work_dir) / "Pulumi.dev.yaml", import_dir)
    importer = auto.select_stack("dev", work_dir=str(import_dir), opts=options)
    result = importer.import_resources(
        resources=[{"type": lakesail.APPLICATION_TYPE, "name": "adopted", "id": ref}],
        protect=False,
        generate_code=False,
    )
    assert "1 imported" in result.stdout, result.stdout

    declare_adopted = True
    preview = stack.preview()
    assert preview.change_summary == {"same": 3}, preview.stdout
    resources = stack.export_stack().deployment["resources"]
    adopted = [r for r in resources if r["urn"].endswith("::adopted")]
    assert [r["id"] for r in adopted] == [lakesail.ref("adopted-py")]
    up = stack.up()
    assert up.summary.resource_changes == {"same": 3}
    assert [a["id"] for a in lakesail.applications() if a["name"] == "adopted-py"] == [
        application_id
    ]

    # Managed from now on: destroy deletes the imported application as well.
    assert stack.destroy().summary.resource_changes == {"delete": 3}
    lakesail.wait_until_empty()
