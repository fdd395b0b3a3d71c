#!/usr/bin/python3
"""Writes the seed corpus of fuzz_image: tiny PNG and TIFF files of every bit depth and colour
type the reader handles (and a few it rejects), plus truncated copies. Run from anywhere:
    /usr/bin/python3 fuzz/tools/make_image_seeds.py fuzz/corpus/image
Uses Pillow (Debian python3-pil) and numpy; the files are checked in, so this only reruns when
the seed set changes."""
import io
import pathlib
import sys

import numpy as np
from PIL import Image, TiffImagePlugin

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(8)
W, H = 5, 3  # tiny: libFuzzer mutates faster, and edge cases are about headers, not size


def save(name, image, **kw):
    buf = io.BytesIO()
    image.save(buf, **kw)
    data = buf.getvalue()
    (out / name).write_bytes(data)
    # Truncated variants: header only, and cut in the middle of the pixel data.
    (out / (name + ".trunc_head")).write_bytes(data[: min(len(data), 40)])
    (out / (name + ".trunc_half")).write_bytes(data[: len(data) * 2 // 3])


g8 = Image.fromarray(rng.integers(0, 256, (H, W), dtype=np.uint8), mode="L")
g16 = Image.fromarray(rng.integers(0, 65536, (H, W), dtype=np.uint16).astype(np.uint16), mode="I;16")
rgb = Image.fromarray(rng.integers(0, 256, (H, W, 3), dtype=np.uint8), mode="RGB")
rgba = Image.fromarray(rng.integers(0, 256, (H, W, 4), dtype=np.uint8), mode="RGBA")
la = g8.convert("LA")
g1 = g8.point(lambda v: 255 if v > 127 else 0).convert("1")
pal = rgb.convert("P")

meta = TiffImagePlugin.ImageFileDirectory_v2()
meta[270] = "Title=seed\nvalue_offset=0\nvalue_scale=1.5e-05\npixel_size_nm=0.25\nprovenance.run=x\\ny"

# PNG: gray 1/8/16 bit, gray+alpha, RGB, RGBA, palette, interlaced, with text chunks and pHYs.
from PIL import PngImagePlugin

text = PngImagePlugin.PngInfo()
for key, value in [("Title", "seed"), ("value_offset", "0"), ("value_scale", "1.5e-05"),
                   ("pixel_size_nm", "0.25"), ("provenance.run", "runs/x")]:
    text.add_text(key, value)
save("g8.png", g8, format="PNG", pnginfo=text, dpi=(100000, 100000))
save("g16.png", g16, format="PNG")
save("g1.png", g1, format="PNG")
save("la.png", la, format="PNG")
save("rgb.png", rgb, format="PNG")
save("rgba.png", rgba, format="PNG")
save("pal.png", pal, format="PNG", transparency=0)
save("g8_interlaced.png", g8, format="PNG", interlace=1)

# TIFF: gray 8/16 (uncompressed, deflate, LZW, PackBits), RGB, min-is-white, float (rejected),
# 1-bit (rejected), tiled (rejected), description with metadata.
save("g8.tif", g8, format="TIFF", tiffinfo=meta, dpi=(2540000, 2540000))
save("g16.tif", g16, format="TIFF")
save("g16_deflate.tif", g16, format="TIFF", compression="tiff_adobe_deflate", tiffinfo=meta)
save("g8_lzw.tif", g8, format="TIFF", compression="tiff_lzw")
save("g8_packbits.tif", g8, format="TIFF", compression="packbits")
save("rgb.tif", rgb, format="TIFF")
save("rgba.tif", rgba, format="TIFF")
save("g1.tif", g1, format="TIFF")
save("f32.tif", Image.fromarray(rng.random((H, W), dtype=np.float32), mode="F"), format="TIFF")


def tiff_by_hand(endian, width, height, bits, pixels, tile=None):
    """A minimal uncompressed gray TIFF ("II" or "MM"), in strips or one tile, written by hand
    because Pillow writes neither big-endian nor tiled files."""
    import struct
    e = "<" if endian == "II" else ">"
    data = pixels.astype((e + "u2") if bits == 16 else "u1").tobytes()
    entries = [(256, 3, width), (257, 3, height), (258, 3, bits), (259, 3, 1), (262, 3, 1),
               (277, 3, 1)]
    if tile:
        entries += [(322, 3, tile[0]), (323, 3, tile[1]), (324, 4, 8), (325, 4, len(data))]
    else:
        entries += [(273, 4, 8), (278, 3, height), (279, 4, len(data))]
    entries.sort()
    ifd_offset = 8 + len(data)
    head = (endian.encode() + struct.pack(e + "HI", 42, ifd_offset))
    ifd = struct.pack(e + "H", len(entries))
    for tag, typ, value in entries:
        ifd += struct.pack(e + "HHI", tag, typ, 1) + (struct.pack(e + "HH", value, 0) if typ == 3
                                                       else struct.pack(e + "I", value))
    ifd += struct.pack(e + "I", 0)
    return head + data + ifd


g16_pixels = np.asarray(g16, dtype=np.uint16)
for name, blob in [("g16_be.tif", tiff_by_hand("MM", W, H, 16, g16_pixels)),
                   ("g8_tiled.tif", tiff_by_hand("II", 16, 16, 8, rng.integers(0, 256, (16, 16)), tile=(16, 16)))]:
    (out / name).write_bytes(blob)
    (out / (name + ".trunc_half")).write_bytes(blob[: len(blob) * 2 // 3])
print(len(list(out.iterdir())), "files in", out)
