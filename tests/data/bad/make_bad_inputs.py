#!/usr/bin/env python3
"""Writes the malformed-input corpus (stdlib only, deterministic) and its manifest cases.json.

Each case names the importer, the file, and the error the importer must give: code, record and field (the parts of a
one-line error). The reliability test imports each case into a project that already holds data and checks that the
error matches and that the project is unchanged. Two inputs are too big to commit and are made by the test itself:
a 10 MB sentence ("generate": "huge-string") and a record nested 100,000 levels deep ("generate": "deep-nesting")."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OK = '"sentence": "Obama met Merkel.", "mentions": ["Obama"], "entities": ["Barack Obama"], "answer": ["Q76"]'
CASES = []


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def case(name, importer, rel, data, code, record, field, message, **extra):
    if data is not None:
        write(rel, data)
    CASES.append(dict(name=name, importer=importer, file=rel, code=code, record=record, field=field, message=message,
                      **extra))


def mb(records):
    return "{" + ", ".join(f'"{k}": {{{v}}}' for k, v in records) + "}"


def main():
    m = "melbench/"
    case("truncated", "melbench", m + "truncated.json", mb([("1", OK)])[:-12], "parse", "1", "entities",
         "malformed JSON")
    case("invalid-json", "melbench", m + "invalid-json.json", '{"1": {"sentence": "x",, }}', "parse", "1", "sentence",
         "malformed JSON")
    case("empty-file", "melbench", m + "empty-file.json", "", "parse", "", "", "malformed JSON")
    case("top-level-string", "melbench", m + "top-level-string.json", '"hello"', "invalid", "", "",
         "must be a JSON object")
    case("sentence-number", "melbench", m + "sentence-number.json",
         mb([("1", OK), ("2", OK.replace('"Obama met Merkel."', "42"))]), "invalid", "2", "sentence",
         "expected a string, found an integer")
    case("answer-null", "melbench", m + "answer-null.json", mb([("1", OK.replace('["Q76"]', "null"))]), "invalid", "1",
         "answer", "found null")
    case("mentions-object", "melbench", m + "mentions-object.json",
         mb([("1", OK.replace('["Obama"]', '{"a": 1}'))]), "invalid", "1", "mentions", "expected a list")
    case("missing-sentence", "melbench", m + "missing-sentence.json",
         mb([("1", '"mentions": ["Obama"], "entities": ["Barack Obama"], "answer": ["Q76"]')]), "invalid", "1",
         "sentence", "missing field")
    case("missing-answer", "melbench", m + "missing-answer.json",
         mb([("1", '"sentence": "Obama.", "mentions": ["Obama"], "entities": ["Barack Obama"]')]), "invalid", "1",
         "answer", "missing field")
    case("duplicate-id", "melbench", m + "duplicate-id.json", mb([("7", OK), ("8", OK), ("7", OK)]), "invalid", "7",
         "", "duplicate record id")
    case("empty-mention", "melbench", m + "empty-mention.json", mb([("1", OK.replace('["Obama"]', '[""]'))]),
         "invalid", "1", "mentions[0]", "empty")
    case("answer-not-qid", "melbench", m + "answer-not-qid.json", mb([("1", OK.replace('"Q76"', '"Barack"'))]),
         "invalid", "1", "answer[0]", "QID")
    case("non-utf8", "melbench", m + "non-utf8.json",
         mb([("1", OK)]).encode()[:-1] + b', "2": {"sentence": "Caf\xe9 au lait", "mentions": ["x"], '
         b'"entities": ["x"], "answer": ["Q1"]}}', "invalid", "2", "sentence", "not valid UTF-8")
    # Latin-1 and UTF-8 mixed in one file: the first record is fine, the second has a Latin-1 byte in a mention.
    case("mixed-encodings", "melbench", m + "mixed-encodings.json",
         b'{"1": {"sentence": "Fran\xc3\xa7ois Hollande spoke.", "mentions": ["Hollande"], "entities": ["x"], '
         b'"answer": ["Q1"]}, "2": {"sentence": "Fran\xe7ois again.", "mentions": ["Fran\xe7ois"], '
         b'"entities": ["x"], "answer": ["Q1"]}}', "invalid", "2", "sentence", "not valid UTF-8")
    case("utf16", "melbench", m + "utf16.json", mb([("1", OK)]).encode("utf-16"), "parse", "", "", "malformed JSON")
    case("huge-string", "melbench", m + "huge-string.json", None, "invalid", "1", "sentence", "text too long",
         generate="huge-string")
    case("deep-nesting", "melbench", m + "deep-nesting.json", None, "invalid", "1", "sentence",
         "nested more than 64 levels", generate="deep-nesting")
    case("id-is-path", "melbench", m + "id-is-path.json", mb([("../../etc/passwd", OK)]), "unsafe",
         "../../etc/passwd", "id", "cannot name an image file", images=True)

    j = "jsonl/"
    line = '{"id": "t1", "text": "Obama met Merkel.", "mentions": [{"surface": "Obama", "begin": 0, "end": 5, "qid": "Q76"}]}'
    case("jsonl-truncated", "jsonl", j + "truncated.jsonl", line + "\n" + line.replace("t1", "t2")[:40] + "\n",
         "parse", "line 2", "text", "malformed JSON")
    case("jsonl-span-outside", "jsonl", j + "span-outside.jsonl", line.replace('"end": 5', '"end": 500') + "\n",
         "invalid", "line 1", "mentions[0].begin", "is not inside the text")
    case("jsonl-negative-begin", "jsonl", j + "negative-begin.jsonl", line.replace('"begin": 0', '"begin": -3') + "\n",
         "invalid", "line 1", "mentions[0].begin", "")
    case("jsonl-mentions-null", "jsonl", j + "mentions-null.jsonl",
         '{"id": "t1", "text": "x", "mentions": null}\n', "invalid", "line 1", "mentions", "found null")
    case("jsonl-duplicate-id", "jsonl", j + "duplicate-id.jsonl", line + "\n" + line + "\n", "invalid", "line 2", "id",
         "duplicate")
    case("jsonl-image-parent", "jsonl", j + "image-parent.jsonl",
         '{"id": "t1", "text": "x", "image": "../../secret.jpg", "mentions": []}\n', "unsafe", "line 1", "image", "")
    case("jsonl-image-absolute", "jsonl", j + "image-absolute.jsonl",
         '{"id": "t1", "text": "x", "image": "/etc/passwd", "mentions": []}\n', "unsafe", "line 1", "image", "")
    case("jsonl-image-symlink-out", "jsonl", j + "image-symlink-out.jsonl",
         '{"id": "t1", "text": "x", "image": "link-out.jpg", "mentions": []}\n', "unsafe", "line 1", "image", "",
         symlink={"link-out.jpg": "/etc/hostname"})

    k = "kb/"
    case("kb-truncated", "kb", k + "truncated/qid2ne.json", '{"Q1": "One", "Q2": "Tw', "parse", "Q2", "name",
         "malformed JSON")
    case("kb-name-list", "kb", k + "name-list/qid2ne.json", '{"Q1": "One", "Q2": ["Two"]}', "invalid", "Q2", "name",
         "expected a string")
    case("kb-name-empty", "kb", k + "name-empty/qid2ne.json", '{"Q1": ""}', "invalid", "Q1", "name", "empty")
    case("kb-name-null", "kb", k + "name-null/qid2ne.json", '{"Q1": null}', "invalid", "Q1", "name", "found null")
    case("kb-bad-qid", "kb", k + "bad-qid/qid2ne.json", '{"Q1": "One", "Obama": "Barack Obama"}', "invalid", "Obama",
         "qid", "not a QID")
    case("kb-duplicate-qid", "kb", k + "duplicate-qid/qid2ne.json", '{"Q1": "One", "Q1": "Uno"}', "invalid", "Q1",
         "name", "duplicate")

    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(CASES, f, indent=1, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
