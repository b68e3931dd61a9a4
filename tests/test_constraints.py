"""constraints.txt (`make lock`) pins every package pyproject.toml asks for, within its range,
so that `make install` and the Docker image install exactly what was tested."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins():
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[canonicalize_name(name)] = version
    return found


def test_constraints_pin_every_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(text) for text in project["dependencies"]]
    wanted += [Requirement(text) for text in project["optional-dependencies"]["test"]]
    pinned = pins()
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in constraints.txt: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pinned[name]}, outside "
            f"{requirement.specifier}: run make lock"
        )


def test_constraints_pin_the_search_benchmarks_anchor_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bench = [Requirement(text) for text in project["optional-dependencies"]["bench"]]
    pinned = pins()
    assert "tantivy" in pinned, "tantivy (bench/anchor.py) is not in constraints.txt"
    for requirement in bench:
        name = canonicalize_name(requirement.name)
        if name in pinned:
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"constraints.txt pins {requirement.name}=={pinned[name]}, outside "
                f"{requirement.specifier}: run make lock"
            )


def test_the_installs_use_the_constraints():
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-c constraints.txt" in (ROOT / "Dockerfile").read_text(encoding="utf-8")
