#!/usr/bin/env python3
"""Draws the MELStudio icon (stdlib only, deterministic) as PNGs in the hicolor sizes plus the matching SVG.

The motif: a photo frame (the image side of a MEL sample) with a mountain and a sun, and a chain link reaching out of
it (the link to a knowledge-graph entity). Shapes are rendered with 4x4 supersampling for smooth edges."""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
APP_ID = "io.melstudio.MELStudio"
SIZES = [16, 24, 32, 48, 64, 128, 256, 512]
BG = (28, 63, 110)       # deep blue
FRAME = (245, 247, 250)  # near white
SKY = (120, 170, 230)
SUN = (255, 196, 61)
HILL = (66, 135, 92)
LINK = (255, 140, 66)    # orange chain


def rounded_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def ring(x, y, cx, cy, rx, ry, w):
    # An elliptical ring (one chain link), tilted 45 degrees.
    dx, dy = x - cx, y - cy
    u = (dx + dy) / math.sqrt(2)
    v = (dy - dx) / math.sqrt(2)
    d = (u / rx) ** 2 + (v / ry) ** 2
    inner = (u / (rx - w)) ** 2 + (v / (ry - w)) ** 2
    return d <= 1 and inner >= 1


def colour_at(x, y):
    """Colour of the unit-square point (x, y), or None for transparent."""
    c = None
    if rounded_rect(x, y, 0.02, 0.02, 0.98, 0.98, 0.18):
        c = BG
    if rounded_rect(x, y, 0.12, 0.14, 0.70, 0.66, 0.04):
        c = FRAME
    if rounded_rect(x, y, 0.16, 0.18, 0.66, 0.62, 0.02):
        c = SKY
        if (x - 0.53) ** 2 + (y - 0.30) ** 2 <= 0.055 ** 2:
            c = SUN
        if y >= 0.62 - 0.30 * max(0.0, 1 - abs(x - 0.34) / 0.22) or y >= 0.62 - 0.18 * max(0.0, 1 - abs(x - 0.55) / 0.16):
            c = HILL
    if ring(x, y, 0.66, 0.68, 0.16, 0.09, 0.045) or ring(x, y, 0.80, 0.82, 0.16, 0.09, 0.045):
        c = LINK
    return c


def render(size, ss=4):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    c = colour_at((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
                    if c:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            n = acc[3]
            if n:
                row += bytes([acc[0] // n, acc[1] // n, acc[2] // n, 255 * n // (ss * ss)])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(w, h, raw):
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 1 1">
  <rect x="0.02" y="0.02" width="0.96" height="0.96" rx="0.18" fill="rgb{BG}"/>
  <rect x="0.12" y="0.14" width="0.58" height="0.52" rx="0.04" fill="rgb{FRAME}"/>
  <rect x="0.16" y="0.18" width="0.50" height="0.44" rx="0.02" fill="rgb{SKY}"/>
  <circle cx="0.53" cy="0.30" r="0.055" fill="rgb{SUN}"/>
  <polygon points="0.12,0.62 0.34,0.32 0.56,0.62" fill="rgb{HILL}"/>
  <polygon points="0.39,0.62 0.55,0.44 0.66,0.58 0.66,0.62" fill="rgb{HILL}"/>
  <g fill="none" stroke="rgb{LINK}" stroke-width="0.045">
    <ellipse cx="0.66" cy="0.68" rx="0.1375" ry="0.0675" transform="rotate(45 0.66 0.68)"/>
    <ellipse cx="0.80" cy="0.82" rx="0.1375" ry="0.0675" transform="rotate(45 0.80 0.82)"/>
  </g>
</svg>
"""


def main():
    out = os.path.join(HERE, "linux", "icons")
    for size in SIZES:
        d = os.path.join(out, f"{size}x{size}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, APP_ID + ".png"), "wb") as f:
            f.write(render(size))
    os.makedirs(os.path.join(out, "scalable"), exist_ok=True)
    with open(os.path.join(out, "scalable", APP_ID + ".svg"), "w") as f:
        f.write(SVG.replace("rgb(", "rgb("))


if __name__ == "__main__":
    main()
