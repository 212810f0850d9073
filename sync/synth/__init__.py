"""Synthetic villages and counties: the demo workspace, the benchmarks and the tests use them.

Households are generated deterministically from a seed, in the proportions the field reports
in shared/seeds describe, with about 5 % carrying the mistakes of domain.md's rules on purpose,
and are written through the store API like any other record. Never imports Qt or desktop.

    from mopai.sync.synth import VillageSpec, generate_village, add_households, build_demo_village
    households = generate_village(VillageSpec("431221101201", 300, seed=1))
    add_households(store, 5000, seed=1, progress=cb)           # an unlocked village store
    build_demo_village(home, passphrase, households=300)       # what `make run` opens
"""

from .county import CountyBuild, CountySpec, build_county, iter_county
from .mistakes import MISTAKES
from .village import GeneratedHousehold, VillageSpec, generate_village, iter_village
from .vocab import Vocab, default_vocab
from .writer import DEMO_VILLAGE_CODE, SynthResult, add_households, build_demo_village

__all__ = ["DEMO_VILLAGE_CODE", "MISTAKES", "CountyBuild", "CountySpec", "GeneratedHousehold",
           "SynthResult", "VillageSpec", "Vocab", "add_households", "build_county",
           "build_demo_village", "default_vocab", "generate_village", "iter_county",
           "iter_village"]
