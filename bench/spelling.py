"""Benchmark of typo correction on the database backend (search.backends.vocabulary):
building a language's vocabulary and looking up queries in it, without a database.

The vocabulary is that of N resources (default 10,000) of the shape bench/search.py imports
(250-word bodies drawn from a large word list): WORDS distinct words (default 40,000) with
Zipf-like counts. Reports the build time and p50/p95 of lookup_compound over 1,000 queries
of one to three words with one or two typos each.

Usage: python bench/spelling.py [--words W] [--queries Q]
"""

import argparse
import random
import statistics
import string
import time

from symspellpy import SymSpell

# As search.backends.vocabulary (which this folder's search.py keeps a script from importing).
MAX_EDITS = 2
PREFIX_LENGTH = 7


def typo(word, rng):
    position = rng.randrange(len(word))
    letter = rng.choice(string.ascii_lowercase)
    return word[:position] + letter + word[position + 1 :]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--queries", type=int, default=1_000)
    options = parser.parse_args()
    rng = random.Random(13)
    vocabulary = {
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 12)))
        for _ in range(options.words)
    }
    vocabulary = sorted(vocabulary)
    started = time.perf_counter()
    dictionary = SymSpell(max_dictionary_edit_distance=MAX_EDITS, prefix_length=PREFIX_LENGTH)
    for rank, word in enumerate(vocabulary, start=1):
        dictionary.create_dictionary_entry(word, max(1, 100_000 // rank))
    built = time.perf_counter() - started
    timings = []
    for _ in range(options.queries):
        words = [typo(rng.choice(vocabulary), rng) for _ in range(rng.randint(1, 3))]
        started = time.perf_counter()
        dictionary.lookup_compound(" ".join(words), max_edit_distance=MAX_EDITS)
        timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"vocabulary of {len(vocabulary)} words built in {built:.2f} s")
    print(
        f"{options.queries} lookups: p50 {statistics.median(timings) * 1000:.2f} ms,"
        f" p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms,"
        f" total {sum(timings):.2f} s"
    )


if __name__ == "__main__":
    main()
