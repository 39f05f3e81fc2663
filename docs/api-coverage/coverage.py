#!/usr/bin/python3
"""Writes docs/api-coverage.md: which of HeAT 1.4's public array functions and
of NumPy's main-namespace functions heat has, generated, not hand-kept.

    /usr/bin/python3 docs/api-coverage/coverage.py [--heat-repo DIR [--ref v1.4.2]] [--check]

(--check: writes nothing, fails unless docs/api-coverage.md is current; the
ctest entry api_coverage_current runs it, so a header change that adds or
removes a function must regenerate the table.)

- HeAT's names: the `__all__` list of every module of heat/core (linalg
  included: the array functions; the estimators of heat/cluster etc. are
  docs/ml.md's) at the tag, parsed from HeAT's public sources with `ast` (no
  import), with the names its modules add to `__all__` under conditions
  (HDF5, netCDF). With --heat-repo (a git clone of helmholtz-analytics/heat) they
  are read at --ref and saved to docs/api-coverage/heat-all.json; without it
  the saved list is used.
- NumPy's names: the public callables of the installed `numpy` namespace
  that are functions or ufuncs (classes, types and submodules left out).
- heat's names: a scan of include/heat: the functions declared at namespace
  scope outside any `detail` namespace (the headers declare them at column
  0 and close each namespace with `}  // namespace X`), and the names the
  expression macros make (HEAT_UNARY_FUNCTION, HEAT_BINARY_FUNCTION,
  HEAT_INTEGER_FUNCTION, HEAT_REDUCTION) and constrained templates
  (`requires(...) auto name(` at column 0). A name counts as present when heat declares it, or when
  the table below maps it to heat's spelling (an operator, another name).
- Every HeAT name heat lacks on purpose carries its reason (REASONS); the
  rest are counted as missing.
"""
import argparse
import ast
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAVED = os.path.join(HERE, "heat-all.json")

# HeAT's names that heat spells otherwise.
SPELLED = {
    "add": "operator +", "sub": "operator -", "subtract": "operator -", "mul": "operator *",
    "multiply": "operator *", "div": "operator /", "divide": "operator /", "mod": "operator %",
    "remainder": "operator %", "neg": "unary -", "negative": "unary -", "pos": "unary +", "positive": "unary +",
    "eq": "operator ==", "equal": "operator == / ht::equal", "ne": "operator !=", "not_equal": "operator !=",
    "lt": "operator <", "less": "operator <", "le": "operator <=", "less_equal": "operator <=",
    "gt": "operator >", "greater": "operator >", "ge": "operator >=", "greater_equal": "operator >=",
    "copy": "ht::copy", "load_npy_from_path": "ht::load_npy", "cumproduct": "cumprod",
    "power": "pow", "absolute": "abs", "arccos": "arccos", "T": "DNDarray::T()",
    "balance": "DNDarray::balance_()", "is_balanced": "DNDarray::is_balanced()",
    "resplit": "resplit", "asarray": "ht::array (adopts xtensor data or copies)", "shape": "DNDarray::shape()",
}
# HeAT's names heat leaves out on purpose, and why.
TYPES = "a Python dtype object or type query: heat's element types are C++ types (bool, int8_t ... double) and its promotion table is ht::promote_t (docs/core.md)"
REASONS = {
    **{n: TYPES for n in ["datatype", "number", "integer", "signedinteger", "unsignedinteger", "bool", "bool_",
                          "floating", "int8", "byte", "int16", "short", "int32", "int", "int64", "long", "uint8",
                          "ubyte", "float32", "float", "float_", "float64", "double", "flexible", "can_cast",
                          "canonical_heat_type", "heat_type_is_exact", "heat_type_is_inexact", "issubdtype",
                          "heat_type_of", "promote_types", "result_type", "complex64", "cfloat", "csingle",
                          "complex128", "cdouble"]},
    **{n: "a Python constant: C++ has std::numbers::pi, std::numbers::e, INFINITY and NAN"
       for n in ["e", "Euler", "inf", "Inf", "Infty", "Infinity", "nan", "NaN", "pi"]},
    **{n: "devices are Kokkos execution spaces chosen when heat is built (docs/backends.md), not a run-time object"
       for n in ["Device", "cpu", "gpu", "get_device", "sanitize_device", "use_device"]},
    **{n: "HeAT's internal argument checking, exported by accident of its __all__; heat checks inside each function"
       for n in ["sanitize_distribution", "sanitize_in", "sanitize_infinity", "sanitize_in_tensor", "sanitize_lshape",
                 "sanitize_out", "sanitize_sequence", "scalar_to_1d", "sanitize_memory_layout"]},
    "DNDarray": "the class itself: ht::DNDarray<T>",
    "MPICommunication": "the communicator class: ht::communicator", "MPI": "mpi4py's module: heat uses MPI directly",
    "MPI_WORLD": "ht::comm_world()", "MPI_SELF": "ht::comm_self()", "get_comm": "ht::comm_world()",
    "use_comm": "every factory takes the communicator as its last argument",
    "sanitize_comm": "HeAT's internal argument checking",
    "supports_hdf5": "a build option: HEAT_HAVE_HDF5 (docs/io.md)", "supports_netcdf": "netCDF is not a dependency",
    "load_netcdf": "netCDF is not a dependency", "save_netcdf": "netCDF is not a dependency",
    **{n: "heat's element types are real (no complex type); on real arrays these are the identity, zeros or the sign"
       for n in ["angle", "conj", "conjugate", "imag", "real", "iscomplex", "isreal"]},
    **{n: "HeAT's tiling classes for its blocked QR; heat's QR is TSQR (heat/linalg/qr.hpp), which needs no tiles"
       for n in ["SplitTiles", "SquareDiagTiles"]},
    **{n: "Python's __partitioned__ interchange protocol; in C++ a rank's block is adopted by "
          "DNDarray(distribution, communicator, view)"
       for n in ["from_partitioned", "from_partition_dict"]},
}


def heat_all(repo, ref):
    """{module: [names]} of heat/core at ref."""
    files = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", ref, "heat/core"], check=True,
                           capture_output=True, text=True).stdout.split()
    out = {}
    for f in sorted(files):
        if not f.endswith(".py") or "/tests/" in f:
            continue
        text = subprocess.run(["git", "-C", repo, "show", f"{ref}:{f}"], check=True, capture_output=True,
                              text=True).stdout
        names = []
        for node in ast.walk(ast.parse(text)):  # __all__ = [...], and the extensions made under conditions
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
                names += ast.literal_eval(node.value)
            elif isinstance(node, ast.AugAssign) and getattr(node.target, "id", None) == "__all__":
                names += ast.literal_eval(node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and
                  getattr(node.func.value, "id", None) == "__all__" and node.func.attr in ("extend", "append")):
                value = ast.literal_eval(node.args[0])
                names += [value] if node.func.attr == "append" else list(value)
        if names:
            out[f[len("heat/"):-3]] = names
    return out


def heat_cpp_names():
    """{name: [namespaces]} of heat's public functions (see the docstring)."""
    found = {}
    decl = re.compile(r"^(?!(?:return|if|for|while|switch|case|else|using|namespace|#)\b)"
                      r"[A-Za-z_][\w:<>,\s\*&]*?[\s\*&](\w+)\s*\(")
    macro = re.compile(r"^HEAT_(?:UNARY_FUNCTION|BINARY_FUNCTION|INTEGER_FUNCTION|REDUCTION)\((\w+)")
    constrained = re.compile(r"^requires\(.*\) auto (\w+)\(")
    for base, _, files in os.walk(os.path.join(ROOT, "include", "heat")):
        for f in files:
            if not f.endswith(".hpp"):
                continue
            stack = []
            for line in open(os.path.join(base, f)):
                m = re.match(r"^namespace ([\w:]+) \{", line)
                if m:
                    stack.append(m.group(1).split("::"))
                    continue
                if re.match(r"^\}\s*// namespace", line) and stack:
                    stack.pop()
                    continue
                space = [p for part in stack for p in part]
                if "detail" in space or not space or space[0] != "ht":
                    continue
                m = macro.match(line) or constrained.match(line) or decl.match(line)
                if m and not line.startswith(" "):
                    found.setdefault(m.group(1), set()).add("::".join(space))
    return found


def numpy_names():
    import numpy as np
    out = []
    for n in dir(np):
        if n.startswith("_"):
            continue
        v = getattr(np, n)
        if isinstance(v, np.ufunc) or (callable(v) and not isinstance(v, type) and type(v).__name__ in
                                       ("function", "builtin_function_or_method", "_ArrayFunctionDispatcher")):
            out.append(n)
    return sorted(out), np.__version__


def mark(name, cpp):
    if name in cpp:
        return "yes", ", ".join(sorted(cpp[name]))
    if name in SPELLED:
        return "yes", SPELLED[name]
    if name in REASONS:
        return "reasoned", REASONS[name]
    return "no", ""


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heat-repo")
    p.add_argument("--ref", default="v1.4.2")
    p.add_argument("--out", default=os.path.join(ROOT, "docs", "api-coverage.md"))
    p.add_argument("--check", action="store_true", help="write nothing; fail unless --out is what would be written")
    a = p.parse_args()
    if a.heat_repo:
        modules = heat_all(a.heat_repo, a.ref)
        json.dump({"ref": a.ref, "modules": modules}, open(SAVED, "w"), indent=1)
    saved = json.load(open(SAVED))
    cpp = heat_cpp_names()
    rows, counts = [], {"yes": 0, "reasoned": 0, "no": 0}
    seen = set()
    for module, names in saved["modules"].items():
        for n in names:
            if n in seen:
                continue
            seen.add(n)
            state, note = mark(n, cpp)
            counts[state] += 1
            rows.append(f"| {module} | `{n}` | {state} | {note} |")
    total = sum(counts.values())
    np_names, np_version = numpy_names()
    np_marks = [(n, mark(n, cpp)[0]) for n in np_names]
    np_yes = sum(1 for _, s in np_marks if s == "yes")
    lines = [
        "# API coverage: HeAT's and NumPy's array functions in heat",
        "",
        f"Generated by `docs/api-coverage/coverage.py` (do not edit by hand): HeAT {saved['ref']}'s `__all__` "
        f"lists of heat/core, NumPy {np_version}'s main-namespace functions, heat's headers as scanned.",
        "",
        f"- HeAT {saved['ref']}: {total} distinct names; present in heat {counts['yes']} "
        f"({100 * counts['yes'] / total:.0f} %), left out with a reason {counts['reasoned']}, missing "
        f"{counts['no']}; present or reasoned {100 * (counts['yes'] + counts['reasoned']) / total:.0f} %.",
        f"- NumPy {np_version}: {len(np_names)} functions and ufuncs; present in heat {np_yes} "
        f"({100 * np_yes / len(np_names):.0f} %).",
        "",
        "## HeAT", "", "| module | name | in heat | where, or why not |", "|---|---|---|---|", *rows, "",
        "## NumPy (main namespace)", "",
        "Present: " + ", ".join(f"`{n}`" for n, s in np_marks if s == "yes") + ".", "",
        "Missing: " + ", ".join(f"`{n}`" for n, s in np_marks if s != "yes") + ".", "",
    ]
    text = "\n".join(lines)
    if a.check:
        current = open(a.out).read() if os.path.exists(a.out) else ""
        if current != text:
            print(f"{a.out} is not what docs/api-coverage/coverage.py generates from the headers: run it", flush=True)
            return 1
        print(f"{a.out} is current")
        return 0
    open(a.out, "w").write(text)
    print(f"HeAT {saved['ref']}: {counts} of {total}; NumPy {np_version}: {np_yes} of {len(np_names)}; wrote {a.out}")


if __name__ == "__main__":
    sys.exit(main())
