"""The benchmark command's parts that do not solve: instance ranges and the BENCHMARKS.md section it owns."""

import argparse

import pytest

from bench.roster import SECTION, parse_instances, render_run, write_section


def test_instance_ranges():
    assert parse_instances("1-3,7,10-11") == [1, 2, 3, 7, 10, 11]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_instances("0-2")


ROW = {
    "instance": 1,
    "size": "8x14x1",
    "best": 607,
    "objective": 607,
    "bound": 607,
    "status": "OPTIMAL",
    "time": 0.7,
    "valid": True,
    "time_to_best": 0.5,
}


def test_only_the_engine_section_is_rewritten(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## Matcher\n\nkeep me\n", encoding="utf-8")
    first = render_run([1], 60, 0, 2, [ROW], "python -m bench.roster --instances 1")
    write_section(path, first, "How the engine is measured.")
    write_section(path, first.replace("| 0.7 |", "| 0.9 |"), "ignored: the section exists")
    other = render_run([2, 3], 60, 0, 2, [dict(ROW, instance=2, best=828, objective=870, time=1.5)], "cmd")
    write_section(path, other, "")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\n## Matcher\n\nkeep me\n")
    assert text.count(SECTION) == 1 and text.count("How the engine is measured.") == 1
    assert text.count("### Instances 1, 60 s each") == 1 and "| 0.9 |" in text and "| 0.7 |" not in text
    assert "### Instances 2,3, 60 s each" in text or "### Instances 2-3, 60 s each" in text
    assert "+5.1%" in text  # 870 against 828


def test_best_known_values_name_their_source():
    from bench.roster import best_known_note

    note = best_known_note([dict(ROW, instance=13), dict(ROW, instance=22)])
    assert note.startswith("Best known: 13: Rahimian") and note.endswith("No published value found for 22.")
    assert best_known_note([dict(ROW, instance=23)]) == "No published value found for 23."
