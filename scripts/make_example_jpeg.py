#!/usr/bin/env python3
"""Writes the example photo of testdata/oms: a small baseline JPEG (ITU T.81) drawn by this
script, so the project's MMS example carries a picture that is its own.

The picture is 96x64 pixels of 8x8 blocks in a colour gradient. Each block is flat, so only
the DC coefficient of each block is coded (every AC run ends at once with EOB): three
components (YCbCr 4:4:4), one quantisation table of 16s, the DC Huffman tables of Annex K and
a one-code AC table holding EOB. The output is the same on every run.

Usage: scripts/make_example_jpeg.py OUT.jpg
"""
import struct
import sys

WIDTH, HEIGHT = 96, 64
QUANT = 16

# Annex K.3: DC luminance and chrominance tables (code counts per length, then symbols).
DC_TABLES = {
    0: ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12))),
    1: ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12))),
}
# An AC table with a single one-bit code, for EOB (symbol 0x00).
AC_TABLE = ([1] + [0] * 15, [0x00])


def canonical_codes(counts, symbols):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[symbols[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0x00)  # byte stuffing (F.1.2.3)
                self.acc = 0
                self.n = 0

    def flush(self):
        while self.n != 0:
            self.put(1, 1)  # pad with 1-bits
        return bytes(self.out)


def segment(marker, payload):
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def block_colour(bx, by, cols, rows):
    r = int(255 * bx / (cols - 1))
    g = int(255 * by / (rows - 1))
    b = 255 - (r + g) // 2
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return [y, cb, cr]


def encode_dc(bits, diff, codes):
    magnitude = abs(diff)
    category = magnitude.bit_length()
    code, length = codes[category]
    bits.put(code, length)
    if category:
        bits.put(diff if diff > 0 else diff + (1 << category) - 1, category)


def main():
    cols, rows = WIDTH // 8, HEIGHT // 8
    dc_codes = {t: canonical_codes(*DC_TABLES[t]) for t in DC_TABLES}
    ac_codes = canonical_codes(*AC_TABLE)
    bits = BitWriter()
    previous = [0, 0, 0]
    for by in range(rows):
        for bx in range(cols):
            for c, value in enumerate(block_colour(bx, by, cols, rows)):
                # A flat block's DC coefficient is 8 * (value - 128); quantised by QUANT.
                dc = round(8 * (value - 128) / QUANT)
                encode_dc(bits, dc - previous[c], dc_codes[0 if c == 0 else 1])
                previous[c] = dc
                code, length = ac_codes[0x00]
                bits.put(code, length)
    scan = bits.flush()

    out = bytearray(b"\xFF\xD8")
    out += segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += segment(0xFE, b"msgforge example photo")
    out += segment(0xDB, bytes([0x00]) + bytes([QUANT] * 64))
    sof = struct.pack(">BHHB", 8, HEIGHT, WIDTH, 3)
    for cid in (1, 2, 3):
        sof += struct.pack(">BBB", cid, 0x11, 0)
    out += segment(0xC0, sof)
    for table, (counts, symbols) in DC_TABLES.items():
        out += segment(0xC4, bytes([0x00 | table]) + bytes(counts) + bytes(symbols))
    for table in (0, 1):
        out += segment(0xC4, bytes([0x10 | table]) + bytes(AC_TABLE[0]) + bytes(AC_TABLE[1]))
    sos = bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0])
    out += segment(0xDA, sos)
    out += scan
    out += b"\xFF\xD9"
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
