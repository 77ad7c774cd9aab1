#!/usr/bin/python3
"""Writes the foreign and fake checkpoints the bad-checkpoint test and the checkpoint fuzzer start from
(run with Debian's python3-torch; deterministic; every file is a few KB).

Damaged copies of a real MELStudio checkpoint (truncated, bit-flipped, zeroed) are made by the test itself from a
freshly saved tiny model, so they always follow the current format. Here: files that are not ours at all, and
TorchScript archives that imitate our header (format/linker/config/vocab attributes) with broken contents.
"""
import io
import json
import os
import random
import zipfile
from typing import List

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
random.seed(11)
torch.manual_seed(11)

TINY = {"linker": "ghmf", "text": {"dim": 8, "heads": 2, "ffn": 16, "max_length": 16, "buckets": 16,
                                   "layers": 1},
        "image": {"image_size": 16, "dim": 8, "grid": 2, "channels": [4]},
        "ghmf": {"dim": 8, "heads": 2, "ffn": 16, "out_dim": 8, "max_tokens": 8, "layers": 1},
        "mimic": {"hidden": 8}}
VOCAB = "melvocab/1 16 3 5 2\nparis\nfrance\n"


def write(name: str, data: bytes) -> None:
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


class Empty(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def fake_header(name: str, fmt="melstudio-linker/1", linker="ghmf", config=None, vocab=VOCAB, meta="{}",
                model: torch.nn.Module = None, text_script=None) -> None:
    """A scripted module whose attributes look like torch::serialize::OutputArchive's."""

    class Header(torch.nn.Module):
        format: str
        linker: str
        config: str
        meta: str
        vocab: str

        def __init__(self):
            super().__init__()
            self.format = fmt
            self.linker = linker
            self.config = json.dumps(TINY if config is None else config) if not isinstance(config, str) else config
            self.meta = meta
            self.vocab = vocab
            if model is not None:
                self.model = model
            if text_script is not None:
                self.register_buffer("text_script", text_script)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x

    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(Header()), buf)
    write(name, buf.getvalue())


def main() -> None:
    write("empty.pt", b"")
    write("text.pt", b"this is not a checkpoint\n")
    write("random.bin", bytes(random.getrandbits(8) for _ in range(4096)))
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as archive:
        archive.writestr("archive/data.pkl", bytes(random.getrandbits(8) for _ in range(512)))
        archive.writestr("archive/version", "3\n")
    write("random-zip.pt", z.getvalue())
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as archive:
        archive.writestr("readme.txt", "a zip file without any torch content")
    write("plain-zip.pt", z.getvalue())

    buf = io.BytesIO()
    torch.save({"weights": torch.randn(4, 4), "step": 3}, buf)
    write("torch-save-dict.pt", buf.getvalue())
    buf = io.BytesIO()
    torch.save(torch.randn(8), buf)
    write("torch-save-tensor.pt", buf.getvalue())
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(Empty()), buf)
    write("foreign-torchscript.pt", buf.getvalue())

    fake_header("fake-wrong-format.pt", fmt="melstudio-linker/999")
    fake_header("fake-unknown-linker.pt", linker="bert", config=dict(TINY, linker="bert"))
    fake_header("fake-linker-mismatch.pt", linker="mimic")
    fake_header("fake-config-not-json.pt", config="{not json")
    fake_header("fake-config-wrong-type.pt", config=dict(TINY, text={"dim": "wide"}))
    fake_header("fake-config-negative.pt", config=dict(TINY, ghmf=dict(TINY["ghmf"], dim=-8)))
    fake_header("fake-config-huge.pt", config=dict(TINY, text=dict(TINY["text"], dim=4096, ffn=16384, layers=48)))
    fake_header("fake-config-heads.pt", config=dict(TINY, ghmf=dict(TINY["ghmf"], heads=3)))
    fake_header("fake-vocab-bad.pt", vocab="hello world")
    fake_header("fake-vocab-truncated.pt", vocab="melvocab/1 16 3 5 1000\nparis\n")
    fake_header("fake-vocab-mismatch.pt", vocab="melvocab/1 99 3 5 0\n")
    fake_header("fake-no-weights.pt")
    fake_header("fake-weights-foreign.pt", model=torch.jit.script(Empty()))
    fake_header("fake-script-not-bytes.pt", text_script=torch.randn(3))
    fake_header("fake-script-garbage.pt", text_script=torch.tensor([1, 2, 3, 4], dtype=torch.uint8))


if __name__ == "__main__":
    main()
