#!/usr/bin/env python3
"""An independent safetensors writer (Python standard library only: struct + json), used by
SafeTensorsInteropTest to check that Crema reads files it did not write itself.

Layout as the safetensors specification and the reference `safetensors` package write it:
8-byte little-endian header length, a JSON header padded with spaces to a multiple of 8, then the
tensors' little-endian bytes, sorted by dtype size (largest first) and then name.

Usage: python3 write_safetensors.py OUT_FILE
       python3 write_safetensors.py --read IN_FILE   (prints the file's tensors as JSON, checking the layout)
"""
import json
import struct
import sys


def f16_bits(x):
    return struct.unpack("<H", struct.pack("<e", x))[0]


def bf16_bits(x):
    # truncation is exact for the values used here (they fit in 8 significant bits)
    return struct.unpack("<I", struct.pack("<f", x))[0] >> 16


def tensors():
    """name -> (dtype, shape, little-endian bytes). Values are simple formulas the Java test repeats."""
    t = {}
    t["f32_matrix"] = ("F32", [2, 3], struct.pack("<6f", *[i * 0.5 - 1.0 for i in range(6)]))
    t["f64_vector"] = ("F64", [4], struct.pack("<4d", *[1.0 / (i + 1) for i in range(4)]))
    t["i64_labels"] = ("I64", [5], struct.pack("<5q", *[-2, -1, 0, 2**40, 2**62]))
    t["i32_counts"] = ("I32", [2, 2], struct.pack("<4i", *[-7, 0, 7, 2**31 - 1]))
    t["f16_half"] = ("F16", [3], struct.pack("<3H", *[f16_bits(x) for x in (0.5, -2.0, 1024.0)]))
    t["bf16_brain"] = ("BF16", [2], struct.pack("<2H", *[bf16_bits(x) for x in (1.5, -3.0)]))
    t["u8_bytes"] = ("U8", [3], bytes([0, 128, 255]))
    t["bool_mask"] = ("BOOL", [2], bytes([1, 0]))
    t["scalar"] = ("F32", [], struct.pack("<f", 3.25))
    t["empty"] = ("F32", [0, 4], b"")
    return t


SIZES = {"F64": 8, "I64": 8, "F32": 4, "I32": 4, "F16": 2, "BF16": 2, "U8": 1, "BOOL": 1}


def main(out):
    ts = tensors()
    order = sorted(ts, key=lambda n: (-SIZES[ts[n][0]], n))
    header = {"__metadata__": {"format": "pt", "writer": "write_safetensors.py"}}
    data = b""
    for name in order:
        dtype, shape, raw = ts[name]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        f.write(data)


FORMATS = {"F64": "d", "I64": "q", "F32": "f", "I32": "i", "F16": "e", "BF16": "H", "U8": "B", "BOOL": "?"}


def read(path):
    """Decodes a file as the reference reader does, refusing holes, overlaps and misalignment."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    out, end = {}, 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        b, en = e["data_offsets"]
        assert b == end, "hole or overlap at " + name
        count = 1
        for d in e["shape"]:
            count *= d
        assert en - b == count * SIZES[e["dtype"]], "size mismatch at " + name
        values = list(struct.unpack("<%d%s" % (count, FORMATS[e["dtype"]]), data[b:en]))
        if e["dtype"] == "BF16":
            values = [struct.unpack("<f", struct.pack("<I", v << 16))[0] for v in values]
        out[name] = {"dtype": e["dtype"], "shape": e["shape"], "values": values}
        end = en
    assert end == len(data), "trailing bytes"
    print(json.dumps({"metadata": meta, "tensors": out}, sort_keys=True))


if __name__ == "__main__":
    if sys.argv[1] == "--read":
        read(sys.argv[2])
    else:
        main(sys.argv[1])
