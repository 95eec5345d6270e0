"""Every fault scenario, for every resource kind it applies to: the provider copes, and the
emulator holds exactly what it reported.

The scenarios live in ``lakesail_testing/fault_scenarios.py`` (and the stateful redeploys in
``stateful_fault_scenarios.py``) so that ``scripts/reliability_table.py`` runs the very same
code to produce the table in ``docs/reliability.md``. A scenario registered with a known provider
bug is ``xfail(strict=True, raises=KnownBug)``: it must fail on that bug and on nothing else.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import cast

import pytest
from lakesail_testing.fault_harness import APPS_PATH, FAST, Env, Timing
from lakesail_testing.fault_kinds import KnownBug
from lakesail_testing.fault_scenarios import SCENARIOS, KindScenario, run_scenario
from urllib3.connection import HTTPConnection
from urllib3.exceptions import NewConnectionError

from pulumi_lakesail.client import ApiConnectionError, LakeSailClient, RetryPolicy
from pulumi_lakesail.client.models import FlinkApplicationSpec
from pulumi_lakesail.core.convert import to_spec
from pulumi_lakesail.core.validate import check

SPEC = {
    "runtime": "FLINK_1_17",
    "job": {"jarUri": "local:///opt/flink/usrlib/job.jar", "entryClass": "org.example.Job"},
}


def _param(item: KindScenario) -> object:
    if item.known_bug is None:
        return pytest.param(item, id=item.key)
    known = pytest.mark.xfail(strict=True, raises=KnownBug, reason=item.known_bug)
    return pytest.param(item, id=item.key, marks=known)


@pytest.mark.parametrize("item", [_param(s) for s in SCENARIOS])
def test_fault_loses_duplicates_and_orphans_nothing(
    item: KindScenario, env_for: Callable[[Timing], Env]
) -> None:
    result = run_scenario(item, env_for(item.timing))
    if result.bug_met:
        raise KnownBug(result.error)
    assert result.error is None, result.error
    assert (result.lost, result.duplicated, result.orphaned) == (0, 0, 0), result.audits
    assert result.audits, "the emulator was never audited"


def test_connection_error_raised_while_another_is_handled_describes_its_own_cause(
    env_for: Callable[[Timing], Env],
) -> None:
    # The core sends its second create request inside the `except` block of the first failure.
    # The new error must describe the dropped connection, not the exception being handled, and
    # must not be classified by it: an earlier connect error made a dropped POST "not sent",
    # which the core re-raises without looking the name up (an orphan).
    env = env_for(FAST)
    emu = env.emulator
    spec = check({**SPEC, "name": f"context-{uuid.uuid4().hex[:6]}"}, emu.workspace).inputs
    emu.set_faults(paths=APPS_PATH, dropResponse={"count": 1, "methods": ["POST"]})
    with LakeSailClient(emu.url, emu.token, retry=RetryPolicy.none()) as client:
        try:
            raise NewConnectionError(HTTPConnection("127.0.0.1"), "an earlier, unrelated failure")
        except NewConnectionError:
            with pytest.raises(ApiConnectionError) as raised:
                client.create_application(emu.workspace, cast(FlinkApplicationSpec, to_spec(spec)))
    emu.clear_faults()
    for item in env.applications("context-"):
        env.remove(item["id"])
    message = str(raised.value)
    assert "unrelated" not in message, message
    assert raised.value.request_sent, "a POST that reached the server is classified as not sent"
    assert "closed connection" in message.lower() or "disconnected" in message.lower(), message
