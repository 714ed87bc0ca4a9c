"""The memory a job may use: the machine's, or its container's limit (Linux control groups,
v1 and v2), read from files laid out as the kernel lays them out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nnviz.memory
from nnviz.memory import Memory, amount, container_limit


def groups(tmp_path: Path, own: str, files: dict[str, str]) -> tuple[Path, Path]:
    """A cgroup tree under tmp_path/cgroup with ``files`` in it, and a /proc/self/cgroup."""
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (tmp_path / "self").write_text(own)
    return root, tmp_path / "self"


def test_a_v2_group_limit_is_the_tightest_of_the_group_and_its_parents(tmp_path):
    root, own = groups(tmp_path, "0::/user.slice/job\n", {
        "user.slice/job/memory.max": "max\n",
        "user.slice/memory.max": "2147483648\n",
        "memory.max": "8589934592\n",
    })
    assert container_limit(root, own) == 2 * 2**30


def test_a_v1_memory_hierarchy_limit_is_read_and_its_no_limit_ignored(tmp_path):
    own_lines = "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n"
    root, own = groups(tmp_path, own_lines, {
        "memory/docker/abc/memory.limit_in_bytes": "536870912\n",
        "memory/memory.limit_in_bytes": "9223372036854771712\n",
    })
    assert container_limit(root, own) == 512 * 2**20
    (root / "memory/docker/abc/memory.limit_in_bytes").write_text("9223372036854771712\n")
    assert container_limit(root, own) is None


def test_a_container_that_sees_its_own_group_as_the_root_is_limited_by_the_roots_file(tmp_path):
    """Docker without a cgroup namespace: /proc/self/cgroup names /docker/abc, but the mounted
    hierarchy is the container's own group."""
    root, own = groups(tmp_path, "0::/docker/abc\n", {"memory.max": "1073741824\n"})
    assert container_limit(root, own) == 2**30


@pytest.mark.parametrize("said", ["max", "", "junk", "0", "-5", "\xff"])
def test_no_limit_or_nothing_readable_is_no_limit(tmp_path, said):
    root, own = groups(tmp_path, "0::/a\n", {"a/memory.max": said})
    assert container_limit(root, own) is None
    assert container_limit(tmp_path / "nowhere", tmp_path / "nothing") is None


def test_a_path_never_climbs_above_the_hierarchy(tmp_path):
    (tmp_path / "memory.max").write_text("1000000\n")  # beside the hierarchy, not in it
    root, own = groups(tmp_path, "0::/../..\n", {"x": ""})
    assert container_limit(root, own) is None


def test_the_usable_memory_is_the_container_limit_where_it_is_less(monkeypatch):
    monkeypatch.setattr(nnviz.memory, "physical_memory", lambda: 64 * 10**9)
    monkeypatch.setattr(nnviz.memory, "container_limit", lambda: 2 * 10**9)
    assert nnviz.memory.usable_memory() == Memory(2 * 10**9, limited=True)
    assert str(nnviz.memory.usable_memory()) == "the 2.0 GB its container allows"
    monkeypatch.setattr(nnviz.memory, "container_limit", lambda: 100 * 10**9)
    assert str(nnviz.memory.usable_memory()) == "this machine's 64 GB"
    monkeypatch.setattr(nnviz.memory, "physical_memory", lambda: None)
    assert nnviz.memory.usable_memory() == Memory(100 * 10**9, limited=True)
    monkeypatch.setattr(nnviz.memory, "container_limit", lambda: None)
    assert nnviz.memory.usable_memory() is None


def test_amounts_are_said_so_that_two_different_ones_read_differently():
    assert [amount(v) for v in (536_870_912, 1.3e9, 1.4e9, 27.4e9)] == ["537 MB", "1.3 GB", "1.4 GB", "27 GB"]
    # The unit is chosen after rounding.
    assert [amount(v) for v in (999.6e6, 9.97e9, 1.04e9)] == ["1.0 GB", "10 GB", "1.0 GB"]


def test_a_need_that_reads_as_the_memory_is_said_to_be_a_little_more(monkeypatch):
    import nnviz.data
    import nnviz.train
    from nnviz.checks import UsageError

    config = nnviz.train.TrainConfig(hidden=(512, 512), shown=40)  # about 1.70 GB
    monkeypatch.setattr(nnviz.memory, "physical_memory", lambda: int(1.67e9))
    monkeypatch.setattr(nnviz.memory, "container_limit", lambda: None)
    said = r"needs about 1\.7 GB of memory, a little more than this machine's 1\.7 GB"
    with pytest.raises(UsageError, match=said):
        nnviz.train.require_memory(nnviz.data.plane("circles", samples=40), config)


def test_a_job_beyond_its_containers_limit_is_refused_naming_the_container(tmp_path, monkeypatch):
    """A container of 512 MB on a machine of 64 GB: the check had passed, and the system
    killed the job mid-way."""
    import nnviz.data
    import nnviz.train
    from nnviz.checks import UsageError

    monkeypatch.setattr(nnviz.memory, "physical_memory", lambda: 64 * 10**9)
    monkeypatch.setattr(nnviz.memory, "container_limit", lambda: 512 * 2**20)
    with pytest.raises(UsageError) as refused:
        nnviz.train.require_memory(nnviz.data.plane("circles", samples=40),
                                   nnviz.train.TrainConfig(hidden=(512, 512), shown=40))
    assert re.search(r"needs about 1\.7 GB of memory, more than the 537 MB its container allows: ",
                     str(refused.value)), refused.value
