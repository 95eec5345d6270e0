"""State per application: native plugin against the dynamic provider.

One application is created through each path (the native plugin, and Pulumi's dynamic-provider
host running ``pulumi_lakesail.dynamic.FlinkApplicationProvider``) against an emulator; the
outputs each returns, which the engine stores in the state, are measured as compact JSON. The
dynamic path also stores the pickled provider (``__provider``) in the outputs *and* the inputs
of every resource; its size must stay under 1 KB.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

from . import app_spec, emit, md_table, start_emulator, unique, write_result
from ._harness import configure, start_plugin, urn

NAME = "state_size"
DYNAMIC_TYPE = "pulumi-python:dynamic/lakesail:FlinkApplication"


def _size(values: dict[str, Any]) -> int:
    return len(json.dumps(values, separators=(",", ":"), sort_keys=True).encode())


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark; print its tables; write results/state_size.json."""
    from lakesail_testing.plugin import from_struct, reveal, to_struct
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime.proto import provider_pb2

    from pulumi_lakesail.dynamic import FlinkApplicationProvider

    blob = serialize_provider(FlinkApplicationProvider())
    assert len(blob) < 1024, f"the pickled dynamic provider is {len(blob)} bytes (limit 1 KB)"
    out: dict[str, Any] = {
        "provider_blob_base64": len(blob),
        "provider_blob_pickle": len(base64.b64decode(blob)),
    }
    with start_emulator() as emulator:
        native = start_plugin()
        dynamic = start_plugin(command=[sys.executable, "-u", "-m", "pulumi.dynamic"])
        try:
            configure(native, emulator)
            name = unique("s")
            checked = native.stub.Check(
                provider_pb2.CheckRequest(
                    urn=urn(name), olds=to_struct({}), news=to_struct(app_spec(name))
                )
            )
            created = native.stub.Create(
                provider_pb2.CreateRequest(urn=urn(name), properties=checked.inputs)
            )
            out["native_inputs"] = _size(reveal(from_struct(checked.inputs)))
            out["native_outputs"] = _size(reveal(from_struct(created.properties)))
            native.stub.Delete(
                provider_pb2.DeleteRequest(
                    id=created.id, urn=urn(name), properties=created.properties
                )
            )

            config = {
                "lakesail:endpoint": emulator.url,
                "lakesail:token": emulator.token,
                "lakesail:workspace": emulator.workspace,
            }
            dynamic.stub.Configure(
                provider_pb2.ConfigureRequest(args=to_struct(config), acceptSecrets=True)
            )
            name = unique("s")
            dyn_urn = urn(name).replace("lakesail:index:FlinkApplication", DYNAMIC_TYPE)
            checked = dynamic.stub.Check(
                provider_pb2.CheckRequest(
                    urn=dyn_urn,
                    olds=to_struct({}),
                    news=to_struct({**app_spec(name), "__provider": blob}),
                )
            )
            created = dynamic.stub.Create(
                provider_pb2.CreateRequest(urn=dyn_urn, properties=checked.inputs)
            )
            dyn_outputs = reveal(from_struct(created.properties))
            dyn_inputs = reveal(from_struct(checked.inputs))
            assert dyn_outputs.get("__provider") == blob, (
                "the host stores the provider in the outputs"
            )
            out["dynamic_inputs"] = _size(dyn_inputs)
            out["dynamic_outputs"] = _size(dyn_outputs)
            out["dynamic_outputs_without_provider"] = _size(
                {k: v for k, v in dyn_outputs.items() if k != "__provider"}
            )
            dynamic.stub.Delete(
                provider_pb2.DeleteRequest(
                    id=created.id, urn=dyn_urn, properties=created.properties
                )
            )
        finally:
            native.stop()
            dynamic.stop()
    native_total = out["native_inputs"] + out["native_outputs"]
    dynamic_total = out["dynamic_inputs"] + out["dynamic_outputs"]
    out["native_total"], out["dynamic_total"] = native_total, dynamic_total
    rows = [
        ["native plugin", out["native_inputs"], out["native_outputs"], "–", native_total, "1.00"],
        [
            "dynamic provider",
            out["dynamic_inputs"],
            out["dynamic_outputs"],
            f"{len(blob)} (in inputs and outputs)",
            dynamic_total,
            f"{dynamic_total / native_total:.2f}",
        ],
    ]
    markdown = emit(
        "State per application (bytes of compact JSON)",
        md_table(
            ["path", "inputs", "outputs", "`__provider` blob", "inputs + outputs", "× native"], rows
        ),
        f"`__provider` = `serialize_provider(FlinkApplicationProvider())`: {len(blob)} bytes "
        "of base64 "
        f"({out['provider_blob_pickle']} bytes of pickle, the class by reference; limit 1 KB). "
        "Without it "
        f"the dynamic outputs are {out['dynamic_outputs_without_provider']} bytes, like the native "
        "ones; the engine's own per-resource fields (URN, type, provider reference, "
        "timestamps) come on "
        "top of both.",
    )
    out["markdown"] = markdown
    write_result(NAME, out)
    return out
