"""The index: incremental updates driven by the manifest, identity, schema versions."""

from __future__ import annotations

import json
import os
import shutil
import time

from helpers import FIXTURES, SEED_COUNTS

from dailypapers.index import PaperIndex
from dailypapers.index.store import manifest as manifest_mod
from dailypapers.index.store.schema import SCHEMA_VERSION


def test_full_build_and_listing(make_index, library):
    pix = make_index(library)
    assert [r.papers for r in pix.snapshots()] == SEED_COUNTS
    assert len(pix) == 296
    papers = pix.papers()
    assert len(papers) == 296
    first = pix.papers("000_cdc772e61a3bb25e")
    assert len(first) == 42
    assert first[0].title == "Grokking as the Transition from Lazy to Rich Training Dynamics"
    assert [
        next(a.position for a in p.appearances if a.snapshot == "000_cdc772e61a3bb25e") for p in first
    ] == list(range(1, 43))
    # A paper on several pages is one paper with several appearances.
    grok = pix.paper(first[0].id)
    assert len(grok.appearances) >= 2 and len({a.snapshot for a in grok.appearances}) == len(grok.appearances)


def test_paper_ids_are_stable_across_rebuilds(make_index, library, tmp_path):
    ids = {p.id for p in make_index(library, "a").papers()}
    again = PaperIndex(library, tmp_path / "b")
    again.update(rebuild=True)
    assert {p.id for p in again.papers()} == ids
    again.close()


def test_up_to_date_index_reads_no_snapshot(make_index, library, monkeypatch):
    pix = make_index(library)
    import dailypapers.index.reading.files as files
    import dailypapers.index.store.manifest as manifest

    reads = []
    original = files.read_bytes  # (the one way a snapshot file is read: capped at 32 MB)
    counted = lambda path: reads.append(path) or original(path)  # noqa: E731
    monkeypatch.setattr(files, "read_bytes", counted)
    monkeypatch.setattr(manifest, "read_bytes", counted)
    report = pix.update()
    assert not report.changed and reads == []
    # A touched file with the same content is hashed, not re-indexed.
    os.utime(library / "000_cdc772e61a3bb25e.txt", ns=(1, 1))
    report = pix.update()
    assert not report.changed and len(reads) == 1 and report.papers_written == 0


def test_add_change_delete_a_file(make_index, library):
    pix = make_index(library)
    shutil.copy(FIXTURES / "capture_variants.txt", library / "extra.txt")
    report = pix.update()
    assert report.added == ["extra.txt"] and report.papers_written == 3
    assert pix.search("recurrent experts").hits[0].paper.title == "Sparse Mixtures of Recurrent Experts"
    assert len(pix) == 299

    text = (library / "extra.txt").read_text().replace("Sparse Mixtures", "Dense Mixtures")
    (library / "extra.txt").write_text(text)
    report = pix.update()
    assert report.updated == ["extra.txt"]
    assert pix.search("recurrent experts").hits[0].paper.title == "Dense Mixtures of Recurrent Experts"
    assert not pix.search('title:"Sparse Mixtures"').hits
    assert len(pix) == 299

    (library / "extra.txt").unlink()
    report = pix.update()
    assert report.deleted == ["extra.txt"]
    assert len(pix) == 296 and not pix.search('title:"Recurrent Experts"').hits


def test_light_papers_are_loaded_once_a_catalogue_and_follow_updates(make_index, library):
    """The catalogue's papers are shared between asks (the reader's list, the catch-up, the
    picks: at 98,770 papers each copy was about 50 MB) and loaded again once an update wrote it."""
    pix = make_index(library)
    first, again = pix.papers(light=True), pix.papers(light=True)
    assert first == again and first is not again and all(a is b for a, b in zip(first, again, strict=True))
    first.clear()  # a caller's list is its own
    assert len(pix.papers(light=True)) == len(again) == 296
    shutil.copy(FIXTURES / "capture_variants.txt", library / "extra.txt")
    pix.update()
    titles = {p.title for p in pix.papers(light=True)}
    assert len(titles) == 299 and "Sparse Mixtures of Recurrent Experts" in titles
    (library / "extra.txt").unlink()
    pix.update()
    assert "Sparse Mixtures of Recurrent Experts" not in {p.title for p in pix.papers(light=True)}


def test_light_papers_in_page_order_are_sorted_once_a_catalogue(make_index, library, monkeypatch):
    """The reader's list, the catch-up and the picks ask for the light papers in page order: they
    are sorted once a version of the catalogue (and of the library's order), not at every ask."""
    from dailypapers.index.papers.views import Sort, sort_papers
    from dailypapers.index.store import catalogue

    sorts = []
    monkeypatch.setattr(catalogue, "sort_papers", lambda *a: sorts.append(a) or sort_papers(*a))
    pix = make_index(library)
    first, again = pix.papers(light=True), pix.papers(light=True)
    assert first == again and first is not again and len(sorts) == 1
    expected = sort_papers(pix.papers(light=True, sort=Sort.NEWEST), Sort.PAGE, pix.snapshot_order())
    assert first == expected
    shutil.copy(FIXTURES / "capture_variants.txt", library / "extra.txt")
    pix.update()
    assert len(pix.papers(light=True)) == 299 and len(sorts) == 2


def test_light_papers_are_made_with_the_cyclic_collector_paused(make_index, library):
    """Loading the catalogue's papers runs the garbage collector a handful of times, not once
    every few objects made (with the reader's heap, its passes took most of it): at a threshold
    of 10 objects, 219 collections on the seeds before, 3 now (each after a step)."""
    import gc

    from dailypapers.index.store.catalogue import Catalogue

    path = make_index(library).location / "catalogue.json"
    collections: list[dict] = []
    record = lambda phase, info: collections.append(info) if phase == "start" else None  # noqa: E731
    threshold = gc.get_threshold()
    gc.set_threshold(10)
    gc.callbacks.append(record)
    try:
        papers = Catalogue.load(path).papers()
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)
    assert len(papers) == 296 and len(collections) <= 5 and gc.isenabled()


def test_deleting_a_seed_keeps_papers_seen_elsewhere(make_index, library):
    pix = make_index(library)
    grok = pix.papers("000_cdc772e61a3bb25e")[0]
    (library / "000_cdc772e61a3bb25e.txt").unlink()
    pix.update()
    kept = pix.paper(grok.id)
    assert kept is not None and "000_cdc772e61a3bb25e" not in {a.snapshot for a in kept.appearances}
    only_here = [p for p in pix.papers() if not p.appearances]
    assert only_here == []
    assert len(pix.papers("000_cdc772e61a3bb25e")) == 0


def test_bad_file_is_listed_and_the_rest_loads(make_index, library):
    (library / "broken.txt").write_bytes(b"\x00\x01binary")
    (library / "empty.json").write_bytes(b"")
    pix = make_index(library)
    rows = {r.file: r for r in pix.snapshots()}
    assert rows["broken.txt"].papers == 0 and "binary" in rows["broken.txt"].problem_list[0].reason
    assert rows["empty.json"].papers == 0
    assert len(pix) == 296


def test_api_and_capture_of_the_same_paper_merge(make_index, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    abstract = "We show that a thing works well on several benchmarks, and explain why it does so. " * 2
    (lib / "a.txt").write_text(f"Shared Paper Title\n{abstract}\n")
    item = {"paper": {"id": "2401.00001", "title": "Shared Paper\n  Title", "summary": abstract}}
    (lib / "b.json").write_text(json.dumps([item]))
    pix = make_index(lib)
    (paper,) = pix.papers()
    assert paper.id == "2401.00001" and [a.snapshot for a in paper.appearances] == ["a", "b"]
    # The same result whichever file the index met first.
    (lib / "a.txt").unlink()
    pix.update()
    (lib / "a.txt").write_text(f"Shared Paper Title\n{abstract}\n")
    pix.update()
    (paper,) = pix.papers()
    assert paper.id == "2401.00001" and len(paper.appearances) == 2


def test_schema_version_mismatch_rebuilds(make_index, library):
    pix = make_index(library)
    path = pix.location / "manifest.json"
    data = json.loads(path.read_text())
    data["version"] = SCHEMA_VERSION - 1
    path.write_text(json.dumps(data))
    fresh = PaperIndex(library, pix.dir)
    report = fresh.update()
    assert report.rebuilt and len(report.added) == 5 and "rebuilding" in report.notes[0]
    assert "another version of dailypapers" in report.notes[0] and "damaged" not in report.notes[0]
    assert manifest_mod.load(fresh.location / "manifest.json") is not None
    first, second = pix.location, fresh.location
    assert second != first and first.is_dir()  # built aside, switched to; the one before is kept
    fresh.update(rebuild=True)
    assert {p.name for p in pix.dir.glob("index-*")} == {second.name, fresh.location.name}
    fresh.update()
    assert second.is_dir()  # kept for readers still on it...
    os.utime(pix.dir / "current", (time.time() - 7200,) * 2)
    fresh.update()
    assert [p.name for p in pix.dir.glob("index-*")] == [fresh.location.name]  # ...for an hour
    fresh.close()


def test_damaged_index_is_rebuilt(make_index, library):
    pix = make_index(library)
    pix.close()
    for f in (pix.location / "whoosh").glob("*.toc"):
        f.write_bytes(b"garbage")
    fresh = PaperIndex(library, pix.dir)
    report = fresh.update()
    assert report.rebuilt and len(fresh) == 296
    fresh.close()


def test_vocabulary_follows_updates(make_index, library, tmp_path):
    pix = make_index(library)
    assert pix.vocabulary.freq["grokking"] == 4
    shutil.copy(FIXTURES / "capture_variants.txt", library / "extra.txt")
    pix.update()
    assert pix.vocabulary.freq["recurrent"] >= 1 and "warmup" in pix.vocabulary.freq
    (library / "extra.txt").write_text((library / "extra.txt").read_text().replace("Warmup", "Cooldown"))
    (library / "000_cdc772e61a3bb25e.txt").unlink()
    pix.update()
    fresh = PaperIndex(library, tmp_path / "fresh")
    fresh.update()
    assert pix.vocabulary.freq == fresh.vocabulary.freq
    assert "cooldown" in pix.vocabulary.freq
    fresh.close()
