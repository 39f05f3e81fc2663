#!/usr/bin/python3
"""Lists the C++ functions longer than LIMIT lines in the headers under the
given folders (a brace-matching scan: a definition is a line ending in '{'
whose signature holds a parenthesis and that does not open a control
statement, a type, a namespace or a lambda; lambdas count in their
function). Exits 1 when any is found, 2 when its own check fails: before
scanning it must find the one long function of a made-up file.
Usage: function_length.py LIMIT FOLDER...
"""
import os
import re
import sys

OPENERS = re.compile(r"(if|for|while|switch|else|do|namespace|struct|class|union|enum|try|catch)\b")


def long_functions(lines, limit):
    found = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s.endswith("{") or s.startswith("}") or s.startswith("[") or OPENERS.match(s):
            continue
        signature = s if "(" in s else (lines[i - 1].strip() if i > 0 else "")
        if "(" not in signature or "](" in s or "=" in signature.split("(")[0]:
            continue
        depth, j = 0, i
        while j < len(lines):
            depth += lines[j].count("{") - lines[j].count("}")
            if depth <= 0 and j > i:
                break
            j += 1
        if j - i + 1 > limit:
            found.append((i + 1, j - i + 1, s))
    return found


def self_check(limit):
    body = ["  x += %d;" % k for k in range(limit)]
    short = ["int f(int x) {", "  return x;", "}"]
    made_up = short + ["int g(int x) {"] + body + ["  return [&]() {", "    return x;", "  }();", "}"] + short
    return [n for n, _, _ in long_functions(made_up, limit)] == [4]


def main():
    limit = int(sys.argv[1])
    if not self_check(limit):
        print("function_length.py: its own check failed")
        return 2
    bad = 0
    for folder in sys.argv[2:]:
        for root, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if not name.endswith((".hpp", ".cpp")):
                    continue
                path = os.path.join(root, name)
                with open(path) as f:
                    for line, length, text in long_functions(f.read().split("\n"), limit):
                        print(f"{path}:{line}: {length} lines: {text}")
                        bad += 1
    print(f"function_length.py: {bad} function(s) over {limit} lines")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
