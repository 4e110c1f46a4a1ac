"""Writes one small array in every .npy layout numpy produces (float16/32/64, both byte orders, C and
Fortran order, format version 2.0), each beside its values as raw little-endian float64 in C order,
plus arrays align must refuse (integers, 1-D, empty); for AlignmentInputTests.

usage: npy_layouts.py OUT_DIR
"""
import sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(3)
base = rng.standard_normal((7, 3, 5))
# The expected values, float64 in C order, beside each variant numpy can write.
cases = {
    "c-f4-2d": base[:, 0, :].astype("<f4"),
    "f-f4-2d": np.asfortranarray(base[:, 1, :].astype("<f4")),
    "c-f8-3d": base.astype("<f8"),
    "f-f8-3d": np.asfortranarray(base),
    "c-f2-3d": base.astype("<f2"),
    "f-f2-3d": np.asfortranarray(base.astype("<f2")),
    "c-be-f4": base[:, 2, :].astype(">f4"),
    "f-be-f8": np.asfortranarray(base.astype(">f8")),
}
for name, array in cases.items():
    np.save(out + "/" + name + ".npy", array)
    np.ascontiguousarray(array.astype("<f8")).tofile(out + "/" + name + ".expected")
with open(out + "/v2.npy", "wb") as f:
    np.lib.format.write_array(f, base.astype("<f4"), version=(2, 0))
np.ascontiguousarray(base.astype("<f4").astype("<f8")).tofile(out + "/v2.expected")
np.save(out + "/ints.npy", np.arange(12).reshape(3, 4))
np.save(out + "/one-d.npy", np.arange(4.0))
np.save(out + "/empty.npy", np.zeros((0, 4), dtype=np.float32))
