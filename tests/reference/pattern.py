"""The values of ht::testing::global_pattern (tests/support/testing.hpp) for
the reference-file scripts: the tests rebuild the expected arrays themselves."""
import numpy as np


def pattern(shape, dtype):
    k = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if dtype == np.bool_:
        return k % 3 == 1
    if np.issubdtype(dtype, np.floating):
        return (0.5 * k - 3.25).astype(dtype)
    if np.issubdtype(dtype, np.signedinteger):
        return (k % 101 - 50).astype(dtype)
    return (k % 251).astype(dtype)
