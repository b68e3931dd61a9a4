"""What a process keeps for many searches, out of the cyclic garbage collector's sight.

The facet bitsets, the vocabularies and SymSpell's dictionaries are hundreds of thousands of
long-lived objects. Python's full collections walk every object the collector tracks, so
with them in sight one search in a few dozen paid a full walk (README, Figures). Once such a
structure is built, `settle` collects what is garbage and freezes the rest (gc.freeze): the
frozen objects are still freed by reference counting when replaced; a cycle frozen with them
is collected at the next `settle`, which unfreezes first.
"""

import gc


def settle():
    gc.unfreeze()
    gc.collect()
    gc.freeze()
