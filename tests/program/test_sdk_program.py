"""The Python SDK inside a Pulumi program, under runtime mocks (no engine, no plugin).

These tests check what the SDK sends (type tokens, camelCase property names, secrets, options)
and what it gives back (typed outputs, function results). The mocks only echo inputs and add the
computed fields; the provider's behaviour is tested against the real plugin elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pulumi
import pulumi.runtime
import pytest
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs

import pulumi_lakesail as lakesail
from pulumi_lakesail import _utilities, outputs

pytestmark = pytest.mark.program

APP_TYPE = "lakesail:index:FlinkApplication"
PROVIDER_TYPE = "pulumi:providers:lakesail"
GET_TOKEN = "lakesail:index:getFlinkApplication"
LIST_TOKEN = "lakesail:index:listFlinkApplications"
APP_ID = "A1B2C3D4E5F6G7H8"
CREATED = "2024-05-01T12:00:00.000Z"


def _job_output(spec: dict[str, Any] | None) -> dict[str, Any]:
    job = dict(spec or {})
    job.setdefault("args", [])
    job.update(id="f0e1d2c3b4a5", name="flink-job")
    return job


class RecordingMocks(pulumi.runtime.Mocks):
    """Records every registration and call; echoes inputs plus the computed fields."""

    def __init__(self) -> None:
        self.resources: list[MockResourceArgs] = []
        self.calls: list[MockCallArgs] = []

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.resources.append(args)
        if args.typ == PROVIDER_TYPE:
            return "provider-id", dict(args.inputs)
        state = dict(args.inputs)
        if args.resource_id:  # FlinkApplication.get: the "engine" reads the application
            workspace, app_id = args.resource_id.split("/")
            state.update(
                workspace=workspace,
                name="adopted",
                runtime="FLINK_1_17",
                jars=["s3://bucket/adopted.jar"],
                plugins=[],
                flinkConfiguration={},
                logConfiguration={},
            )
        else:
            workspace, app_id = state.setdefault("workspace", "DEFAULT"), APP_ID
        state.update(
            applicationId=app_id,
            state="RUNNING",
            createdAt=CREATED,
            updatedAt=CREATED,
            job=_job_output(state.get("job")),
        )
        return f"{workspace}/{app_id}", state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.calls.append(args)
        workspace = args.args.get("workspace") or "DEFAULT"
        if args.token == GET_TOKEN:
            return {
                "id": f"{workspace}/{APP_ID}",
                "applicationId": APP_ID,
                "workspace": workspace,
                "name": args.args.get("name") or "orders",
                "runtime": "FLINK_1_18",
                "jars": [],
                "plugins": [{"name": "s3-fs-hadoop", "jars": ["local:///opt/flink/s3.jar"]}],
                "flinkConfiguration": {"parallelism.default": "2"},
                "logConfiguration": {},
                "jobManagerResource": {"cpu": 1.0, "memory": "1g", "ephemeralStorage": "2g"},
                "job": _job_output({"jarUri": "local:///opt/flink/usrlib/orders.jar"}),
                "state": "PENDING",
                "createdAt": CREATED,
                "updatedAt": CREATED,
            }, []
        if args.token == LIST_TOKEN:
            item = {
                "id": f"{workspace}/{APP_ID}",
                "applicationId": APP_ID,
                "name": "orders",
                "state": "FAILED",
                "createdAt": CREATED,
                "updatedAt": CREATED,
            }
            return {"workspace": workspace, "items": [item]}, []
        raise AssertionError(f"unexpected call {args.token}")


class RecordingMonitor(MockMonitor):
    """Keeps the raw gRPC requests, to check options the mocks' arguments do not show."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.register_requests: list[Any] = []
        self.invoke_requests: list[Any] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC method name)
        self.register_requests.append(request)
        return super().RegisterResource(request)

    def Invoke(self, request: Any) -> Any:  # noqa: N802 (gRPC method name)
        self.invoke_requests.append(request)
        return super().Invoke(request)

    def request_for(self, name: str) -> Any:
        return next(r for r in self.register_requests if r.name == name)


@pytest.fixture
def mocks() -> RecordingMocks:
    return RecordingMocks()


@pytest.fixture
def monitor(mocks: RecordingMocks) -> Iterator[RecordingMonitor]:
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project="sdk", stack="test", preview=False, monitor=monitor)
    yield monitor


def registered(mocks: RecordingMocks, name: str) -> MockResourceArgs:
    return next(r for r in mocks.resources if r.name == name)


def full_args() -> lakesail.FlinkApplicationArgs:
    return lakesail.FlinkApplicationArgs(
        name="orders",
        runtime=lakesail.FlinkRuntime.FLINK_1_18,
        workspace="ANALYTICS",
        jars=["s3://bucket/connector.jar"],
        plugins=[lakesail.FlinkPluginArgs(name="s3-fs-hadoop", jars=["local:///opt/s3.jar"])],
        flink_configuration={"taskmanager.numberOfTaskSlots": "2", "jar_uri": "kept as is"},
        log_configuration={"log4j-console.properties": "rootLogger.level = INFO"},
        job_manager_resource=lakesail.ContainerResourceArgs(cpu=0.5, memory="1g"),
        task_manager_resource=lakesail.ContainerResourceArgs(cpu=2, ephemeral_storage="10g"),
        job=lakesail.FlinkJobSpecArgs(
            jar_uri="local:///opt/flink/usrlib/orders.jar",
            entry_class="com.example.Orders",
            args=["--topic", "orders"],
        ),
    )


@pulumi.runtime.test
def test_args_classes_are_sent_with_camel_case_names(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication("orders", full_args())

    def check(_: Any) -> None:
        sent = registered(mocks, "orders")
        assert sent.typ == APP_TYPE
        assert sent.custom
        assert sent.inputs == {
            "name": "orders",
            "runtime": "FLINK_1_18",
            "workspace": "ANALYTICS",
            "jars": ["s3://bucket/connector.jar"],
            "plugins": [{"name": "s3-fs-hadoop", "jars": ["local:///opt/s3.jar"]}],
            # map keys are data, not property names: never translated
            "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2", "jar_uri": "kept as is"},
            "logConfiguration": {"log4j-console.properties": "rootLogger.level = INFO"},
            "jobManagerResource": {"cpu": 0.5, "memory": "1g"},
            "taskManagerResource": {"cpu": 2, "ephemeralStorage": "10g"},
            "job": {
                "jarUri": "local:///opt/flink/usrlib/orders.jar",
                "entryClass": "com.example.Orders",
                "args": ["--topic", "orders"],
            },
        }

    return app.urn.apply(check)


@pulumi.runtime.test
def test_plain_dicts_are_sent_with_camel_case_names(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication(
        "dicts",
        name="dicts",
        runtime=lakesail.FlinkRuntime.FLINK_1_17,
        plugins=[{"name": "s3-fs-hadoop", "jars": ["local:///opt/s3.jar"]}],
        job_manager_resource={"cpu": 1, "ephemeral_storage": "2g"},
        task_manager_resource={"memory": "4g"},
        job={"jar_uri": "local:///opt/flink/usrlib/job.jar", "entry_class": "com.example.Job"},
    )

    def check(_: Any) -> None:
        inputs = registered(mocks, "dicts").inputs
        assert inputs["runtime"] == "FLINK_1_17"
        assert inputs["plugins"] == [{"name": "s3-fs-hadoop", "jars": ["local:///opt/s3.jar"]}]
        assert inputs["jobManagerResource"] == {"cpu": 1, "ephemeralStorage": "2g"}
        assert inputs["taskManagerResource"] == {"memory": "4g"}
        assert inputs["job"] == {
            "jarUri": "local:///opt/flink/usrlib/job.jar",
            "entryClass": "com.example.Job",
        }
        # omitted optional inputs are not sent at all
        assert not {"workspace", "jars", "flinkConfiguration", "logConfiguration"} & set(inputs)

    return app.urn.apply(check)


@pulumi.runtime.test
def test_outputs_resolve_to_typed_values(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication("orders", full_args())

    # Each output is checked in its own apply: Output.all would rebuild output types as dicts.
    def check_job(job: outputs.FlinkJob) -> None:
        assert isinstance(job, outputs.FlinkJob)
        assert job.jar_uri == "local:///opt/flink/usrlib/orders.jar"
        assert job.entry_class == "com.example.Orders"
        assert list(job.args) == ["--topic", "orders"]
        assert (job.id, job.name) == ("f0e1d2c3b4a5", "flink-job")

    def check_job_manager(resource: outputs.ContainerResource | None) -> None:
        assert isinstance(resource, outputs.ContainerResource)
        assert (resource.cpu, resource.memory, resource.ephemeral_storage) == (0.5, "1g", None)

    def check_task_manager(resource: outputs.ContainerResource | None) -> None:
        assert isinstance(resource, outputs.ContainerResource)
        assert resource.ephemeral_storage == "10g"

    def check_plugins(plugins: Sequence[outputs.FlinkPlugin]) -> None:
        assert all(isinstance(plugin, outputs.FlinkPlugin) for plugin in plugins)
        assert [(p.name, list(p.jars)) for p in plugins] == [
            ("s3-fs-hadoop", ["local:///opt/s3.jar"])
        ]

    def check_state(state: lakesail.FlinkApplicationState) -> None:
        assert state is lakesail.FlinkApplicationState.RUNNING

    def check_runtime(runtime: lakesail.FlinkRuntime) -> None:
        assert runtime is lakesail.FlinkRuntime.FLINK_1_18

    def check_scalars(resolved: list[Any]) -> None:
        assert resolved == [
            f"ANALYTICS/{APP_ID}",
            APP_ID,
            CREATED,
            CREATED,
            "ANALYTICS",
            "orders",
            ["s3://bucket/connector.jar"],
            {"taskmanager.numberOfTaskSlots": "2", "jar_uri": "kept as is"},
            {"log4j-console.properties": "rootLogger.level = INFO"},
        ]

    return pulumi.Output.all(
        app.job.apply(check_job),
        app.job_manager_resource.apply(check_job_manager),
        app.task_manager_resource.apply(check_task_manager),
        app.plugins.apply(check_plugins),
        app.state.apply(check_state),
        app.runtime.apply(check_runtime),
        pulumi.Output.all(
            app.id,
            app.application_id,
            app.created_at,
            app.updated_at,
            app.workspace,
            app.name,
            app.jars,
            app.flink_configuration,
            app.log_configuration,
        ).apply(check_scalars),
    )


def test_missing_required_inputs_raise_type_error(monitor: RecordingMonitor) -> None:
    with pytest.raises(TypeError, match="Missing required property 'name'"):
        lakesail.FlinkApplication("no-name", runtime=lakesail.FlinkRuntime.FLINK_1_18)
    with pytest.raises(TypeError, match="Missing required property 'runtime'"):
        lakesail.FlinkApplication("no-runtime", name="x")
    with pytest.raises(TypeError):
        lakesail.FlinkApplicationArgs(name="x")  # type: ignore[call-arg]


@pulumi.runtime.test
def test_options_carry_the_version_and_no_plugin_download_url(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication("orders", full_args())

    def check(_: Any) -> None:
        request = monitor.request_for("orders")
        assert request.version == _utilities.get_version() == "0.1.0"
        assert request.pluginDownloadURL == ""

    return app.urn.apply(check)


@pulumi.runtime.test
def test_get_reads_an_existing_application_by_id(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication.get("adopted", f"DEFAULT/{APP_ID}")

    def check(resolved: list[Any]) -> None:
        read = registered(mocks, "adopted")
        assert read.typ == APP_TYPE
        assert read.resource_id == f"DEFAULT/{APP_ID}"
        assert resolved == [
            f"DEFAULT/{APP_ID}",
            "adopted",
            ["s3://bucket/adopted.jar"],
            lakesail.FlinkApplicationState.RUNNING,
        ]

    def check_job(job: outputs.FlinkJob) -> None:
        assert isinstance(job, outputs.FlinkJob)
        assert (list(job.args), job.jar_uri) == ([], None)

    return pulumi.Output.all(
        pulumi.Output.all(app.id, app.name, app.jars, app.state).apply(check),
        app.job.apply(check_job),
    )


@pulumi.runtime.test
def test_exists_asks_the_engine_by_id(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication("orders", full_args())

    def check(app_id: str) -> pulumi.Output[Any]:
        def verify(found: list[bool]) -> None:
            assert found == [True, False]

        return pulumi.Output.all(
            lakesail.FlinkApplication.exists(app_id),
            lakesail.FlinkApplication.exists("DEFAULT/MISSING"),
        ).apply(verify)

    return app.id.apply(check)


@pulumi.runtime.test
def test_provider_sends_token_as_secret_and_insecure_as_json(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    provider = lakesail.Provider(
        "explicit",
        lakesail.ProviderArgs(
            endpoint="http://127.0.0.1:8080",
            token="s3cret-key",
            workspace="ANALYTICS",
            ca_bundle="/etc/ssl/lakesail.pem",
            insecure=True,
        ),
    )
    app = lakesail.FlinkApplication(
        "with-provider",
        name="with-provider",
        runtime=lakesail.FlinkRuntime.FLINK_1_18,
        job={"jar_uri": "local:///job.jar"},
        opts=pulumi.ResourceOptions(provider=provider),
    )

    def check(_: Any) -> None:
        sent = registered(mocks, "explicit")
        assert sent.typ == PROVIDER_TYPE
        assert sent.inputs == {
            "endpoint": "http://127.0.0.1:8080",
            # the mocks see the secret envelope the engine would get
            "token": {rpc._special_sig_key: rpc._special_secret_sig, "value": "s3cret-key"},
            "workspace": "ANALYTICS",
            "caBundle": "/etc/ssl/lakesail.pem",
            "insecure": "true",  # provider inputs are strings: JSON-encoded like generated SDKs
        }
        request = monitor.request_for("explicit")
        wire = json_format.MessageToDict(request.object)
        assert wire["token"] == {
            rpc._special_sig_key: rpc._special_secret_sig,
            "value": "s3cret-key",
        }
        assert "token" in request.additionalSecretOutputs
        assert request.pluginDownloadURL == ""
        app_request = monitor.request_for("with-provider")
        # a provider reference is "<provider URN>::<provider ID>"
        assert app_request.provider.startswith("urn:pulumi:test::sdk::")
        assert app_request.provider.endswith("pulumi:providers:lakesail::explicit::provider-id")

    return pulumi.Output.all(provider.urn, app.urn).apply(check)


def test_get_flink_application_invokes_the_function_token(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> None:
    result = lakesail.get_flink_application(name="orders", workspace="ANALYTICS")

    call = mocks.calls[-1]
    assert call.token == GET_TOKEN
    assert call.args == {"name": "orders", "workspace": "ANALYTICS"}
    assert monitor.invoke_requests[-1].version == _utilities.get_version()
    assert isinstance(result, lakesail.AwaitableGetFlinkApplicationResult)
    assert result.id == f"ANALYTICS/{APP_ID}"
    assert result.application_id == APP_ID
    assert result.state == lakesail.FlinkApplicationState.PENDING
    assert result.runtime == lakesail.FlinkRuntime.FLINK_1_18
    assert isinstance(result.job, outputs.FlinkJob)
    assert result.job.jar_uri == "local:///opt/flink/usrlib/orders.jar"
    assert isinstance(result.job_manager_resource, outputs.ContainerResource)
    assert result.job_manager_resource.ephemeral_storage == "2g"
    assert result.task_manager_resource is None
    assert result.plugins[0].name == "s3-fs-hadoop"
    assert result.flink_configuration == {"parallelism.default": "2"}


@pulumi.runtime.test
def test_get_flink_application_output_takes_inputs(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    result = lakesail.get_flink_application_output(application_id=pulumi.Output.from_input(APP_ID))

    def check(value: lakesail.GetFlinkApplicationResult) -> None:
        assert mocks.calls[-1].token == GET_TOKEN
        assert mocks.calls[-1].args == {"applicationId": APP_ID}
        assert value.application_id == APP_ID
        assert value.workspace == "DEFAULT"

    return result.apply(check)


def test_list_flink_applications_invokes_the_function_token(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> None:
    result = lakesail.list_flink_applications(workspace="ANALYTICS")

    assert mocks.calls[-1].token == LIST_TOKEN
    assert mocks.calls[-1].args == {"workspace": "ANALYTICS"}
    assert result.workspace == "ANALYTICS"
    [item] = result.items
    assert isinstance(item, outputs.FlinkApplicationSummary)
    assert (item.id, item.application_id, item.name) == (f"ANALYTICS/{APP_ID}", APP_ID, "orders")
    assert item.state == lakesail.FlinkApplicationState.FAILED
    assert (item.created_at, item.updated_at) == (CREATED, CREATED)


@pulumi.runtime.test
def test_list_flink_applications_output_uses_the_default_workspace(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    result = lakesail.list_flink_applications_output()

    def check(value: lakesail.ListFlinkApplicationsResult) -> None:
        assert mocks.calls[-1].token == LIST_TOKEN
        assert mocks.calls[-1].args == {}
        assert value.workspace == "DEFAULT"
        assert [item.application_id for item in value.items] == [APP_ID]

    return result.apply(check)


@pulumi.runtime.test
def test_resource_references_rehydrate_as_sdk_classes(
    mocks: RecordingMocks, monitor: RecordingMonitor
) -> pulumi.Output[Any]:
    app = lakesail.FlinkApplication("orders", full_args())
    provider = lakesail.Provider("explicit", endpoint="http://127.0.0.1:8080")

    def rehydrate(urns: list[Any]) -> pulumi.Output[Any]:
        app_urn, provider_urn = urns

        def reference(urn: str) -> struct_pb2.Struct:
            struct = struct_pb2.Struct()
            struct.update({rpc._special_sig_key: rpc._special_resource_sig, "urn": urn})
            return struct

        app_ref = rpc.deserialize_property(reference(app_urn))
        provider_ref = rpc.deserialize_property(reference(provider_urn))
        assert isinstance(app_ref, lakesail.FlinkApplication)
        assert isinstance(provider_ref, lakesail.Provider)
        return pulumi.Output.all(app_ref.urn, app_ref.application_id, provider_ref.urn)

    def check(resolved: list[Any]) -> None:
        assert resolved[0].endswith("::orders")
        assert resolved[1] == APP_ID
        assert resolved[2].endswith("::explicit")

    return pulumi.Output.all(app.urn, provider.urn).apply(rehydrate).apply(check)
