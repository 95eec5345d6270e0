"""Data survives a clean restart and a kill -9 (same --db and --token)."""

from __future__ import annotations

import pytest
from lakesail_testing.emulator import EmulatorProcess

pytestmark = pytest.mark.emulator


@pytest.mark.parametrize("kill", [False, True], ids=["sigterm", "sigkill"])
def test_everything_survives_a_restart(api_for, specs, poll, kill):
    with EmulatorProcess(startup_seconds=1.0, delete_seconds=0.0) as emu:
        api = api_for(emu)
        app = api.create("/applications", specs.app())
        session = api.create("/sessions", specs.session())
        job = api.create(f"/sessions/{session['id']}/jobs", specs.job())
        poll(lambda: api.flink("GET", f"/applications/{app['id']}").json()["state"],
             lambda s: s == "RUNNING")  # fmt: skip
        savepoint = api.flink("POST", f"/applications/{app['id']}/savepoints").json()
        other = emu.control("POST", "organizations")
        doomed = api.create("/applications", specs.app())
        assert api.flink("DELETE", f"/applications/{doomed['id']}").status_code == 204
        before = api.flink("GET", f"/applications/{app['id']}").json()
        url = emu.url

        emu.restart(kill=kill)

        api = api_for(emu)
        assert emu.url == url  # same port when it is free
        after = api.flink("GET", f"/applications/{app['id']}").json()
        assert {k: v for k, v in after.items() if k not in ("state", "updatedAt")} == {
            k: v for k, v in before.items() if k not in ("state", "updatedAt")
        }
        assert api.flink("GET", f"/sessions/{session['id']}/jobs/{job['id']}").status_code == 200
        assert api.flink("GET", f"/applications/{doomed['id']}").status_code == 404
        # the state machine continues from the stored timestamps
        poll(lambda: api.flink("GET", f"/applications/{app['id']}").json()["state"],
             lambda s: s == "RUNNING")  # fmt: skip
        savepoints = api.flink("GET", f"/applications/{app['id']}/savepoints").json()
        nonces = [s["triggerNonce"] for s in savepoints["pending"] + savepoints["completed"]]
        assert nonces == [savepoint["triggerNonce"]]
        # keys survive: the bootstrap one and one issued by a control
        assert api.request("GET", "/api/org/v1/me").status_code == 200
        theirs = api.flink("GET", "/applications", ws=other["workspace"], token=other["token"])
        assert theirs.status_code == 200
        # names stay unique across the restart
        dup = api.flink("POST", "/applications", json=specs.app(before["name"]))
        assert dup.status_code == 409


def test_restart_with_another_token_revokes_the_old_bootstrap_key(api_for, tmp_path):
    db = tmp_path / "e.db"
    with EmulatorProcess(token="first-token-abc", db_path=db) as first:
        api = api_for(first)
        assert api.request("GET", "/api/org/v1/me").status_code == 200
    with EmulatorProcess(token="second-token-xyz", db_path=db) as second:
        api = api_for(second)
        assert api.request("GET", "/api/org/v1/me").status_code == 200
        assert api.request("GET", "/api/org/v1/me", token="first-token-abc").status_code == 401
