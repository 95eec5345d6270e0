"""The hand-written Python SDK and schema.json describe the same package.

Every schema property must have a getter (its ``@pulumi.getter(name=...)`` is the camelCase name)
on the matching SDK class, and every getter a schema property; required properties must be the
required constructor arguments (or non-optional types); docstrings must be the schema's
descriptions. When this fails after a schema change, update the SDK module the message names.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime
import pytest

import pulumi_lakesail as lakesail
from pulumi_lakesail import _enums, _inputs, _utilities, outputs
from pulumi_lakesail.config import vars as config_vars
from pulumi_lakesail.flink_application import FlinkApplication, FlinkApplicationArgs
from pulumi_lakesail.get_flink_application import GetFlinkApplicationResult
from pulumi_lakesail.list_flink_applications import ListFlinkApplicationsResult
from pulumi_lakesail.provider import Provider, ProviderArgs

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
SCHEMA: dict[str, Any] = json.loads((ROOT / "schema.json").read_text())
PACKAGE = SCHEMA["name"]
APP = f"{PACKAGE}:index:FlinkApplication"
GET_FUNCTION = f"{PACKAGE}:index:getFlinkApplication"
LIST_FUNCTION = f"{PACKAGE}:index:listFlinkApplications"
FUNCTIONS: dict[str, tuple[Callable[..., Any], Callable[..., Any], type]] = {
    GET_FUNCTION: (
        lakesail.get_flink_application,
        lakesail.get_flink_application_output,
        GetFlinkApplicationResult,
    ),
    LIST_FUNCTION: (
        lakesail.list_flink_applications,
        lakesail.list_flink_applications_output,
        ListFlinkApplicationsResult,
    ),
}


# --- helpers ------------------------------------------------------------------------------------


def getters(cls: type) -> dict[str, property]:
    """Pulumi (camelCase) name -> the property that ``cls`` itself declares with @pulumi.getter."""
    found: dict[str, property] = {}
    for value in vars(cls).values():
        if isinstance(value, property):
            pulumi_name = getattr(value.fget, "_pulumi_name", None)
            if pulumi_name is not None:
                found[pulumi_name] = value
    return found


def python_names(cls: type) -> dict[str, str]:
    """Pulumi name -> Python name of the getters of ``cls``."""
    return {name: prop.fget.__name__ for name, prop in getters(cls).items()}  # type: ignore[union-attr]


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def ref_name(spec: Mapping[str, Any]) -> str | None:
    ref = spec.get("$ref") or spec.get("items", {}).get("$ref")
    return ref.rsplit(":", 1)[-1] if ref else None


def object_types() -> dict[str, dict[str, Any]]:
    return {
        token.rsplit(":", 1)[-1]: spec
        for token, spec in SCHEMA["types"].items()
        if spec.get("type") == "object"
    }


def enum_types() -> dict[str, dict[str, Any]]:
    return {
        token.rsplit(":", 1)[-1]: spec for token, spec in SCHEMA["types"].items() if "enum" in spec
    }


def referenced(properties: Iterator[Mapping[str, Any]]) -> set[str]:
    """Names of the object types reachable from ``properties``."""
    found: set[str] = set()
    pending = list(properties)
    while pending:
        name = ref_name(pending.pop())
        if name and name in object_types() and name not in found:
            found.add(name)
            pending.extend(object_types()[name].get("properties", {}).values())
    return found


def input_type_names() -> set[str]:
    resource = SCHEMA["resources"][APP]
    specs = [*resource["inputProperties"].values()]
    for function in SCHEMA["functions"].values():
        specs.extend(function.get("inputs", {}).get("properties", {}).values())
    return referenced(iter(specs))


def output_type_names() -> set[str]:
    resource = SCHEMA["resources"][APP]
    specs = [*resource["properties"].values()]
    for function in SCHEMA["functions"].values():
        specs.extend(function.get("outputs", {}).get("properties", {}).values())
    return referenced(iter(specs))


def return_hint(prop: property, owner: type) -> Any:
    module = inspect.getmodule(owner)
    globalns = vars(module) if module else None
    # pulumi.Input holds the forward reference "Output[T]"; resolve it as pulumi's own code does
    localns = {"Output": pulumi.Output, "T": Any}
    return typing.get_type_hints(prop.fget, globalns, localns)["return"]


def is_optional(hint: Any) -> bool:
    """Whether a getter's type admits None (``X | None``, ``Input[X | None]``, ``Output[...]``)."""
    origin = typing.get_origin(hint)
    if origin is pulumi.Output:
        return is_optional(typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(hint)
    return False


def required_parameters(function: Callable[..., Any]) -> set[str]:
    return {
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }


def keyword_parameters(function: Callable[..., Any]) -> list[str]:
    skip = {"__self__", "self", "resource_name", "opts", "__props__", "args"}
    return [name for name in inspect.signature(function).parameters if name not in skip]


def assert_same_names(schema_names: set[str], sdk_names: set[str], where: str) -> None:
    missing, extra = sorted(schema_names - sdk_names), sorted(sdk_names - schema_names)
    assert not missing and not extra, (
        f"{where}: schema properties without an SDK getter: {missing}; "
        f"SDK getters without a schema property: {extra}"
    )


def assert_docs(cls: type, properties: Mapping[str, Any], where: str) -> None:
    for name, prop in getters(cls).items():
        assert words(prop.__doc__) == words(properties[name].get("description")), (
            f"{where}.{name}: docstring differs from the schema description"
        )


def assert_required(
    cls: type, properties: Mapping[str, Any], required: set[str], where: str
) -> None:
    for name, prop in getters(cls).items():
        optional = is_optional(return_hint(prop, cls))
        assert optional == (name not in required), (
            f"{where}.{name}: the getter's type {'admits' if optional else 'excludes'} None, but "
            f"the schema has it {'required' if name in required else 'optional'}"
        )


# --- the resource -------------------------------------------------------------------------------


def test_resource_inputs_match_flink_application_args() -> None:
    resource = SCHEMA["resources"][APP]
    assert_same_names(set(resource["inputProperties"]), set(getters(FlinkApplicationArgs)), APP)
    assert_docs(FlinkApplicationArgs, resource["inputProperties"], "FlinkApplicationArgs")
    required = set(resource.get("requiredInputs", []))
    assert_required(FlinkApplicationArgs, resource["inputProperties"], required, "Args")
    names = python_names(FlinkApplicationArgs)
    assert required_parameters(FlinkApplicationArgs.__init__) == {names[n] for n in required}


def test_resource_outputs_match_flink_application_properties() -> None:
    resource = SCHEMA["resources"][APP]
    assert_same_names(set(resource["properties"]), set(getters(FlinkApplication)), APP)
    assert_docs(FlinkApplication, resource["properties"], "FlinkApplication")
    required = set(resource.get("required", []))
    assert_required(FlinkApplication, resource["properties"], required, "FlinkApplication")
    assert pulumi.get_type_token(FlinkApplication) == APP
    assert words(FlinkApplication.__doc__) == words(resource["description"])


def test_resource_constructor_takes_every_input() -> None:
    resource = SCHEMA["resources"][APP]
    names = python_names(FlinkApplicationArgs)
    expected = sorted(names[n] for n in resource["inputProperties"])
    assert sorted(keyword_parameters(FlinkApplication._internal_init)) == expected
    assert sorted(keyword_parameters(FlinkApplicationArgs.__init__)) == expected


@pytest.mark.parametrize("missing", sorted(SCHEMA["resources"][APP].get("requiredInputs", [])))
def test_missing_required_input_raises_type_error(missing: str) -> None:
    names = python_names(FlinkApplicationArgs)
    given = {
        names[n]: "x" for n in SCHEMA["resources"][APP].get("requiredInputs", []) if n != missing
    }
    with pytest.raises(TypeError, match=f"Missing required property '{names[missing]}'"):
        FlinkApplication("app", **given)


# --- object and enum types ----------------------------------------------------------------------


def test_every_input_type_has_args_classes_and_no_more() -> None:
    sdk = {name.removesuffix("Args") for name in _inputs.__all__ if name.endswith("Args")}
    sdk_dicts = {name.removesuffix("ArgsDict") for name in _inputs.__all__ if name.endswith("Dict")}
    assert sdk == sdk_dicts == input_type_names()


def test_every_output_type_has_an_output_class_and_no_more() -> None:
    assert set(outputs.__all__) == output_type_names()


@pytest.mark.parametrize("type_name", sorted(input_type_names()))
def test_input_type_matches_args_and_args_dict(type_name: str) -> None:
    spec = object_types()[type_name]
    args_cls = getattr(_inputs, f"{type_name}Args")
    dict_cls = getattr(_inputs, f"{type_name}ArgsDict")
    properties, required = spec.get("properties", {}), set(spec.get("required", []))
    assert_same_names(set(properties), set(getters(args_cls)), f"{type_name}Args")
    assert_docs(args_cls, properties, f"{type_name}Args")
    assert_required(args_cls, properties, required, f"{type_name}Args")
    names = python_names(args_cls)
    assert required_parameters(args_cls.__init__) == {names[n] for n in required}
    assert set(dict_cls.__annotations__) == set(names.values())
    assert dict_cls.__required_keys__ == {names[n] for n in required}


@pytest.mark.parametrize("type_name", sorted(output_type_names()))
def test_output_type_matches_output_class(type_name: str) -> None:
    spec = object_types()[type_name]
    cls = getattr(outputs, type_name)
    properties, required = spec.get("properties", {}), set(spec.get("required", []))
    assert_same_names(set(properties), set(getters(cls)), f"outputs.{type_name}")
    assert_docs(cls, properties, f"outputs.{type_name}")
    assert_required(cls, properties, required, f"outputs.{type_name}")
    names = python_names(cls)
    assert required_parameters(cls.__init__) == {names[n] for n in required}
    assert words(cls.__doc__) == words(spec.get("description"))


@pytest.mark.parametrize("type_name", sorted(enum_types()))
def test_enum_matches_schema(type_name: str) -> None:
    spec = enum_types()[type_name]
    enum_cls: type[Enum] = getattr(_enums, type_name)
    assert pulumi.get_type_token(enum_cls) == f"{PACKAGE}:index:{type_name}"
    assert [member.value for member in enum_cls] == [case["value"] for case in spec["enum"]]
    assert [member.name for member in enum_cls] == [
        case.get("name", case["value"]).upper() for case in spec["enum"]
    ]
    assert words(enum_cls.__doc__) == words(spec["description"])
    assert set(_enums.__all__) == set(enum_types())


# --- functions ----------------------------------------------------------------------------------


class _Captured:
    """Stands in for pulumi.runtime.invoke: records what the SDK would send."""

    def __init__(self, result_cls: type) -> None:
        self.result_cls = result_cls
        self.calls: list[tuple[str, dict[str, Any], Any]] = []

    def __call__(self, token: str, args: dict[str, Any], opts: Any = None, typ: Any = None) -> Any:
        self.calls.append((token, dict(args), opts))
        return types.SimpleNamespace(value=self.result_cls())


@pytest.mark.parametrize("token", sorted(FUNCTIONS))
def test_function_inputs_match_the_signature_and_wire_names(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    function, output_function, result_cls = FUNCTIONS[token]
    inputs = SCHEMA["functions"][token].get("inputs", {}).get("properties", {})
    captured = _Captured(result_cls)
    monkeypatch.setattr(pulumi.runtime, "invoke", captured)

    parameters = keyword_parameters(function)
    assert keyword_parameters(output_function) == parameters
    function(**{name: f"value-of-{name}" for name in parameters})

    [(sent_token, sent_args, opts)] = captured.calls
    assert sent_token == token
    assert set(sent_args) == set(inputs), "wire names of the function's arguments"
    wire_to_python = {wire: value.removeprefix("value-of-") for wire, value in sent_args.items()}
    assert all(_camel(python) == wire for wire, python in wire_to_python.items())
    assert opts.plugin_download_url is None
    assert words(function.__doc__).startswith(words(SCHEMA["functions"][token]["description"]))


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("token", sorted(FUNCTIONS))
def test_function_outputs_match_the_result_class(token: str) -> None:
    _, _, result_cls = FUNCTIONS[token]
    spec = SCHEMA["functions"][token]["outputs"]
    properties, required = spec.get("properties", {}), set(spec.get("required", []))
    assert_same_names(set(properties), set(getters(result_cls)), result_cls.__name__)
    assert_docs(result_cls, properties, result_cls.__name__)
    assert_required(result_cls, properties, required, result_cls.__name__)
    names = python_names(result_cls)
    assert sorted(keyword_parameters(result_cls.__init__)) == sorted(names.values())


# --- provider and config ------------------------------------------------------------------------


def test_provider_args_match_the_provider_inputs_and_config() -> None:
    provider = SCHEMA["provider"]
    variables = SCHEMA["config"]["variables"]
    assert_same_names(set(provider["inputProperties"]), set(getters(ProviderArgs)), "ProviderArgs")
    assert_same_names(set(variables), set(getters(ProviderArgs)), "config variables")
    assert_docs(ProviderArgs, provider["inputProperties"], "ProviderArgs")
    assert_required(ProviderArgs, provider["inputProperties"], set(), "ProviderArgs")
    assert required_parameters(ProviderArgs.__init__) == set()
    names = python_names(ProviderArgs)
    assert sorted(keyword_parameters(Provider._internal_init)) == sorted(names.values())
    assert words(Provider.__doc__) == words(provider["description"])
    assert pulumi.get_type_token(Provider) == f"pulumi:providers:{PACKAGE}"


def test_provider_outputs_match_the_provider_properties() -> None:
    properties = SCHEMA["provider"].get("properties", {})
    assert_same_names(set(properties), set(getters(Provider)), "Provider")
    assert_docs(Provider, properties, "Provider")


def test_config_accessors_read_every_config_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    variables = SCHEMA["config"]["variables"]
    read: list[str] = []
    config = config_vars.__config__
    monkeypatch.setattr(config, "get", lambda key, *a, **k: read.append(key))
    monkeypatch.setattr(config, "get_bool", lambda key, *a, **k: read.append(key))
    accessors = {
        name: value
        for name, value in vars(config_vars._ExportableConfig).items()
        if isinstance(value, property)
    }
    for name, accessor in accessors.items():
        before = len(read)
        getattr(lakesail.config, name)
        [key] = read[before:]
        assert key in variables, f"config.{name} reads lakesail:{key}, not in the schema"
        assert _camel(name) == key
        assert words(accessor.__doc__) == words(variables[key]["description"])
    assert sorted(read) == sorted(variables)


# --- the public surface -------------------------------------------------------------------------


def test_public_surface_resolves_and_matches_the_lazy_table() -> None:
    for name in lakesail.__all__:
        assert getattr(lakesail, name) is not None, name
    assert set(lakesail.__all__) == {*lakesail._LAZY, "__version__"}
    assert callable(lakesail.get_flink_application)
    assert callable(lakesail.list_flink_applications)
    assert isinstance(lakesail.outputs, types.ModuleType)
    assert lakesail.outputs is outputs


def test_camel_case_names_are_the_snake_case_python_names() -> None:
    classes = [FlinkApplicationArgs, FlinkApplication, ProviderArgs, Provider]
    classes += [getattr(_inputs, f"{n}Args") for n in input_type_names()]
    classes += [getattr(outputs, n) for n in output_type_names()]
    classes += [result for _, _, result in FUNCTIONS.values()]
    for cls in classes:
        for wire, python in python_names(cls).items():
            assert re.fullmatch(r"[a-z][a-z0-9_]*", python), f"{cls.__name__}.{python}"
            assert _camel(python) == wire, f"{cls.__name__}.{python} is sent as {wire}"


# --- plugin metadata and version ----------------------------------------------------------------


def test_pulumi_plugin_json_names_the_package_as_gen_sdk_writes_it() -> None:
    # No "version" (gen-sdk writes none unless respectSchemaVersion is set): the language host then
    # takes the installed distribution's version, so the version stays in pyproject.toml alone.
    # No "server": the plugin is found on PATH, never downloaded.
    plugin = json.loads((ROOT / "pulumi_lakesail" / "pulumi-plugin.json").read_text())
    assert plugin == {"resource": True, "name": PACKAGE}


@pytest.mark.parametrize(
    ("pep440", "semver"),
    [
        ("0.1.0", "0.1.0"),
        ("1.2", "1.2.0"),
        ("1.2.3a1", "1.2.3-alpha.1"),
        ("1.2.3b2", "1.2.3-beta.2"),
        ("1.2.3rc3", "1.2.3-rc.3"),
        ("1.2.3.dev4", "1.2.3-dev.4"),
        ("1.2.3+g1234abc", "1.2.3-g1234abc"),
    ],
)
def test_sdk_version_is_sent_as_semver(pep440: str, semver: str) -> None:
    assert str(_utilities.semver_from_pep440(pep440)) == semver
    assert _utilities.get_version() == str(_utilities.semver_from_pep440(lakesail.__version__))


def test_importing_the_package_loads_neither_pulumi_nor_the_provider_internals() -> None:
    code = (
        "import sys, pulumi_lakesail\n"
        "loaded = sorted(m for m in sys.modules if m == 'pulumi' or m.startswith(('pulumi.',"
        " 'pulumi_lakesail.', 'lakesail_emulator', 'requests', 'pydantic')))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['pulumi_lakesail._version']"
