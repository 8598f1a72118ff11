"""The evaluation set is what its generator writes, and the matcher beats normalised and plain BM25 on a fixed
slice of it; the independent set is read as the app would store it."""

import json

import pytest

from bench import matcher as matcher_bench
from bench.evaluation import generate
from rownaq.sourcing.ranking.profiles import MakerProfile, Need
from rownaq.sourcing.ranking.search import Matcher

# A fixed slice: the first 400 makers and the dev needs among the first 40 that one of them makes (grade >= 2).
N_MAKERS, N_NEEDS = 400, 40


@pytest.fixture(scope="module")
def data():
    return matcher_bench.load_evaluation()


def test_the_files_are_what_the_generator_writes(data):
    result = generate.generate()
    assert [json.dumps(m, sort_keys=True) for m in result.makers] == [
        json.dumps(m, sort_keys=True) for m in data.makers
    ]
    assert [n["id"] for n in result.needs] == [n["id"] for n in data.needs]
    assert result.qrels == data.qrels
    assert [n["split"] for n in data.needs].count("dev") == generate.N_DEV_NEEDS


def test_grades_follow_the_documented_scale(data):
    assert {g for judged in data.qrels.values() for g in judged.values()} == {1, 2, 3}
    assert all(any(g >= 2 for g in judged.values()) for judged in data.qrels.values())
    assert len(data.makers) >= 1000 and len(data.needs) >= 150


def test_metrics():
    judged = {"a": 3, "b": 2, "c": 1}
    assert matcher_bench.ndcg_at(["a", "b", "c"], judged) == pytest.approx(1.0)
    assert matcher_bench.ndcg_at(["x", "c", "b", "a"], judged) < matcher_bench.ndcg_at(["a", "x"], judged)
    assert matcher_bench.recall_at(["b", "x"], judged, 20, 2) == 0.5
    assert matcher_bench.recall_at([], {}, 20) == 0.0


def test_the_matcher_beats_bm25_on_a_fixed_slice(data):
    makers = data.makers[:N_MAKERS]
    ids = {m["id"] for m in makers}
    qrels = {n: {m: g for m, g in judged.items() if m in ids} for n, judged in data.qrels.items()}
    needs = [n for n in data.split("dev")[:N_NEEDS] if any(g >= 2 for g in qrels[n["id"]].values())]
    assert len(needs) >= 25

    matcher = Matcher(matcher_bench.load_hs_to_isic())
    matcher.add_many(MakerProfile.from_dict(m) for m in makers)
    ours = matcher_bench.evaluate(lambda n: [m.maker_id for m in matcher.search(Need.from_dict(n), 20)], needs, qrels)
    for baseline in (matcher_bench.NormalisedBM25(makers), matcher_bench.BM25Baseline(makers)):
        bm25 = matcher_bench.evaluate(baseline.rank, needs, qrels)
        assert ours.ndcg10 >= bm25.ndcg10 + 0.15, (baseline, ours, bm25)
        assert ours.recall20 >= bm25.recall20 + 0.15, (baseline, ours, bm25)


def test_paired_difference_tells_a_real_lead_from_noise():
    mean, low, high, p = matcher_bench.paired_difference([0.9] * 40, [0.5] * 40, resamples=500)
    assert mean == pytest.approx(0.4) and low > 0 and p < 0.01
    noise = [0.1, -0.1] * 20
    mean, low, high, p = matcher_bench.paired_difference([0.5 + d for d in noise], [0.5] * 40, resamples=500)
    assert low < 0 < high and p > 0.5


def test_the_independent_set_is_read_as_the_app_stores_profiles():
    data = matcher_bench.load_independent()
    assert data is not None and len(data.makers) == 400 and len(data.needs) == 120
    from rownaq.sourcing.text import APP_KIND_IDS, APP_PROCESS_IDS

    matcher_processes = set(APP_PROCESS_IDS.values())
    assert all(set(m["processes"]) <= matcher_processes for m in data.makers)
    assert all(set(n["processes"]) <= matcher_processes for n in data.needs)
    assert {n["kind"] for n in data.needs} <= set(APP_KIND_IDS.values())
    need = matcher_bench.independent_need(
        {"id": "x", "title": "t", "kind": "machine", "processes": ["stamping", "repair"]}
    )
    assert need["kind"] == "equipment" and need["processes"] == ["sheet_metal"]  # repair: no app choice
    assert matcher_bench.independent_need({"id": "x", "kind": "mould"})["kind"] == "mould_die"
