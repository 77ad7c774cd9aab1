#!/usr/bin/env python3
"""Writes the small image fixtures the tests use (stdlib only, deterministic): valid PNGs, and broken images for the
reliability tests. The one valid JPEG (photo.jpg) is a copy of a bundled demo image: no JPEG encoder is needed."""
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, pixel=lambda x, y: (x * 32 % 256, y * 32 % 256, 128)):
    rows = b"".join(b"\0" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    shutil.copyfile(os.path.join(ROOT, "resources/demo/wikidata-mel/images/13662.jpg"), os.path.join(HERE, "photo.jpg"))
    with open(os.path.join(HERE, "photo.jpg"), "rb") as f:
        jpeg = f.read()
    write("tiny.png", png(8, 8))
    write("empty.jpg", b"")
    write("truncated.jpg", jpeg[: len(jpeg) // 2])
    write("header-only.jpg", jpeg[:20])
    write("corrupt.jpg", b"\xff\xd8\xff" + bytes((i * 37 + 11) % 256 for i in range(2000)))
    write("truncated.png", png(8, 8)[:60])
    write("not-an-image.png", b"<html><body>404 Not Found</body></html>\n")
    write("huge-20000x1.png", png(20000, 1, lambda x, y: (0, 0, 0)))
    write("zero-size.png", png(8, 8)[:16] + struct.pack(">II", 0, 8) + png(8, 8)[24:])


if __name__ == "__main__":
    main()
