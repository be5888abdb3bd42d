"""wijkaanpak.malloc: the web processes and the command keep freed memory, so a plan evaluation
takes no fresh pages from the kernel for its arrays (issue #16 §12: ≈ 430 page faults per
evaluation before)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from wijkaanpak import malloc

# Page faults per evaluation of the built-in mix, after three warm-up evaluations.
FAULTS = """
import resource, sys
from wijkaanpak.analysis.evaluate import context, evaluate_plan
from wijkaanpak.malloc import keep_freed_memory
if sys.argv[1] == "tuned":
    assert keep_freed_memory()
inp = context()
for _ in range(3):
    evaluate_plan("mix", inp).to_dict(blocks=False)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    evaluate_plan("mix", inp).to_dict(blocks=False)
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 5)
"""


def faults(mode: str) -> float:
    run = subprocess.run(
        [sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, check=True
    )
    return float(run.stdout)


def test_without_glibc_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform, "libc_ver", lambda: ("", ""))
    assert malloc.keep_freed_memory() is False


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_an_evaluation_takes_no_fresh_pages_once_freed_memory_is_kept() -> None:
    tuned, default = faults("tuned"), faults("default")
    assert tuned < 50, tuned  # measured 0 on the 2-core VM
    assert default > tuned  # glibc's defaults: ≈ 400 measured


def test_the_command_keeps_freed_memory_before_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkaanpak.cli import main as cli

    seen: list[str] = []
    monkeypatch.setattr(cli, "keep_freed_memory", lambda: seen.append("kept") or True)
    monkeypatch.setattr(cli, "app", lambda: seen.append("ran"))
    cli.main()
    assert seen == ["kept", "ran"]
