"""Pulumi programs under runtime mocks that forward every registration to the real plugin.

The program code is the user's (the SDK classes); the mocks play the engine, and the plugin and
emulator do the work, so the whole path from Python arguments to LakeSail is exercised.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from lakesail_testing.emulator import EmulatorProcess
from lakesail_testing.plugin import PluginProcess, reveal

APPLICATION = "lakesail:index:FlinkApplication"


class ForwardingMocks(pulumi.runtime.Mocks):
    """Check and create through the native plugin (or the dynamic host for dynamic resources)."""

    def __init__(self, plugin: PluginProcess, host: PluginProcess) -> None:
        self.plugin = plugin
        self.host = host
        self.created: list[str] = []

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        if args.typ == APPLICATION:
            inputs, failures = self.plugin.check(args.inputs, name=args.name)
            if failures:
                raise ValueError(f"check failed: {failures}")
            resource_id, outputs = self.plugin.create(inputs, name=args.name)
        elif args.typ.startswith("pulumi-python:dynamic/"):
            from lakesail_testing.plugin import from_struct, to_struct, urn
            from pulumi.runtime.proto import provider_pb2

            checked = self.host.stub.Check(
                provider_pb2.CheckRequest(
                    urn=urn(args.name, args.typ), olds=to_struct({}), news=to_struct(args.inputs)
                )
            )
            assert not checked.failures, checked.failures
            created = self.host.stub.Create(
                provider_pb2.CreateRequest(urn=urn(args.name, args.typ), properties=checked.inputs)
            )
            resource_id, outputs = created.id, reveal(from_struct(created.properties))
        else:
            return f"{args.name}-id", args.inputs
        self.created.append(resource_id)
        return resource_id, reveal(outputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        result, failures = self.plugin.invoke(args.token, args.args)
        assert not failures, failures
        return result


@pytest.fixture(scope="module")
def mocks() -> Iterator[ForwardingMocks]:
    with EmulatorProcess(startup_seconds=0.2, delete_seconds=0) as emulator:
        with (
            PluginProcess() as plugin,
            PluginProcess(command=[sys.executable, "-u", "-m", "pulumi.dynamic"]) as host,
        ):
            plugin.configure(
                endpoint=emulator.url, token=emulator.token, workspace=emulator.workspace
            )
            from lakesail_testing.plugin import to_struct
            from pulumi.runtime.proto import provider_pb2

            config = {
                "lakesail:endpoint": emulator.url,
                "lakesail:token": emulator.token,
                "lakesail:workspace": emulator.workspace,
            }
            host.stub.Configure(provider_pb2.ConfigureRequest(args=to_struct(config)))
            forwarding = ForwardingMocks(plugin, host)
            pulumi.runtime.set_mocks(
                forwarding, project="lakesail-test", stack="test", preview=False
            )
            yield forwarding


@pulumi.runtime.test
def test_native_resource_reaches_running_through_the_plugin(mocks: ForwardingMocks) -> Any:
    import pulumi_lakesail as lakesail

    app = lakesail.FlinkApplication(
        "orders",
        lakesail.FlinkApplicationArgs(
            name="orders",
            runtime=lakesail.FlinkRuntime.FLINK_1_18,
            flink_configuration={"parallelism.default": "2"},
            task_manager_resource=lakesail.ContainerResourceArgs(cpu=1, memory="2g"),
            job=lakesail.FlinkJobSpecArgs(
                jar_uri="local:///opt/flink/usrlib/orders.jar", args=["--fast"]
            ),
        ),
    )

    def verify(values: list[Any]) -> None:
        resource_id, state, application_id, job = values
        assert state == "RUNNING"
        assert resource_id == "DEFAULT/orders" and application_id != "orders"
        assert job["args"] == ["--fast"] and job["id"]

    return pulumi.Output.all(app.id, app.state, app.application_id, app.job).apply(verify)


@pulumi.runtime.test
def test_functions_forward_to_the_plugin(mocks: ForwardingMocks) -> Any:
    import pulumi_lakesail as lakesail

    app = lakesail.FlinkApplication(
        "lookup",
        name="lookup",
        runtime="FLINK_1_17",
        jars=["s3://bucket/lookup.jar"],
    )

    def verify(application_id: str) -> None:
        found = lakesail.get_flink_application(application_id=application_id)
        assert found.name == "lookup" and found.state == "RUNNING"
        listed = lakesail.list_flink_applications()
        assert "lookup" in [item.name for item in listed.items]

    return app.application_id.apply(verify)


@pulumi.runtime.test
def test_dynamic_resource_reaches_running_through_the_dynamic_host(mocks: ForwardingMocks) -> Any:
    from pulumi_lakesail import FlinkApplicationArgs, FlinkJobSpecArgs
    from pulumi_lakesail.dynamic import FlinkApplication

    app = FlinkApplication(
        "dyn",
        FlinkApplicationArgs(
            name="dyn", runtime="FLINK_1_17", job=FlinkJobSpecArgs(jar_uri="s3://bucket/dyn.jar")
        ),
    )

    def verify(values: list[Any]) -> None:
        state, application_id, flink_configuration, created_at = values
        assert state == "RUNNING"
        assert isinstance(application_id, str) and re.fullmatch(r"[A-Z0-9]{1,20}", application_id)
        assert flink_configuration == {} and isinstance(created_at, str)

    return pulumi.Output.all(
        app.state, app.application_id, app.flink_configuration, app.created_at
    ).apply(verify)
