"""FlinkSession and FlinkSessionJob through the real ``pulumi`` command, against the installed
plugin and a real emulator: examples/yaml-sessions (a session with two jobs) from up to destroy,
a stateful job change, an out-of-band job delete, ``pulumi import`` of a session and a job; and
examples/typescript-sessions (the Node.js SDK) as an Automation API inline program.

What the tests check about the server is read over raw HTTP with the emulator's token
(:class:`Sessions`), independently of the provider's client.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
import yaml
from lakesail_testing.automation_programs import (
    REPO,
    BuildError,
    ProgramDriver,
    build_typescript_example,
)
from lakesail_testing.emulator import EmulatorError
from lakesail_testing.engine import PulumiEnv

if TYPE_CHECKING:
    from conftest import LakeSail, YamlProject

    MakeYamlProject = Callable[[Path], YamlProject]

SESSION_TYPE = "lakesail:index:FlinkSession"
JOB_TYPE = "lakesail:index:FlinkSessionJob"
SESSION_NAME = "shared"  # examples/yaml-sessions' default sessionName
JOB_NAMES = ("sessionize", "wordcount")
POLL_DEADLINE = 15.0

TS_EXAMPLE = REPO / "examples" / "typescript-sessions"
TS_PROJECT: str = yaml.safe_load((TS_EXAMPLE / "Pulumi.yaml").read_text())["name"]
TS_SESSION_NAME = "shared-ts"


class Sessions:
    """The emulator's sessions and session jobs over raw HTTP, and their test controls."""

    def __init__(self, lakesail: LakeSail) -> None:
        self.lakesail = lakesail
        self.emulator = lakesail.emulator
        self.base = f"{lakesail.url}/api/flink/v1/workspaces/{lakesail.workspace}/sessions"

    def _get(self, url: str) -> requests.Response:
        return requests.get(url, headers=self.emulator.headers, timeout=10)

    def _list(self, url: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        params: dict[str, str] = {}
        while True:
            response = requests.get(url, headers=self.emulator.headers, params=params, timeout=10)
            assert response.status_code == 200, response.text
            page = response.json()
            items.extend(page["items"])
            if "marker" not in page:
                return items
            params = {"marker": page["marker"]}

    def sessions(self) -> list[dict[str, Any]]:
        """Every session of the workspace, DELETING ones included."""
        return self._list(self.base)

    def jobs(self, session_id: str) -> list[dict[str, Any]]:
        """Every job of a session, DELETING ones included."""
        return self._list(f"{self.base}/{session_id}/jobs")

    def snapshot(self) -> dict[str, tuple[str, dict[str, str]]]:
        """``{session name: (state, {job name: state})}`` of the whole workspace."""
        return {
            s["name"]: (s["state"], {j["name"]: j["state"] for j in self.jobs(s["id"])})
            for s in self.sessions()
        }

    def by_name(self) -> dict[str, tuple[str, dict[str, str]]]:
        """``{session name: (session ID, {job name: job ID})}``."""
        return {
            s["name"]: (s["id"], {j["name"]: j["id"] for j in self.jobs(s["id"])})
            for s in self.sessions()
        }

    def job(self, session_id: str, job_id: str) -> dict[str, Any]:
        response = self._get(f"{self.base}/{session_id}/jobs/{job_id}")
        assert response.status_code == 200, response.text
        described: dict[str, Any] = response.json()
        return described

    def job_status(self, session_id: str, job_id: str) -> int:
        """The HTTP status of describing a job (404 once it, or its session, is gone)."""
        return self._get(f"{self.base}/{session_id}/jobs/{job_id}").status_code

    def savepoints(self, session_id: str, job_id: str) -> dict[str, Any]:
        response = self._get(f"{self.base}/{session_id}/jobs/{job_id}/savepoints")
        assert response.status_code == 200, response.text
        listed: dict[str, Any] = response.json()
        return listed

    def _post(self, url: str, body: dict[str, Any]) -> str:
        response = requests.post(url, headers=self.emulator.headers, json=body, timeout=10)
        assert response.status_code == 201, response.text
        created: str = response.json()["id"]
        return created

    def create_session(self, name: str, **overrides: Any) -> str:
        """Create a session outside Pulumi (raw POST, every field of the spec); its ID."""
        spec: dict[str, Any] = {
            "name": name,
            "runtime": "FLINK_1_17",
            "jars": ["local:///opt/flink/examples/streaming/WordCount.jar"],
            "plugins": [],
            "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2"},
            "logConfiguration": {},
            "jobManagerResource": {"cpu": 0.5, "memory": "1024m"},
            "taskManagerResource": {"cpu": 1, "memory": "2g"},
            **overrides,
        }
        return self._post(self.base, spec)

    def create_job(self, session_id: str, name: str, **overrides: Any) -> str:
        """Create a job in a session outside Pulumi (raw POST); its ID."""
        spec: dict[str, Any] = {
            "name": name,
            "flinkConfiguration": {"parallelism.default": "2"},
            "job": {
                "entryClass": "org.apache.flink.streaming.examples.wordcount.WordCount",
                "args": ["--output", "print"],
            },
            **overrides,
        }
        return self._post(f"{self.base}/{session_id}/jobs", spec)

    def delete_job(self, session_id: str, job_id: str) -> None:
        """Delete a job behind Pulumi's back, through the API (DELETING, then gone)."""
        response = requests.delete(
            f"{self.base}/{session_id}/jobs/{job_id}", headers=self.emulator.headers, timeout=10
        )
        assert response.status_code == 204, response.text

    def progress(self, session_id: str, job_id: str) -> dict[str, Any]:
        """``{"progress": N, "restoredFrom": ...}``: the emulated job's progress counter."""
        path = f"workspaces/{self.lakesail.workspace}/sessions/{session_id}/jobs/{job_id}/progress"
        result: dict[str, Any] = self.emulator.control("GET", path)
        return result

    def savepoint_record(self, location: str) -> dict[str, Any]:
        """The emulator's record of a completed savepoint it produced at ``location``."""
        response = requests.get(
            f"{self.lakesail.url}/_emulator/savepoints", params={"location": location}, timeout=10
        )
        assert response.status_code == 200, response.text
        record: dict[str, Any] = response.json()
        return record

    def wait_for(
        self, predicate: Callable[[dict[str, tuple[str, dict[str, str]]]], bool]
    ) -> dict[str, tuple[str, dict[str, str]]]:
        """Poll :meth:`snapshot` until ``predicate`` holds; fail with the last one."""
        deadline = time.monotonic() + POLL_DEADLINE
        while True:
            seen = self.snapshot()
            if predicate(seen):
                return seen
            if time.monotonic() > deadline:
                pytest.fail(f"the emulator still holds {seen} after {POLL_DEADLINE:g}s")
            time.sleep(0.05)

    def wait_until_empty(self) -> None:
        """No session left (DELETING ones included), hence no job either."""
        self.wait_for(lambda seen: not seen)

    def purge(self) -> None:
        """Delete every session, with its jobs, out of band (cleanup after a failed test)."""
        for session in self.sessions():
            try:
                self.emulator.control(
                    "DELETE", f"workspaces/{self.lakesail.workspace}/sessions/{session['id']}"
                )
            except EmulatorError:  # gone meanwhile
                pass


@pytest.fixture
def sessions(lakesail: LakeSail) -> Iterator[Sessions]:
    """The module's emulator's sessions; whatever a test leaves behind is deleted after it."""
    helper = Sessions(lakesail)
    yield helper
    if lakesail.emulator.running:
        helper.purge()


def all_running(name: str = SESSION_NAME, jobs: tuple[str, ...] = JOB_NAMES) -> Any:
    """A :meth:`Sessions.wait_for` predicate: exactly session ``name``, RUNNING, with exactly
    the jobs ``jobs``, all RUNNING."""
    return lambda seen: seen == {name: ("RUNNING", dict.fromkeys(jobs, "RUNNING"))}


def resources_of(deployment: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    """The resources of one type in a ``stack export`` deployment, by logical name."""
    found = deployment.get("resources") or []
    return {r["urn"].rsplit("::", 1)[1]: r for r in found if r["type"] == type_}


def change_summary(project: YamlProject) -> dict[str, int]:
    """The change summary of ``pulumi preview --json``."""
    summary: dict[str, int] = json.loads(project.run("preview", "--json").stdout)["changeSummary"]
    return summary


def deployed(yaml_project: MakeYamlProject, example_copy: Callable[[str], Path]) -> YamlProject:
    """A configured copy of examples/yaml-sessions, after ``pulumi up``."""
    project = yaml_project(example_copy("yaml-sessions"))
    project.run("up", "--yes", "--skip-preview")
    return project


# ----------------------------------------------------------------------- examples/yaml-sessions


def test_up_to_running_preview_no_changes_destroy(
    yaml_project: MakeYamlProject,
    example_copy: Callable[[str], Path],
    lakesail: LakeSail,
    sessions: Sessions,
) -> None:
    project = yaml_project(example_copy("yaml-sessions"))
    assert change_summary(project) == {"create": 4}  # the stack, the session, two jobs
    assert sessions.sessions() == []  # a preview creates nothing

    project.run("up", "--yes", "--skip-preview")
    outputs = project.outputs()
    assert outputs["wordcountState"] == "RUNNING"
    assert outputs["wordcountId"] == lakesail.ref(f"{SESSION_NAME}/wordcount")
    assert outputs["webUi"].startswith(f"{lakesail.url}/flink-ui/")
    sessions.wait_for(all_running())  # RUNNING when up returned: nothing to wait for
    [(session_id, job_ids)] = sessions.by_name().values()
    assert outputs["sessionId"] == session_id
    assert outputs["sessionizeJobId"] == job_ids["sessionize"]
    wordcount = sessions.job(session_id, job_ids["wordcount"])
    assert wordcount["flinkConfiguration"] == {"parallelism.default": "2"}
    assert wordcount["job"].get("jarUri") is None  # the session's jars hold the program

    # Read back, the session and the jobs are exactly what was declared: no diff, no drift.
    assert change_summary(project) == {"same": 4}
    project.run("refresh", "--yes", "--expect-no-changes")
    lakesail.assert_token_hidden(project.state_text(), *project.transcript)

    destroy = project.run("destroy", "--yes").stdout
    assert "4 deleted" in destroy, destroy
    sessions.wait_until_empty()
    assert [sessions.job_status(session_id, j) for j in job_ids.values()] == [404, 404]
    assert project.outputs() == {}
    deployment = project.export()
    assert resources_of(deployment, SESSION_TYPE) == resources_of(deployment, JOB_TYPE) == {}


def test_a_stateful_job_change_redeploys_from_a_savepoint(
    yaml_project: MakeYamlProject,
    example_copy: Callable[[str], Path],
    lakesail: LakeSail,
    sessions: Sessions,
) -> None:
    project = deployed(yaml_project, example_copy)
    [(session_id, first_jobs)] = sessions.by_name().values()
    job_id = first_jobs["wordcount"]
    before = resources_of(project.export(), JOB_TYPE)["wordcount"]["outputs"]
    assert (before["restoredFrom"], before["lastSavepoint"]) == ("", "")
    assert sessions.savepoints(session_id, job_id)["completed"] == []
    sessions.lakesail.wait_for(lambda _: sessions.progress(session_id, job_id)["progress"] > 0)
    progress_before = sessions.progress(session_id, job_id)["progress"]

    # wordcount has upgradeMode savepoint: a change to its flinkConfiguration takes a savepoint,
    # deletes the job and submits the new one from that savepoint, in the same session.
    project.edit_program('parallelism.default: "2"', 'parallelism.default: "4"')
    preview = project.run("preview")
    assert "1 to update" in preview.stdout, preview.stdout
    assert "carried over through a new savepoint" in preview.stdout + preview.stderr
    up = project.run("up", "--yes", "--skip-preview")
    assert "1 updated" in up.stdout, up.stdout

    after = resources_of(project.export(), JOB_TYPE)["wordcount"]["outputs"]
    restored_from = after["restoredFrom"]
    assert restored_from.startswith("file:///"), after
    assert restored_from == after["lastSavepoint"]  # the savepoint this redeploy took
    assert f"completed: {restored_from}" in up.stdout + up.stderr
    # The emulator produced that savepoint, and the new job started from it: its progress
    # counter continued from what the savepoint captured, not from 0.
    captured = sessions.savepoint_record(restored_from)["progress"]
    assert captured >= progress_before
    new_job_id = after["jobId"]
    assert new_job_id != job_id
    running = sessions.progress(session_id, new_job_id)
    assert running["restoredFrom"] == restored_from
    assert running["progress"] >= captured
    described = sessions.job(session_id, new_job_id)
    assert described["state"] == "RUNNING"
    assert described["flinkConfiguration"]["parallelism.default"] == "4"
    # The session and the other job were left alone.
    assert sessions.by_name() == {
        SESSION_NAME: (
            session_id,
            {"wordcount": new_job_id, "sessionize": first_jobs["sessionize"]},
        )
    }
    project.run("refresh", "--yes", "--expect-no-changes")  # the outputs were current

    project.run("destroy", "--yes")
    sessions.wait_until_empty()


def test_an_out_of_band_job_delete_is_dropped_by_refresh_and_recreated_by_up(
    yaml_project: MakeYamlProject,
    example_copy: Callable[[str], Path],
    lakesail: LakeSail,
    sessions: Sessions,
) -> None:
    project = deployed(yaml_project, example_copy)
    [(session_id, first_jobs)] = sessions.by_name().values()
    gone = first_jobs["sessionize"]

    sessions.delete_job(session_id, gone)
    sessions.wait_for(all_running(jobs=("wordcount",)))
    refresh = project.run("refresh", "--yes").stdout
    assert "1 deleted" in refresh, refresh
    assert set(resources_of(project.export(), JOB_TYPE)) == {"wordcount"}
    assert change_summary(project) == {"create": 1, "same": 3}

    up = project.run("up", "--yes", "--skip-preview").stdout
    assert "1 created" in up, up
    sessions.wait_for(all_running())
    again = sessions.by_name()[SESSION_NAME]
    assert again[0] == session_id
    assert again[1]["wordcount"] == first_jobs["wordcount"]  # untouched
    assert again[1]["sessionize"] not in (gone, first_jobs["wordcount"])
    assert project.outputs()["sessionizeJobId"] == again[1]["sessionize"]
    assert change_summary(project) == {"same": 4}

    project.run("destroy", "--yes")
    sessions.wait_until_empty()


IMPORT_HEADER = "name: lakesail-import-sessions\nruntime: yaml\n"


def test_import_of_a_session_and_a_job_then_a_clean_preview(
    pulumi_env: PulumiEnv,
    yaml_project: MakeYamlProject,
    lakesail: LakeSail,
    sessions: Sessions,
) -> None:
    session_id = sessions.create_session("adopted-session")
    sessions.wait_for(lambda seen: seen == {"adopted-session": ("RUNNING", {})})
    job_id = sessions.create_job(session_id, "adopted-job")
    sessions.wait_for(all_running("adopted-session", ("adopted-job",)))

    directory = pulumi_env.projects_dir / "lakesail-import-sessions"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(IMPORT_HEADER)
    project = yaml_project(directory)

    # Both in one `pulumi import`: the session by its LakeSail ID, the job by its names.
    import_file = pulumi_env.root / "import.json"
    import_file.write_text(
        json.dumps(
            {
                "resources": [
                    {"type": SESSION_TYPE, "name": "session", "id": lakesail.ref(session_id)},
                    {
                        "type": JOB_TYPE,
                        "name": "job",
                        "id": lakesail.ref("adopted-session/adopted-job"),
                    },
                ]
            }
        )
    )
    generated = pulumi_env.root / "generated.yaml"
    imported = project.run("import", "--file", str(import_file), "--yes", "--out", str(generated))
    assert "2 imported" in imported.stdout, imported.stdout
    declared = yaml.safe_load(generated.read_text())["resources"]
    assert declared["session"]["properties"]["name"] == "adopted-session"
    # Imported together, the job names its session through the session's output (what orders
    # the job after the session), not as a literal.
    assert declared["job"]["properties"]["session"] == "${session.name}"
    assert declared["job"]["properties"]["flinkConfiguration"] == {"parallelism.default": "2"}

    # The generated declarations, unedited, are the program: they match what import recorded.
    (directory / "Pulumi.yaml").write_text(IMPORT_HEADER + generated.read_text())
    assert change_summary(project) == {"same": 3}
    deployment = project.export()
    recorded = {**resources_of(deployment, SESSION_TYPE), **resources_of(deployment, JOB_TYPE)}
    # Imported by the LakeSail ID, tracked by <workspace>/<name> from then on.
    assert recorded["session"]["id"] == lakesail.ref("adopted-session")
    assert recorded["job"]["id"] == lakesail.ref("adopted-session/adopted-job")
    assert recorded["job"]["outputs"]["jobId"] == job_id
    assert sessions.by_name() == {"adopted-session": (session_id, {"adopted-job": job_id})}

    # Managed from now on: once unprotected, destroy deletes both from LakeSail.
    project.run("state", "unprotect", "--all", "--yes")
    project.run("destroy", "--yes")
    sessions.wait_until_empty()


# ---------------------------------------------------------------- examples/typescript-sessions


@pytest.fixture(scope="session")
def typescript_sessions_example(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The staged, installed and compiled example (reused across sessions while unchanged)."""
    cache = getattr(pytestconfig, "cache", None)  # None with -p no:cacheprovider
    cache_dir = (
        cache.mkdir("lakesail-typescript-sessions-example")
        if cache is not None
        else tmp_path_factory.mktemp("typescript-sessions-example")
    )
    try:
        return build_typescript_example(cache_dir, example=TS_EXAMPLE.name)
    except BuildError as exc:
        failure = str(exc)
    pytest.fail(failure, pytrace=False)  # outside the except: no chained traceback


@pytest.mark.timeout(900)  # the first run of a machine installs the example from the registry
def test_typescript_sessions_example_lifecycle(
    pulumi_env: PulumiEnv,
    lakesail: LakeSail,
    sessions: Sessions,
    no_lakesail_env: None,
    typescript_sessions_example: Path,
    read_state: Callable[[str, str], str],
) -> None:
    node = shutil.which("node")
    assert node is not None  # typescript_sessions_example failed otherwise
    plain, secret = lakesail.config()
    driver = ProgramDriver(
        pulumi_env,
        [node, str(typescript_sessions_example / "bin" / "e2e" / "driver.js")],
        project=TS_PROJECT,
        config=plain,
        secret_config=secret,
        cwd=typescript_sessions_example,
    )

    (preview,) = driver.run("preview")
    assert preview["changes"] == {"create": 4}  # the stack, the session, two jobs
    assert sessions.sessions() == []

    up, same, refreshed = driver.run("up", "preview", "refresh")
    assert up["result"] == "succeeded", up
    assert up["changes"] == {"create": 4}
    sessions.wait_for(all_running(TS_SESSION_NAME))
    [(session_id, job_ids)] = sessions.by_name().values()
    outputs = up["outputs"]
    assert outputs["sessionId"] == session_id
    assert outputs["wordcountId"] == lakesail.ref(f"{TS_SESSION_NAME}/wordcount")
    assert outputs["wordcountState"] == "RUNNING"
    assert outputs["sessionizeJobId"] == job_ids["sessionize"]
    assert same["changes"] == {"same": 4}
    assert refreshed["changes"] == {"same": 4}

    state = read_state(TS_PROJECT, driver.stack)
    assert '"ciphertext"' in state
    lakesail.assert_token_hidden(state, *driver.transcript)

    (destroy,) = driver.run("destroy")
    assert destroy["changes"] == {"delete": 4}
    assert (destroy["outputs"], destroy["resources"]) == ({}, [])
    sessions.wait_until_empty()
