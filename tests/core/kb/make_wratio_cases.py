#!/usr/bin/env python3
"""Reference WRatio values for wratio_cases.tsv, computed straight from spec/candidates.md (stdlib only).

ratio uses the InDel distance (LCS by dynamic programming), partial_ratio every window of the longer string,
rounding is Python's round() (half to even) on the same double arithmetic as the C++ code. Characters are chosen so
that str.isalnum()/per-character lower() agree with fuzz::isWordChar/toLower (no combining marks, no dotted I).
Run: python3 make_wratio_cases.py > wratio_cases.tsv
"""
import json
import random
import sys

SHARED = "../../../../shared/data"


def preprocess(s):
    out = "".join(ch.lower() if ch.isalnum() else " " for ch in s)
    return out.strip(" ")


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def ratio(a, b):
    if not a or not b:
        return 0
    return round(100 * (2 * lcs(a, b) / (len(a) + len(b))))


def partial_ratio(a, b):
    if not a or not b:
        return 0
    s, l = (a, b) if len(a) <= len(b) else (b, a)
    return max(ratio(s, l[i:i + len(s)]) for i in range(len(l) - len(s) + 1))


def words(s):
    return [w for w in s.split(" ") if w]


def sort_join(s):
    return " ".join(sorted(words(s)))


def token_set_parts(a, b):
    A, B = set(words(a)), set(words(b))
    inter = " ".join(sorted(A & B))
    da = " ".join(sorted(A & B) + sorted(A - B)).strip()
    db = " ".join(sorted(A & B) + sorted(B - A)).strip()
    return inter, da, db


def token_set(a, b, f):
    if not a or not b:
        return 0
    i, da, db = token_set_parts(a, b)
    return max(f(i, da), f(i, db), f(da, db))


def wratio(x, y):
    a, b = preprocess(x), preprocess(y)
    if not a or not b:
        return 0
    base = ratio(a, b)
    len_ratio = max(len(a), len(b)) / min(len(a), len(b))
    if len_ratio < 1.5:
        return round(max(base, ratio(sort_join(a), sort_join(b)) * 0.95, token_set(a, b, ratio) * 0.95))
    scale = 0.6 if len_ratio > 8 else 0.9
    return round(max(base, partial_ratio(a, b) * scale,
                     partial_ratio(sort_join(a), sort_join(b)) * 0.95 * scale,
                     token_set(a, b, partial_ratio) * 0.95 * scale))


def main():
    rng = random.Random(3)
    qid2ne = json.load(open(f"{SHARED}/wikidata-mel/qid2ne.json", encoding="utf-8"))
    samples = json.load(open(f"{SHARED}/wikidata-mel/Wikidata-MEL.json", encoding="utf-8"))
    names = list(qid2ne.values())
    pairs = []
    for s in rng.sample(list(samples.values()), 150):
        for m, q in zip(s["mentions"], s["answer"]):
            pairs.append((m, qid2ne.get(q, rng.choice(names))))
            pairs.append((m, rng.choice(names)))
    pairs += [(rng.choice(names), rng.choice(names)) for _ in range(60)]
    ok = lambda t: all(ch.isalnum() == (ch.lower().isalnum()) and len(ch.lower()) == 1 for ch in t) and \
        "\t" not in t and not any(0x300 <= ord(ch) < 0x370 for ch in t)
    for a, b in pairs:
        if ok(a) and ok(b):
            print(f"{a}\t{b}\t{ratio(preprocess(a), preprocess(b))}\t{wratio(a, b)}")


if __name__ == "__main__":
    sys.exit(main())
