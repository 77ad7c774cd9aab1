#!/usr/bin/env python3
"""Builds resources/demo/: a small, real, deterministic subset of the shared MELBench data.

Wikidata-MEL: every sample that has an image, 300 other train and 100 other dev samples.
Richpedia-MEL: every sample that has an image and 150 others (110 train, 40 dev).
Each KG keeps the gold entities of the chosen samples plus distractors: first entities whose surname
(last word of the name) is a gold entity's surname, so the candidate lists stay hard, then random others.
Files keep the source formats (same JSON layout, key order, indentation, escaping and line ends), so the
importers read them exactly like the full data. Python 3 standard library only; same input, same output.

Usage: scripts/make_demo_data.py [--shared ../shared/data] [--out resources/demo]
"""

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

SEED = 20241123
ROOT = Path(__file__).resolve().parent.parent
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")

WIKIDATA_OTHERS = {"train": 300, "dev": 100}
WIKIDATA_DISTRACTORS = 3000
RICHPEDIA_OTHERS = {"train": 110, "dev": 40}
RICHPEDIA_DISTRACTORS = 2000
# Share of the distractors drawn from entities sharing a surname with a gold entity.
SURNAME_SHARE = 0.6
# QIDs the CLI demo searches for ("hollande"); their samples are always included.
FEATURED_QIDS = {"Q157"}
SIZE_LIMIT = 5 * 1024 * 1024


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_like(source, data, target):
    """Writes `data` as JSON in the layout of the file `source` (indent, ASCII escaping, line ends)."""
    raw = Path(source).read_bytes()
    crlf = b"\r\n" in raw[:200]
    lines = raw.split(b"\n", 2)
    indent = None
    if len(lines) > 1 and raw.lstrip()[:1] in (b"{", b"[") and lines[0].strip() in (b"{", b"["):
        second = lines[1].rstrip(b"\r")
        indent = len(second) - len(second.lstrip(b" "))
    ascii_only = all(b < 128 for b in raw) and b"\\u" in raw
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    if crlf:
        text = text.replace("\n", "\r\n")
    if raw.endswith(b"\n"):
        text += "\r\n" if crlf else "\n"
    Path(target).write_bytes(text.encode("utf-8"))


def image_of(images_dir, sample_id):
    for ext in IMAGE_EXTENSIONS:
        path = images_dir / (sample_id + ext)
        if path.is_file():
            return path
    return None


def answers_of(record):
    answer = record["answer"]
    return answer if isinstance(answer, list) else [answer]


def surname(name):
    """Last word of a name without a disambiguation suffix: "Fred (footballer, born 1979)" -> "Fred"."""
    words = re.sub(r"\s*\(.*\)\s*$", "", name).replace(",", " ").split()
    return words[-1] if words else ""


def pick_entities(names, gold, count, rng):
    """Gold QIDs plus `count` distractors, SURNAME_SHARE of them sharing a surname with a gold entity."""
    gold_surnames = {surname(names[q]) for q in gold if q in names}
    rest = sorted(q for q in names if q not in gold)
    same_surname = [q for q in rest if surname(names[q]) in gold_surnames]
    wanted = min(len(same_surname), int(count * SURNAME_SHARE))
    chosen = set(rng.sample(same_surname, wanted))
    others = [q for q in rest if q not in chosen]
    chosen.update(rng.sample(others, min(len(others), count - len(chosen))))
    return set(gold) | chosen, len(chosen)


def keep(mapping, qids, by_value=False):
    """The entries of a KG file for the chosen QIDs, in source order."""
    return {k: v for k, v in mapping.items() if (v if by_value else k) in qids}


def copy_images(images_dir, ids, target_dir):
    target_dir.mkdir(parents=True, exist_ok=True)
    copied = 0
    for sample_id in ids:
        path = image_of(images_dir, sample_id)
        if path:
            shutil.copyfile(path, target_dir / path.name)
            copied += 1
    return copied


def make_wikidata(src, out, rng):
    samples = load(src / "Wikidata-MEL.json")
    splits = load(src / "splits.json")
    images_dir = src / "images"
    with_image = {i for i in samples if image_of(images_dir, i)}
    featured = {i for i, r in samples.items() if FEATURED_QIDS & set(answers_of(r))}
    chosen = set(with_image) | featured
    for split, count in WIKIDATA_OTHERS.items():
        pool = sorted(i for i in splits[split] if i in samples and i not in chosen)
        chosen.update(rng.sample(pool, count))
    subset = {i: r for i, r in samples.items() if i in chosen}
    gold = {a for r in subset.values() for a in answers_of(r)}

    names = load(src / "qid2ne.json")
    qids, distractors = pick_entities(names, gold, WIKIDATA_DISTRACTORS, rng)

    out.mkdir(parents=True)
    write_like(src / "Wikidata-MEL.json", subset, out / "Wikidata-MEL.json")
    write_like(src / "splits.json", {s: [i for i in ids if i in chosen] for s, ids in splits.items()},
               out / "splits.json")
    write_like(src / "qid2ne.json", keep(names, qids), out / "qid2ne.json")
    write_like(src / "qid2abs.json", keep(load(src / "qid2abs.json"), qids), out / "qid2abs.json")
    write_like(src / "ne2qid.json", keep(load(src / "ne2qid.json"), qids, by_value=True), out / "ne2qid.json")
    images = copy_images(images_dir, sorted(subset), out / "images")
    return {"samples": len(subset), "with_image": images, "gold_entities": len(gold), "distractors": distractors,
            "entities": len(qids)}


def make_richpedia(src, out, rng):
    images_dir = src / "images"
    files = {split: load(src / f"{split}.json") for split in ("train", "dev")}
    subsets = {}
    for split, samples in files.items():
        # Richpedia-MEL images are named by the sample id (which is also the answer QID): sample images only.
        chosen = {i for i in samples if image_of(images_dir, i)}
        chosen |= {i for i, r in samples.items() if FEATURED_QIDS & set(answers_of(r))}
        pool = sorted(i for i in samples if i not in chosen)
        chosen.update(rng.sample(pool, RICHPEDIA_OTHERS[split]))
        subsets[split] = {i: r for i, r in samples.items() if i in chosen}
    gold = {a for s in subsets.values() for r in s.values() for a in answers_of(r)}

    names = load(src / "qid2ne.json")
    qids, distractors = pick_entities(names, gold, RICHPEDIA_DISTRACTORS, rng)

    out.mkdir(parents=True)
    for split, subset in subsets.items():
        write_like(src / f"{split}.json", subset, out / f"{split}.json")
    write_like(src / "qid2ne.json", keep(names, qids), out / "qid2ne.json")
    for name in ("qid2abs.json", "qid2abs_long.json"):
        write_like(src / name, keep(load(src / name), qids), out / name)
    write_like(src / "ne2qid.json", keep(load(src / "ne2qid.json"), qids, by_value=True), out / "ne2qid.json")
    all_ids = sorted(i for s in subsets.values() for i in s)
    images = copy_images(images_dir, all_ids, out / "images")
    return {"samples": {s: len(v) for s, v in subsets.items()}, "with_image": images, "gold_entities": len(gold),
            "distractors": distractors, "entities": len(qids)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "demo")
    args = parser.parse_args()

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("wikidata-mel", "richpedia-mel"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    # One generator per dataset, so changing one dataset's recipe leaves the other's subset unchanged.
    wikidata = make_wikidata(args.shared / "wikidata-mel", out / "wikidata-mel", random.Random(SEED))
    richpedia = make_richpedia(args.shared / "richpedia-mel", out / "richpedia-mel", random.Random(SEED + 1))
    shutil.copyfile(args.shared / "LICENSE-MELBench.txt", out / "LICENSE-MELBench.txt")

    readme = (
        "# Demo data\n\n"
        "A small real subset of the MELBench data (Wikidata-MEL and Richpedia-MEL, MIT licence: see\n"
        "`LICENSE-MELBench.txt`), made by `scripts/make_demo_data.py` from `../shared/data`; do not edit by hand,\n"
        "run the script again. Same file formats as the full data, so the importers treat it the same way.\n\n"
        f"- `wikidata-mel/`: {wikidata['samples']} samples (all {wikidata['with_image']} that have an image, plus others), "
        f"KG of {wikidata['entities']} entities ({wikidata['gold_entities']} gold + {wikidata['distractors']} "
        "distractors, many sharing a surname with a gold entity).\n"
        f"- `richpedia-mel/`: {richpedia['samples']['train']} train + {richpedia['samples']['dev']} dev samples "
        f"(all {richpedia['with_image']} that have an image, plus others; images are named by the sample id), KG of "
        f"{richpedia['entities']} entities ({richpedia['gold_entities']} gold + {richpedia['distractors']} "
        "distractors).\n"
    )
    (out / "README.md").write_text(readme, encoding="utf-8")

    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(json.dumps({"wikidata-mel": wikidata, "richpedia-mel": richpedia, "bytes": size}, indent=2))
    if size > SIZE_LIMIT:
        sys.exit(f"demo data is {size} bytes, over the {SIZE_LIMIT} byte budget")


if __name__ == "__main__":
    main()
