#!/usr/bin/env python3
"""Writes every term of a ListingScanner dictionary (.yaml/.yml, .json or .txt term list), one per line, for grep -F -f.

Usage: extract-terms.py DICTIONARY OUTPUT
"""
import json
import sys


def terms_of(path: str) -> list[str]:
    if path.endswith(".txt"):
        with open(path, encoding="utf-8-sig") as f:
            return [t for t in (line.strip() for line in f) if t and not t.startswith("#")]
    with open(path, encoding="utf-8-sig") as f:
        if path.endswith(".json"):
            doc = json.load(f)
        else:
            try:
                import yaml  # Debian: python3-yaml
            except ImportError:
                sys.exit("extract-terms.py: reading YAML needs PyYAML (apt-get install python3-yaml)")
            doc = yaml.safe_load(f)
    return [str(term["text"]) for entry in doc["entries"] for term in entry["terms"]]


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: extract-terms.py DICTIONARY OUTPUT")
    terms = list(dict.fromkeys(terms_of(sys.argv[1])))  # unique, in dictionary order
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write("\n".join(terms) + "\n")
    print(f"{sys.argv[2]}: {len(terms)} terms", file=sys.stderr)


if __name__ == "__main__":
    main()
