"""Memory sizes, CPU amounts and resource IDs."""

from __future__ import annotations

import pytest

from pulumi_lakesail.core.resource_id import ApplicationRef, InvalidResourceIdError
from pulumi_lakesail.resources.quantities import parse_bytes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1024", 1024),
        ("1k", 1024),
        ("1K", 1024),
        ("1.0k", 1024),
        ("1024m", 1024**3),
        ("1g", 1024**3),
        ("1.5 G", 3 * 1024**3 // 2),
        (".5t", 1024**4 // 2),
        ("2Gi", None),
        ("1.5", None),
        ("", None),
    ],
)
def test_parse_bytes_follows_the_contract_pattern(text: str, expected: int | None) -> None:
    assert parse_bytes(text) == expected


def test_resource_id_round_trips() -> None:
    ref = ApplicationRef.parse("DEFAULT/ABC123")
    assert (ref.workspace, ref.application_id, str(ref)) == ("DEFAULT", "ABC123", "DEFAULT/ABC123")


@pytest.mark.parametrize(
    "text", ["ABC123", "default/ABC", "DEFAULT/", "/ABC", "A/B/C", "DEFAULT/abc"]
)
def test_malformed_resource_ids_say_the_expected_form(text: str) -> None:
    with pytest.raises(InvalidResourceIdError, match="<workspace>/<applicationId>"):
        ApplicationRef.parse(text)
