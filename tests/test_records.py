from __future__ import annotations

import time
from pathlib import Path

import pytest

from bonekg.errors import DataError
from bonekg.records import display_path, read_yaml

LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "nodes.yaml"
    path.write_text(LAUGHS)  # 9**9 (387 million) strings once expanded
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        read_yaml(path, "nodes.yaml")
    assert time.monotonic() - started < 1
    assert [str(p) for p in caught.value.problems] == [
        "nodes.yaml:2: yaml: aliases (*name) are not allowed"
    ]


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "nodes.yaml"
    path.write_text("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    with pytest.raises(DataError, match=r"nodes.yaml:3: yaml: merge keys \(<<\) are not allowed"):
        read_yaml(path, "nodes.yaml")


def test_plain_documents_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "nodes.yaml"
    path.write_text("- id: A:1\n  label: a\n- id: B:2\n  label: b\n")
    doc = read_yaml(path, "nodes.yaml")
    assert doc.value == [{"id": "A:1", "label": "a"}, {"id": "B:2", "label": "b"}]
    assert doc.line((1, "label")) == 4


def test_display_path_survives_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert display_path(loop / "nodes.yaml") == str(loop / "nodes.yaml")
