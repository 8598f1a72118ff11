"""The shared benchmark helpers: a command rewrites only its own block of BENCHMARKS.md."""

from bench.common import cpu_model, ram_gib, write_marked_block

SECTION, BEGIN, END = "## Speed", "<!-- speed:begin -->", "<!-- speed:end -->"
PROSE = f"{SECTION}\n\nHow it is measured.\n\n{BEGIN}\n{END}\n"


def test_the_block_is_added_then_replaced_and_the_rest_is_kept(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## Other\n\nkept\n", encoding="utf-8")
    write_marked_block(path, SECTION, BEGIN, END, PROSE, "| a | 1 |")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\n## Other\n\nkept\n") and "How it is measured." in text
    assert f"{BEGIN}\n| a | 1 |\n{END}" in text
    path.write_text(text.replace("## Other", "## Other") + "\n## Last\n\nalso kept\n", encoding="utf-8")
    write_marked_block(path, SECTION, BEGIN, END, PROSE, "| a | 2 |")
    text = path.read_text(encoding="utf-8")
    assert "| a | 1 |" not in text and f"{BEGIN}\n| a | 2 |\n{END}\n\n## Last\n\nalso kept\n" in text
    assert text.count(SECTION) == 1 and text.count("How it is measured.") == 1


def test_markers_are_added_to_a_section_written_by_hand(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"{SECTION}\n\nnotes by hand\n", encoding="utf-8")
    write_marked_block(path, SECTION, BEGIN, END, PROSE, "figures")
    assert path.read_text(encoding="utf-8") == f"{SECTION}\n\nnotes by hand\n\n{BEGIN}\nfigures\n{END}\n"


def test_machine_facts():
    assert cpu_model() and ram_gib() > 0
