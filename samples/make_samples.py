#!/usr/bin/env python3
"""Regenerate the machine-built PriorMix sample files.

Run from the repository root:

    python3 samples/make_samples.py

The script uses only the Python 3 standard library plus the `zstd` and
`gzip` command-line tools (the latter is optional: Python's gzip module is
used as a fallback).  Every output is deterministic: gzip members are
written with mtime=0 and no file name, record ids are fixed UUIDs, and all
dates are literals.  Re-running it rewrites byte-identical files.

Files produced (paths relative to samples/):

    jsonl/dolma-style.jsonl              16 documents, Dolma layout
    jsonl/redpajama-style.jsonl.zst      10 documents, RedPajama layout (zstd -19)
    jsonl/forum-posts.jsonl.gz           6 documents, doc_id/body fields (gzip -9 -n)
    code/assets/logo.png                 8x8 RGB PNG (binary-skip test)
    warc/crawl.warc.gz                   WARC/1.0, one gzip member per record
    warc/crawl.warc.wet.gz               WET conversion records, one member per record
    wiki/simplewiki-sample-pages-articles.xml   MediaWiki export-0.10 XML

Every text in this file was written for the PriorMix project; none of it is
copied from an external source.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import uuid
import zlib
from html.parser import HTMLParser
from xml.sax.saxutils import escape as xml_escape

HERE = os.path.dirname(os.path.abspath(__file__))  # .../samples


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def out_path(rel: str) -> str:
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write_bytes(rel: str, data: bytes) -> None:
    with open(out_path(rel), "wb") as fh:
        fh.write(data)
    print(f"wrote samples/{rel} ({len(data)} bytes)")


def gzip_member(data: bytes) -> bytes:
    """One deterministic gzip member (mtime=0, no file name)."""
    buf = _BytesSink()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


class _BytesSink:
    """Minimal write-only file object (avoids io.BytesIO's `name` quirks)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, b: bytes) -> int:
        self._parts.append(bytes(b))
        return len(b)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def gzip_cli(data: bytes) -> bytes:
    """`gzip -9 -n` via the command-line tool, falling back to Python."""
    exe = shutil.which("gzip")
    if exe is None:
        return gzip_member(data)
    proc = subprocess.run([exe, "-9", "-n", "-c"], input=data, stdout=subprocess.PIPE, check=True)
    return proc.stdout


def zstd_cli(data: bytes) -> bytes:
    """`zstd -19 -q` on a temporary file outside samples/ (frame records content size)."""
    exe = shutil.which("zstd")
    if exe is None:
        sys.exit("error: the `zstd` command-line tool is required")
    with tempfile.TemporaryDirectory(prefix="priormix-samples-") as tmp:
        src = os.path.join(tmp, "input.jsonl")
        dst = src + ".zst"
        with open(src, "wb") as fh:
            fh.write(data)
        subprocess.run([exe, "-19", "-q", "-f", src, "-o", dst], check=True)
        with open(dst, "rb") as fh:
            return fh.read()


def jsonl(records: list[dict]) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def fixed_uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://priormix.example/samples/" + name))


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def png_bytes(width: int, height: int, pixel) -> bytes:
    """A genuine 8-bit RGB PNG; `pixel(x, y)` returns an (r, g, b) tuple."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: None
        for x in range(width):
            raw.extend(pixel(x, y))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def logo_pixel(x: int, y: int):
    # A teal diamond on a cream background with an orange centre.
    cx, cy = 3.5, 3.5
    d = abs(x - cx) + abs(y - cy)
    if d <= 1.0:
        return (240, 128, 40)
    if d <= 3.0:
        return (20, 128, 128)
    return (250, 244, 228)


def thumb_pixel(x: int, y: int):
    # A grey camera-ish silhouette: dark body, light lens ring.
    if 1 <= y <= 4 and 0 <= x <= 5:
        if (x - 2.5) ** 2 + (y - 2.5) ** 2 <= 1.6:
            return (200, 200, 210)
        return (40, 40, 48)
    return (255, 255, 255)


# ---------------------------------------------------------------------------
# 1. Dolma-style JSONL (16 documents)
# ---------------------------------------------------------------------------

DOLMA_ADDED = "2025-03-01T00:00:00Z"

DOLMA_DOCS: list[dict] = []


def dolma(doc_id: str, source: str, created: str, text: str, **metadata) -> None:
    meta = {"url": metadata.pop("url"), "lang": "en"}
    meta.update(metadata)
    DOLMA_DOCS.append({
        "id": doc_id,
        "text": text.strip("\n"),
        "source": source,
        "added": DOLMA_ADDED,
        "created": created,
        "metadata": meta,
    })


dolma("cc-2024-10-0001", "cc", "2024-10-14T06:12:40Z", r"""
Rates & Opening Hours | Riverside Bike Hire

Home › Plan your ride › Rates

We use cookies to remember your basket and to count visits. Accept all | Manage preferences

Riverside Bike Hire has been renting bicycles from the old boathouse on Quay Street since 2009. Whether you want a quiet spin along the towpath or a full day exploring the lanes beyond Ashby Lock, we have a bike that fits.

Prices (helmet and lock included)
City bike – 2 hours: £12 | Half day: £18 | Full day: £26
Hybrid with panniers – 2 hours: £15 | Half day: £22 | Full day: £32
E-bike – 2 hours: £24 | Half day: £35 | Full day: £48
Child seat or tag-along: £6 per hire
Group discount: 10% off when you book 6 or more bikes together

Opening hours
March to October: Monday–Sunday, 8:30am – 6:30pm
November to February: Friday–Sunday, 9:30am – 4:00pm
Closed 25–26 December and 1 January.

What to bring
Please bring photo ID and a card for the £50 refundable deposit. Riders under 16 must be accompanied by an adult who signs the hire form. We recommend a light waterproof: the weather by the river changes quickly, even in July.

Booking
Walk-ins are welcome, but at weekends and during school holidays the e-bikes are usually gone by 10am. Book online up to 30 days ahead and collect your bike from the front desk – your reference number is all we need. Free cancellation up to 24 hours before your slot. Late returns are charged at £5 per half hour.

Customer reviews ★★★★★ 4.8 from 612 reviews
"Friendly staff, well-kept bikes and a brilliant map of the riverside loop." – Helen, August
"The e-bike made the climb up to Carrow Woods feel like nothing." – Dev, May

Related pages: Route maps · Gift vouchers · Corporate days out · FAQ

Contact us · Find us · Privacy policy · Terms of hire · Cookie settings
© 2024 Riverside Bike Hire Ltd. All rights reserved.
""", url="https://www.riverside-bikehire.example/rates-and-opening-hours", warc_date="2024-10-14T06:12:40Z")

dolma("wiki-en-0002", "wiki", "2024-06-01T00:00:00Z", r"""
Tide mill

A tide mill is a water mill driven by the rise and fall of the tide. As the tide comes in, sea water flows into a storage pond, usually called the mill pond, through gates that close automatically once the tide turns. When the level outside has fallen far enough, the miller releases the impounded water through a channel so that it turns a water wheel or, in later installations, a turbine. Because the working period depends on the tidal cycle, a tide mill normally runs for four to six hours in each cycle of roughly twelve and a half hours, and its working hours move later by about fifty minutes every day.

History
Tide mills are recorded along the Atlantic coasts of Europe from the early medieval period. Excavations of waterlogged timber structures in estuaries have revealed wheel pits and races whose wood has been dated by tree-ring analysis to between the seventh and tenth centuries. The type spread during the later Middle Ages, when mills were built on creeks and inlets where rivers offered too little fall for a conventional mill. Many belonged to monasteries or manorial estates, which held rights over the foreshore.

Use declined in the nineteenth century as steam-powered roller mills took over grain milling. The silting of estuaries, the expense of repairing dams after storms and the awkward working hours all contributed. A handful of tide mills have been restored as museums, and several still grind flour for demonstrations.

Design
The principal parts of a tide mill are:
- a dam or causeway enclosing the mill pond;
- one or more sluice gates that open under the pressure of the rising tide and close as it falls;
- a wheel, usually undershot or breastshot, set in a race beneath the mill building;
- gearing that transfers power to millstones or other machinery.

The power available depends on the area of the pond and on the tidal range. A pond of several hectares at a site with a range of four metres could drive two or three pairs of stones.

Modern relevance
The tide mill is often described as an early form of tidal energy. Modern tidal barrages work on a comparable principle, holding water behind a barrier and releasing it through turbines, though on a vastly larger scale.

See also: Water wheel · Tidal power · Watermill

Categories: Watermills | Tidal power | History of technology
""", url="https://en.wiki.example/wiki/Tide_mill", title="Tide mill")

dolma("pes2o-0003", "pes2o", "2024-02-19T00:00:00Z", r"""
Reviewer Fatigue? Invitation Acceptance and Turnaround Times in Forty Journals, 2015–2023

Abstract
Editors frequently report that it has become harder to recruit peer reviewers, yet systematic evidence remains scattered across disciplines. We assembled editorial-management records from forty journals in the life sciences, social sciences and humanities, covering 212,480 review invitations issued between 2015 and 2023. The share of invitations accepted fell from 49.2% to 38.7% over the period, while the median time from acceptance to report submission rose from 19 to 24 days. The decline was steepest in the life sciences and among invitees who had completed three or more reviews in the preceding year. Using a mixed-effects logistic model with journal and reviewer random intercepts, we estimate that each additional review completed in the previous twelve months reduces the odds of accepting a new invitation by 11% (OR 0.89, 95% CI 0.87–0.91). We discuss implications for editorial workload policies and for the design of reviewer-recognition schemes.

1. Introduction
Peer review is the central quality-control mechanism of scholarly publishing [1, 2], but it rests on unpaid labour that is unevenly distributed. Earlier surveys found that a small fraction of researchers perform a large share of all reviews [3], and Rahman et al. [4] suggested that this concentration has intensified as submission volumes grew. Other authors argue that the perceived "reviewer crisis" reflects selective reporting by editors rather than a measurable change in behaviour [5]. Settling the question requires longitudinal data on invitations, not only on completed reviews, which is what the present study provides.

2. Data and methods
2.1 Sources. Participating publishers supplied anonymised exports from their manuscript-handling systems. Each record contained the invitation date, the response (accepted, declined or no response), the date of any submitted report, the journal and a persistent pseudonymous reviewer key. We excluded invitations sent to members of each journal's own editorial board, since board agreements usually oblige them to review.

2.2 Variables. The primary outcome was acceptance of an invitation within fourteen days. The main exposure was the number of reviews the invitee had completed for any participating journal during the previous twelve months, following the workload definition of Okafor and Lindqvist [6]. Covariates were discipline, calendar month, the invitee's career stage inferred from publication history, and whether the invitation concerned a revised manuscript.

2.3 Analysis. We fitted generalised linear mixed models with a logit link, treating journal and reviewer as crossed random effects [7]. Sensitivity analyses restricted the sample to first-round invitations and excluded 2020, when pandemic disruption produced atypical patterns (Supplementary Table S3). All code is available from the authors on request.

References
[1] Hallam, J. and Osei, K. (2016). The functions of peer review. Learned Publishing Review 12, 44–59.
[2] Brandt, M. (2019). Gatekeeping and trust in science. Cambridge: Meridian Academic.
[3] Voss, A. et al. (2017). Who reviews? A census of reviewer activity. Scientometric Letters 8, 101–117.
""", url="https://papers.example.org/paper/3f1c9a20", year=2024, fields_of_study=["Sociology", "Education"])

dolma("starcoder-python-0004", "starcoder", "2023-11-02T17:45:09Z", r'''
"""A small least-recently-used cache with an optional time-to-live."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable, Generic, Hashable, Optional, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """Fixed-capacity mapping that evicts the least recently used entry.

    >>> c = LRUCache(capacity=2)
    >>> c.put("a", 1); c.put("b", 2); c.get("a")
    1
    >>> c.put("c", 3)   # evicts "b", because "a" was read more recently
    >>> "b" in c
    False
    """

    def __init__(self, capacity: int, ttl: Optional[float] = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.ttl = ttl
        self._clock = clock
        self._data: "OrderedDict[K, tuple[V, float]]" = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data and not self._expired(key)  # type: ignore[arg-type]

    def _expired(self, key: K) -> bool:
        if self.ttl is None:
            return False
        _, stamp = self._data[key]
        return self._clock() - stamp > self.ttl

    def get(self, key: K, default: Optional[V] = None) -> Optional[V]:
        if key not in self._data or self._expired(key):
            self._data.pop(key, None)
            self.misses += 1
            return default
        self._data.move_to_end(key)
        self.hits += 1
        return self._data[key][0]

    def put(self, key: K, value: V) -> None:
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = (value, self._clock())
        while len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


def memoize(capacity: int = 128):
    """Decorator form: cache the results of a pure function of hashable args."""

    def wrap(fn):
        cache: LRUCache = LRUCache(capacity)
        missing = object()

        def inner(*args):
            found = cache.get(args, missing)
            if found is missing:
                found = fn(*args)
                cache.put(args, found)
            return found

        inner.cache = cache  # type: ignore[attr-defined]
        return inner

    return wrap


if __name__ == "__main__":
    @memoize(capacity=64)
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    print(fib(80), f"hit rate {fib.cache.hit_rate():.2f}")
''', url="https://git.example.com/lhmoreau/tinycache/blob/main/tinycache/lru.py",
      repo_name="lhmoreau/tinycache", path="tinycache/lru.py", language="Python", license="mit")

dolma("pes2o-0005", "pes2o", "2023-08-30T00:00:00Z", r"""
ShardBatch: Adaptive Write Batching for Raft-Replicated Key-Value Stores

Abstract
Consensus protocols such as Raft [1] and Multi-Paxos [2] provide linearizable replication but require a round trip to a quorum for every committed log entry. Production systems amortise this cost by batching, yet the batch window is usually a static configuration value tuned for one workload. We present ShardBatch, an adaptive scheme that chooses the batching window per shard from an online estimate of the write arrival rate and the observed fsync latency. ShardBatch selects the smallest window that keeps the persistence pipeline stable, a choice we derive in closed form under a Poisson-arrival model. Implemented as a 4,000-line patch to an open-source key-value store, ShardBatch reduces p99 write latency by 31–58% on skewed YCSB workloads compared with the best static setting, while staying within 3% of its peak throughput.

1 Introduction
Replicated state machines are the backbone of modern metadata services, configuration stores and transactional databases [3, 4]. Each write must be appended to the leader's log, persisted, sent to followers and acknowledged by a majority before it can be applied. When writes arrive one at a time, the fixed cost of a disk flush and a network round trip dominates. Batching several writes into a single log append amortises these costs, and Chen et al. [5] report throughput gains of an order of magnitude in a geo-replicated deployment. However, a fixed window wastes time under light load, when requests wait for companions that never arrive, and is too short under heavy load, when the disk cannot keep up.

3 Design
Let λ denote the arrival rate of writes to a shard and w the batching window. A request arriving at a uniformly random point in the window waits w/2 on average before the batch closes. We model the time to persist a batch of b entries as d(b) = d₀ + βb, where d₀ captures the fixed fsync cost and β the per-entry cost; both are fitted online by least squares over the last 256 flushes. The expected commit latency is then

    L(w) = w/2 + d₀ + βλw + r,

where r is the replication round trip. Since L increases with w, the latency-optimal window is the smallest one for which the pipeline is stable, i.e. for which a batch is persisted before the next one closes: d₀ + βλw < w. Solving gives w > d₀ / (1 − βλ), which is finite only when βλ < 1. ShardBatch therefore sets

    w* = (1 + ε) · d₀ / (1 − βλ),

with a safety margin ε = 0.1, and falls back to back-pressure when the estimated βλ exceeds 0.9. Because λ differs by orders of magnitude between hot and cold shards, computing w* per shard rather than per node is the main source of the improvement (Section 5.3).
""", url="https://papers.example.org/paper/b7d2e0c4", year=2023, fields_of_study=["Computer Science"])

dolma("cc-2024-22-0006", "cc", "2024-05-27T11:03:18Z", r"""
Explainer: Why rents keep climbing even as house prices cool

By Priya Nandakumar, Economics Correspondent · 27 May 2024

For two years, buyers have watched asking prices stall or slip in most regions. Renters, meanwhile, have seen the opposite: the median advertised rent for a two-bedroom flat rose 8.4% over the past twelve months, according to listings data, the fastest annual increase since the series began. How can the two markets move in different directions?

The short answer is interest rates. When the central bank raised its policy rate from 0.25% to 5.25%, the cost of a typical two-year fixed mortgage more than doubled. That cooled demand from buyers, which is why prices flattened. But it also did three things that push rents up.

First, many would-be first-time buyers postponed purchases and stayed in the rental market longer. Demand for rented homes rose without any matching increase in supply.

Second, landlords with mortgages faced higher financing costs. A landlord who refinanced a £200,000 interest-only loan from 2% to 5.5% now pays roughly £7,000 more a year, and many have tried to pass part of that on to tenants. Some smaller landlords sold up altogether, shrinking the stock of homes to let.

Third, new construction slowed. Developers rely on borrowing too, and higher rates made marginal projects unprofitable. Housing starts fell by about a fifth last year.

Economists describe rent as a "flow" price and house prices as an "asset" price. An asset price reflects the discounted value of all future rents, so when the discount rate — effectively the interest rate — goes up, the asset price can fall even while the flow it produces is rising. In that sense, the two trends are not a contradiction but two faces of the same shock.

What happens next? Most forecasters expect rent growth to slow as wage growth eases and as rate cuts, if they come, bring buyers back. "Rents respond to rates with a lag of a year or more," said Tomasz Ruda, a housing economist at a research institute. "Even if the bank cuts in the autumn, tenants should not expect relief before 2026."

Key figures
- Median two-bed rent: £1,145 a month (+8.4% year on year)
- Average house price: £284,000 (−1.1%)
- Typical two-year fixed mortgage rate: 5.6%, up from 2.3% in early 2022
- Housing starts: down 19% on the previous year
""", url="https://www.the-ledger-weekly.example/economy/why-rents-keep-climbing", warc_date="2024-05-27T11:03:18Z")

dolma("c4-0007", "c4", "2019-04-23T09:51:02Z", r"""
Smoky Red Lentil Soup with Lemon

This is the soup I make on Sunday evenings when the fridge is nearly empty. It needs one pot, costs very little, and tastes even better the next day. Red lentils collapse as they cook, so you get a thick, creamy texture without any cream at all.

Serves 4 · Prep 10 minutes · Cook 30 minutes

Ingredients
- 2 tablespoons olive oil
- 1 large onion, finely chopped
- 2 carrots, peeled and diced
- 3 garlic cloves, crushed
- 1 teaspoon ground cumin
- 1 teaspoon smoked paprika
- ½ teaspoon chilli flakes (optional)
- 250 g red lentils, rinsed until the water runs clear
- 1 x 400 g tin chopped tomatoes
- 1.2 litres vegetable stock
- Juice of 1 lemon
- Salt and black pepper
- A handful of fresh coriander or parsley, to serve

Method
1. Heat the oil in a large saucepan over a medium heat. Add the onion and carrots with a pinch of salt and cook for 8–10 minutes, stirring now and then, until soft and golden at the edges.
2. Stir in the garlic, cumin, paprika and chilli flakes and cook for 1 minute, until fragrant. Don't let the garlic burn.
3. Add the lentils, tomatoes and stock. Bring to the boil, then reduce the heat and simmer, partly covered, for 20–25 minutes until the lentils have completely broken down.
4. Blend about half of the soup with a stick blender, leaving some texture. Add a splash of water if it is too thick.
5. Season well with salt and pepper, then stir in the lemon juice a little at a time, tasting as you go.
6. Ladle into bowls and scatter over the herbs. A spoonful of yoghurt and some warm flatbread make it a meal.

Notes
Storage: keeps for 4 days in the fridge or 3 months in the freezer. It thickens as it stands, so loosen it with water when reheating.
Swaps: use brown or green lentils if that's what you have, but add 15 minutes to the simmering time and expect a chunkier soup.

Comments (14)
Marguerite: Made this twice this week. I added a teaspoon of turmeric and it turned a lovely deep orange.
Sam K.: Can I use a slow cooker? — Reply: Yes, 6 hours on low, but add the lemon at the end.
""", url="https://www.thriftykitchen-notes.example/recipes/smoky-red-lentil-soup/")

dolma("cc-2024-18-0008", "cc", "2024-04-16T22:40:55Z", r"""
COMMERCIAL LEASE AGREEMENT — STANDARD TERMS (EXTRACT)

This Lease is made on the date stated in the Particulars BETWEEN Harrowgate Property Holdings Limited, a company registered under number 04418821 (hereinafter referred to as "the Landlord"), and the person or company named as tenant in the Particulars (hereinafter referred to as "the Tenant").

1. Definitions and interpretation
1.1 In this Lease, unless the context otherwise requires:
"Premises" means the ground-floor retail unit described in Schedule 1, including all fixtures installed by the Landlord but excluding the structure and exterior of the Building;
"Rent" means the annual sum stated in the Particulars, as varied under Clause 5;
"Term" means the period beginning on the Commencement Date and ending on the Expiry Date.
1.2 A reference to a statute includes any amendment, re-enactment or subordinate legislation made under it.
1.3 Words importing the singular include the plural and vice versa.

4. Rent and other payments
4(1) The Tenant shall pay the Rent by equal quarterly instalments in advance on the usual quarter days, the first payment to be made on the Commencement Date.
4(2) The Tenant shall pay the Rent by standing order or other electronic means to such account as the Landlord may notify in writing, without any deduction, counterclaim or set-off whatsoever, save as required by law.
4(3) If any sum payable under this Lease is not paid within fourteen (14) days of its due date, the Tenant shall pay interest on that sum at the rate of four per cent (4%) per annum above the base rate of the Landlord's bank from the due date until the date of payment.

7. Tenant's covenants
The Tenant covenants with the Landlord that throughout the Term the Tenant shall:
(a) keep the interior of the Premises in good and substantial repair and condition, damage by insured risks excepted;
(b) not make any structural alteration to the Premises without the prior written consent of the Landlord, such consent not to be unreasonably withheld or delayed;
(c) use the Premises only for the Permitted Use and not for any illegal or immoral purpose;
(d) not assign, underlet or part with possession of the whole or any part of the Premises except in accordance with Clause 9.

12. Forfeiture
12.1 If any Rent remains unpaid twenty-one (21) days after becoming due, whether formally demanded or not, or if the Tenant commits a material breach of any covenant in this Lease, the Landlord may re-enter the Premises, whereupon the Term shall absolutely determine, without prejudice to any right or remedy of the Landlord in respect of any antecedent breach.
12.2 Nothing in Clause 12.1 shall affect the Tenant's right to apply to the court for relief from forfeiture.

IN WITNESS whereof the parties have executed this Lease as a deed on the date first written above.
""", url="https://www.leasetemplates-hub.example/commercial/standard-terms-retail", warc_date="2024-04-16T22:40:55Z")

dolma("books-0009", "books", "2022-12-05T00:00:00Z", r"""
The orchard had shrunk, or she had grown, or both. From the lane Mara could see the whole of it at once: eleven rows of apple trees leaning east, their trunks painted white to the knee, the grass between them mown in long pale stripes that ran down to the black thread of the stream. At the far end, where the ground rose, the barn sat with its red doors open like a mouth that had forgotten what it meant to say.

Tomas was on the ladder when she came through the gate. He did not climb down.

"You're late," he said. "The Bramleys came in on Tuesday."

"The train was late. Then the bus turned out not to exist." She set her bag against the fence post. "You could have told me you'd started picking."

"I did tell you. I wrote it on the card." He reached into the leaves, twisted, and a green apple came away into his hand with a small dry snap. "You don't read the cards."

That was true, and she let it stand. Above them the sky was the thin washed blue of late September, with one long cloud drawn over the hill like a bolt of muslin somebody had forgotten to fold. Light came sideways through the branches and laid coins of yellow on the ground, on the upturned crates, on the back of her brother's neck where the skin had gone brown and creased.

"Is she inside?" Mara asked.

"In the kitchen. She's been making the chutney since six. The whole house smells of vinegar." He dropped the apple into the canvas bag slung across his chest and finally looked at her properly. "She asked for you twice this morning. Then she asked who you were."

Mara turned towards the house. It was smaller too: a square of grey stone with a slate roof furred with moss, two windows downstairs and two up, the left-hand chimney leaning a few degrees out of true, as it always had. A thread of smoke rose from it and bent flat in the wind.

"Does she have good days?"

"She has good hours." Tomas came down two rungs, then stopped. "Take her the Cox's from the blue crate. The small ones. She likes to hold them."

Mara knelt by the crate. The apples were no bigger than a child's fist, streaked red over gold, and cold from the night. She chose six and cupped them against her jumper, and walked up the slope between the trees, past the place where their father had once hung a swing, past the stump where the old pear had stood, towards the open kitchen door and the sound of a spoon knocking steadily against the side of a pan.
""", url="https://books.example.net/catalogue/the-white-knee-orchard", title="The White-Knee Orchard", author="R. Callow")

dolma("owm-0010", "open-web-math", "2021-03-11T14:20:00Z", r"""
The sum of the first n squares, three ways

A reader asked why $\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}$ and where the 6 comes from. Here are three arguments, from the most mechanical to the most illuminating.

1. Induction

For $n = 1$ both sides equal 1. Suppose the formula holds for some $n \ge 1$. Then
$$\sum_{k=1}^{n+1} k^2 = \frac{n(n+1)(2n+1)}{6} + (n+1)^2 = \frac{(n+1)\left[n(2n+1) + 6(n+1)\right]}{6}.$$
The bracket is $2n^2 + 7n + 6 = (n+2)(2n+3)$, so the sum equals $\frac{(n+1)(n+2)(2n+3)}{6}$, which is the formula with $n$ replaced by $n+1$. $\blacksquare$

Induction verifies the formula but does not tell us how anyone found it.

2. Telescoping

Start from the identity $(k+1)^3 - k^3 = 3k^2 + 3k + 1$. Summing over $k = 1, \dots, n$, the left side telescopes to $(n+1)^3 - 1$. Writing $S = \sum k^2$ and using $\sum_{k=1}^n k = \frac{n(n+1)}{2}$,
$$(n+1)^3 - 1 = 3S + \frac{3n(n+1)}{2} + n.$$
Solving for $S$:
$$S = \frac{1}{3}\left[(n+1)^3 - (n+1) - \frac{3n(n+1)}{2}\right] = \frac{(n+1)}{3}\left[n^2 + 2n - \frac{3n}{2}\right] = \frac{n(n+1)(2n+1)}{6}.$$
This derivation generalises: the same trick with $(k+1)^4 - k^4$ gives the sum of cubes.

3. Comparison with an integral

The leading term of the formula is $\frac{n^3}{3}$, and that is no accident. Since $x^2$ is increasing on $[0, \infty)$,
$$\int_{k-1}^{k} x^2\,dx \le k^2 \le \int_{k}^{k+1} x^2\,dx,$$
and summing gives $\frac{n^3}{3} \le S \le \frac{(n+1)^3 - 1}{3}$. Dividing by $n^3$ and letting $n \to \infty$ shows $S/n^3 \to 1/3$.

Read the other way round, this is a Riemann sum:
$$\frac{1}{n}\sum_{k=1}^{n}\left(\frac{k}{n}\right)^2 = \frac{S}{n^3} = \frac{(n+1)(2n+1)}{6n^2} \longrightarrow \frac{1}{3},$$
which recovers $\int_0^1 x^2\,dx = 1/3$ without knowing any antiderivative.

Exercise. Use the telescoping method to show $\sum_{k=1}^n k^3 = \left(\frac{n(n+1)}{2}\right)^2$.

12 comments · tagged: sums, induction, calculus
""", url="https://mathjottings.example.org/2021/03/sum-of-squares-three-ways/")

dolma("pes2o-0011", "pes2o", "2024-01-08T00:00:00Z", r"""
Severe thiazide-associated hyponatraemia in an older woman: a case report

Abstract
Thiazide diuretics are a common cause of hyponatraemia in older adults. We describe a 79-year-old woman who presented with confusion and a fall two weeks after starting bendroflumethiazide, with a serum sodium of 116 mmol/L. Cautious correction avoided osmotic demyelination, and she made a full recovery.

Case presentation
A 79-year-old woman was brought to the emergency department by her daughter after being found on the kitchen floor. She had been increasingly drowsy and muddled for three days and had vomited twice that morning. Her general practitioner had started bendroflumethiazide 2.5 mg once daily for hypertension 15 days earlier. Other medication: amlodipine 5 mg once daily, sertraline 50 mg once daily (for 2 years) and paracetamol as required. She lived alone, was independent and drank about 2 litres of weak tea daily.

On examination she was disorientated in time and place (AMT 5/10) but had no focal neurological deficit. Blood pressure was 132/78 mmHg lying with no postural drop, heart rate 84/min, temperature 36.6 °C. Mucous membranes were moist, jugular venous pressure was not raised and there was no peripheral oedema. A small occipital haematoma was noted.

Investigations
Serum sodium 116 mmol/L (reference 135–145), potassium 3.1 mmol/L, urea 3.2 mmol/L, creatinine 58 µmol/L, glucose 6.1 mmol/L. Serum osmolality 244 mOsm/kg; urine osmolality 412 mOsm/kg; urine sodium 58 mmol/L. TSH and 9 a.m. cortisol were normal. CT head showed no intracranial haemorrhage.

Diagnosis
Severe symptomatic hypotonic hyponatraemia, most likely thiazide-induced, with a possible contribution from sertraline.

Management
Bendroflumethiazide was stopped. Because of vomiting and confusion, she received a 150 mL bolus of 3% sodium chloride over 20 minutes, after which sodium rose to 119 mmol/L and vomiting settled. Further hypertonic saline was withheld. Fluids were restricted to 1 L/day, potassium was replaced orally, and sodium was measured every 4 hours with a correction limit of 8 mmol/L in any 24-hour period. When urine output increased overnight, indicating a water diuresis, 5% glucose was given to prevent overcorrection.

Outcome
Sodium reached 125 mmol/L at 24 hours and 133 mmol/L on day 4. Her confusion resolved, and she was discharged on day 6 with amlodipine increased to 10 mg; sertraline was continued with a repeat sodium check arranged at one week.

Discussion
Thiazide-associated hyponatraemia typically appears within the first weeks of treatment and is more frequent in older women of low body weight [1, 2]. High fluid intake and concurrent selective serotonin reuptake inhibitors increase the risk [3]. Overly rapid correction can cause osmotic demyelination syndrome, so guidelines recommend limiting the rise to 8–10 mmol/L in 24 hours [4]. As noted by Hendry et al. [5], the main preventable factor is the absence of a sodium check within two weeks of starting a thiazide.
""", url="https://papers.example.org/paper/61e0ad93", year=2024, fields_of_study=["Medicine"])

dolma("books-0012", "books", "2020-09-14T00:00:00Z", r"""
On the Repaired Violin

A luthier once told me that the violin on her bench was three hundred years old. It had a new neck, a new bass bar, a top patched in eleven places and a scroll carved last spring to replace one that had split. "How much of it is old?" I asked. She considered the question seriously. "The back," she said, "and the sound."

It is tempting to treat this as a puzzle with a right answer. Either the instrument is the same one that left its maker's workshop, or it is not; either identity survives the replacement of parts, or it does not. But the luthier's reply points somewhere more interesting. She did not say that the violin was old because some fraction of its wood was old. She pointed to two different kinds of continuity: material continuity, carried by the maple back, and a continuity of function and character, carried by the way the instrument speaks.

Consider the first. If identity were simply a matter of sharing matter, then almost nothing would persist. Our own bodies exchange most of their atoms over the years; rivers exchange all of their water in days. A strictly material criterion either makes identity vanishingly rare or forces us to pick an arbitrary threshold—half the parts, say—beyond which the object becomes a new one. Thresholds of this kind are not discovered; they are stipulated, and stipulations can be revised.

The second kind of continuity looks more promising. What the violin preserves is a pattern: a shape, a set of resonances, a history of having been played and adjusted and played again. Each repair is made in order to keep that pattern going. The new neck is fitted to the old angle; the patches are tuned to the old tone. The replacement is not an interruption of the object's history but part of it. On this view, to ask whether the violin is "really" the same is to ask whether the story of its repairs is a single story, and the answer is plainly yes.

Someone will object that this makes identity too easy. Suppose a forger gathered every discarded original piece from the workshop floor and reassembled them. Would that not be the real violin? I find I have no confident intuition here, and I suspect that is the correct result. Our concept of sameness was shaped for ordinary cases, where material and historical continuity travel together. When they separate, the concept does not tell us which to follow, and we must decide what we care about.

For the violinist, what matters is the voice. For the museum, it may be the wood. For the philosopher, the lesson is that "the same" is not one relation but a family of them, and that much apparent disagreement about identity is disagreement about which member of the family is in play.
""", url="https://books.example.net/catalogue/small-questions-essays", title="Small Questions: Essays", author="E. Marchetti")

dolma("cc-2024-30-0013", "cc", "2024-07-25T19:17:31Z", r"""
Assembly approves transit levy after eleven-hour session

Northern Regional Assembly · Politics · 25 July 2024

The Northern Regional Assembly voted 41 to 36 late on Wednesday night to approve a half-percent sales levy to fund bus and light-rail expansion, ending a debate that began shortly after nine in the morning and ran past eight in the evening.

The Transit Investment Bill, introduced by the governing Progressive Alliance in March, will raise an estimated 310 million a year for fifteen years. Supporters say it will pay for two new tram lines, all-day frequent bus service in the outer districts and the replacement of the region's oldest diesel buses.

"For two decades we have promised people a transport system they can rely on, and for two decades we have asked them to wait," said the transport minister, Ada Fenwright, closing the debate. "Tonight we stopped asking them to wait."

The opposition Civic Union argued that a sales levy falls hardest on low-income households and proposed funding the programme through a tax on commercial parking spaces instead. That amendment was defeated 39 to 38, after two members of the small Rural Voice group abstained. A second amendment, requiring an independent audit of the programme every three years, passed with cross-party support.

"We all want better buses," said Civic Union leader Rohan Delacourt. "But the government has chosen the most regressive way to pay for them and has written itself a fifteen-year blank cheque. We will campaign to repeal this at the next election."

The bill now goes to the Review Council, which can delay but not block it. Under the regional constitution, the Council has sixty days to propose changes; the Assembly may then accept or reject them by a simple majority.

Business groups were divided. The regional Chamber of Commerce welcomed the investment but criticised the timing, while the Federation of Independent Retailers said the levy could push shoppers to neighbouring regions. Transport unions and a coalition of environmental organisations held a rally outside the Assembly building for most of the day.

Polling published last week by the Northern Observer found 48% of residents in favour of the levy and 41% opposed, with support strongest among voters under 35.
""", url="https://www.northern-observer.example/politics/2024/07/25/assembly-transit-levy-vote", warc_date="2024-07-25T19:17:31Z")

dolma("se-unix-0014", "stackexchange", "2022-05-19T08:31:44Z", r"""
Q: Variable set inside a `while read` loop is empty after the loop (bash)

Score: 47 · Viewed 18,204 times · Tags: bash, shell, pipe, subshell

I'm counting lines in a log that match a pattern and keeping a running total:

    total=0
    grep ERROR app.log | while read -r line; do
        total=$((total + 1))
    done
    echo "errors: $total"

If I echo $total inside the loop I can see it going 1, 2, 3 ... but after the loop the script always prints `errors: 0`. I'm on bash 5.1. What am I doing wrong?

Comments:
– Does the same thing happen if you redirect the file into the loop instead of piping? – kestrel_dev
– @kestrel_dev yes, when I do `done < app.log` it works, but then I can't filter with grep first. – asker

A: (62 votes, accepted)

Every command in a pipeline runs in its own subshell. Your `while` loop is the last element of the pipeline, so it runs in a child process; it increments its own copy of `total`, and that copy disappears when the pipeline ends. The parent shell's `total` is never touched.

There are several ways around it:

1. Feed the loop with process substitution, so the loop runs in the current shell:

       total=0
       while read -r line; do
           total=$((total + 1))
       done < <(grep ERROR app.log)
       echo "errors: $total"

2. Enable `lastpipe`, which makes bash run the last pipeline element in the current shell. It only takes effect when job control is off, which is the default in scripts:

       shopt -s lastpipe

3. Do all the work inside the subshell:

       grep ERROR app.log | { total=0; while read -r _; do total=$((total+1)); done; echo "errors: $total"; }

4. If all you need is a count, skip the loop: `grep -c ERROR app.log`.

A: (14 votes)

Worth knowing that this is shell-specific. zsh and ksh93 run the last part of a pipeline in the current shell, so the original code prints the right answer there. That's why the same snippet "works on my machine" for some people.

A: (3 votes)

Also note `read` without `-r` mangles backslashes, and a last line without a trailing newline is silently dropped unless you write `while read -r line || [ -n "$line" ]`.
""", url="https://unix.stackexchange.example/questions/688213/variable-empty-after-while-read-loop", question_score=47, answer_count=3)

dolma("pes2o-0015", "pes2o", "2023-05-02T00:00:00Z", r"""
Pre-flight warm-up and thermal preference in a montane pollen beetle

Abstract
Small insects living at high altitude must often raise their body temperature before they can fly. We studied pre-flight warm-up in the pollen beetle Meligethes alpestris (Coleoptera: Nitidulidae) collected at 1,850–2,300 m in an alpine meadow. Using infrared thermography and a thermal gradient arena, we measured thoracic temperature during warm-up, the temperature at take-off and the preferred substrate temperature of 214 adults. Beetles raised thoracic temperature by up to 9.4 °C above ambient through shivering of the flight muscles and took off at a mean thoracic temperature of 24.1 ± 1.6 °C. Warm-up rate increased with body mass and was 38% faster in females. In the gradient arena beetles preferred 27–31 °C, close to the surface temperature of sunlit buttercup petals. These results suggest that flower choice may double as behavioural thermoregulation in this species.

Introduction
Endothermic warm-up is well documented in large insects such as bumblebees and hawkmoths [1, 2], but many small beetles were long assumed to be strictly ectothermic because their high surface-to-volume ratio makes heat loss rapid [3]. Recent work by Lindahl et al. [4] showed measurable thoracic warming in several nitidulid species, while Okoro and Pires [5] reported that bowl-shaped flowers can be several degrees warmer than the surrounding air. Whether small pollinators exploit both mechanisms together is unknown.

Methods
Collection. Adults were collected by hand from flowers of Ranunculus and Trollius between 09:00 and 12:00 on six days in July. They were held individually in ventilated tubes at 12 °C and tested within 24 h.

Warm-up trials. Each beetle was placed on a cork platform at 15 °C inside a draught shield and filmed with an infrared camera (emissivity set to 0.95) at 10 frames per second. Thoracic and abdominal temperatures were extracted from regions of interest drawn on each frame. A trial ended at take-off or after 10 minutes.

Thermal preference. Groups of ten beetles were released into a 60 cm aluminium gradient running from 10 to 45 °C and photographed every 5 minutes for 1 hour; positions were converted to substrate temperature using thermocouples spaced every 5 cm.

Statistics. Warm-up rate was analysed with linear mixed models including body mass and sex as fixed effects and collection day as a random effect [6]. Preferred temperature was summarised as the interquartile range of positions after 30 minutes.
""", url="https://papers.example.org/paper/0c55f2b8", year=2023, fields_of_study=["Biology"])

dolma("cc-2024-38-0016", "cc", "2024-09-20T13:02:12Z", r"""
Review: Ilse Marrow, "Weather Rooms" at the Old Customs House Gallery

★★★★☆ · Until 12 January · Exhibitions

You enter the first room of "Weather Rooms" through a low doorway and straight into fog. Not literal fog, though the effect is close: eight large canvases hang edge to edge along the long wall, each a field of grey so finely graded that the eye cannot find where one painting stops and the next begins. Only after a minute do shapes surface — the blunt roofline of a barn in the third panel, a line of fence posts stepping down to the right in the sixth, a pale disc that may be the sun or a street lamp hovering in the upper left of the last.

Marrow, who has worked on the northern coast for three decades, has always painted weather rather than places. This retrospective, the first to bring together work from every decade, makes the case that she is also a painter of time. The middle galleries, devoted to the 1990s, are a shock after the restraint of the opening: small square panels in saturated cobalt, cadmium orange and a sharp acid green, the paint dragged across the surface with a squeegee so that the colours tear and overlap like torn posters. Hung in a grid of five by five, they read as a calendar of storms.

The strongest room is the last. Here Marrow returns to a single motif, a window seen from inside a dark room, and repeats it forty times over a year. The window is always the same tall rectangle divided into six panes, placed slightly off centre and a little above eye level. What changes is everything beyond it: a violet dusk in one, a flat white snow-light in another, a wet green blur of summer leaves pressed close against the glass. The frames are narrow strips of unpainted oak, and because the walls here are painted charcoal, the bright rectangles seem to float.

Not everything works. A group of late sculptures — bent sheets of zinc meant to suggest wind — feels like an afterthought, and the wall texts lean too heavily on the artist's biography. But the curators deserve credit for the hang, which lets the paintings breathe and rewards slow looking.

Go on a grey afternoon. Leave by the far door, which opens onto the harbour, and the real sky will look, for a few minutes, like one of hers.

Old Customs House Gallery, Quay Road. Open Tuesday–Sunday 10:00–17:00. Adults 9, concessions 6, under-18s free.
""", url="https://www.coastline-arts-review.example/reviews/ilse-marrow-weather-rooms", warc_date="2024-09-20T13:02:12Z")

assert len(DOLMA_DOCS) == 16, len(DOLMA_DOCS)


# ---------------------------------------------------------------------------
# 2. RedPajama-style JSONL, zstd-compressed (10 documents, no "id" field)
# ---------------------------------------------------------------------------

RP_DOCS: list[dict] = []


def redpajama(set_name: str, text: str, **meta) -> None:
    text = text.strip("\n")
    m = dict(meta)
    m["redpajama_set_name"] = set_name
    RP_DOCS.append({"text": text, "meta": m})


def github_meta(text: str, repo: str, path: str, lang: str, license_: str) -> dict:
    text = text.strip("\n")
    lines = text.split("\n")
    alnum = sum(ch.isalnum() for ch in text)
    return {
        "content_hash": hashlib.md5(text.encode("utf-8")).hexdigest(),
        "timestamp": "",
        "source": "github",
        "line_count": len(lines),
        "max_line_length": max(len(l) for l in lines),
        "avg_line_length": round(sum(len(l) for l in lines) / len(lines), 6),
        "alnum_prop": round(alnum / len(text), 6),
        "repo_name": repo,
        "size": str(len(text.encode("utf-8"))),
        "binary": False,
        "copies": "1",
        "ref": "refs/heads/main",
        "path": path,
        "mode": "33188",
        "license": license_,
        "language": [{"name": lang, "bytes": str(len(text.encode("utf-8")))}],
    }


redpajama("RedPajamaArXiv", r"""
\documentclass[11pt]{amsart}
\usepackage{amssymb}
\newtheorem{theorem}{Theorem}
\newtheorem{lemma}[theorem]{Lemma}

\title{A short note on monotone subsequences}
\author{N. Okonkwo-Hale}

\begin{document}
\maketitle

\begin{abstract}
We give a self-contained account of the classical fact that every sequence of $n^2+1$ distinct real numbers contains a monotone subsequence of length $n+1$, show that the bound is sharp, and explain how the labelling argument extends to partially ordered sets. The note is intended as a companion to an undergraduate course in combinatorics.
\end{abstract}

\section{Introduction}
Given a finite sequence $a_1, a_2, \dots, a_N$ of distinct real numbers, a \emph{subsequence} is obtained by choosing indices $i_1 < i_2 < \dots < i_k$; it is \emph{increasing} if $a_{i_1} < a_{i_2} < \dots < a_{i_k}$ and \emph{decreasing} if the inequalities are reversed. How long must the sequence be to guarantee a monotone subsequence of prescribed length? The answer, due to Erd\H{o}s and Szekeres~\cite{ES35}, is the following.

\begin{theorem}\label{thm:main}
Every sequence of $n^2 + 1$ distinct real numbers contains an increasing subsequence of length $n+1$ or a decreasing subsequence of length $n+1$.
\end{theorem}

For random permutations much more is true: the longest increasing subsequence of a uniformly random permutation of $\{1,\dots,N\}$ has length close to $2\sqrt{N}$ with high probability~\cite{VK77, AD99}. Theorem~\ref{thm:main} is the deterministic counterpart, and it is remarkable that its proof needs nothing beyond the pigeonhole principle.

\section{Proof of the theorem}
\begin{proof}
Let $N = n^2 + 1$. For each index $k$ let $u_k$ be the length of the longest increasing subsequence that ends at $a_k$, and let $d_k$ be the length of the longest decreasing subsequence ending at $a_k$. Suppose, for contradiction, that $u_k \le n$ and $d_k \le n$ for all $k$. Then each pair $(u_k, d_k)$ lies in $\{1,\dots,n\}^2$, a set of $n^2$ elements, so by the pigeonhole principle there are indices $j < k$ with $(u_j, d_j) = (u_k, d_k)$.

If $a_j < a_k$, appending $a_k$ to a longest increasing subsequence ending at $a_j$ gives an increasing subsequence ending at $a_k$ of length $u_j + 1$, so $u_k \ge u_j + 1$. If $a_j > a_k$, the same argument gives $d_k \ge d_j + 1$. Either way the pairs differ, a contradiction.
\end{proof}

\begin{lemma}\label{lem:sharp}
For every $n \ge 1$ there is a sequence of $n^2$ distinct reals with no monotone subsequence of length $n+1$.
\end{lemma}

\begin{proof}
Take $n$ blocks, each block decreasing and each block lying entirely above the previous one, e.g.\ for $n = 3$ the sequence $3,2,1,6,5,4,9,8,7$. An increasing subsequence uses at most one element from each block, and a decreasing subsequence stays within one block, so both have length at most $n$.
\end{proof}

\section{Partial orders}
The labels $(u_k, d_k)$ in the proof are an instance of Mirsky's theorem~\cite{Mir71}: in a finite poset, the length of the longest chain equals the minimum number of antichains needed to cover it. Applying this to the poset on indices with $j \prec k$ iff $j < k$ and $a_j < a_k$ yields Theorem~\ref{thm:main} directly, since any antichain of this poset is a decreasing subsequence.

\begin{thebibliography}{9}
\bibitem{ES35} P.~Erd\H{o}s and G.~Szekeres, A combinatorial problem in geometry, \emph{Compositio Math.} (1935).
\bibitem{Mir71} L.~Mirsky, A dual of Dilworth's decomposition theorem, \emph{Amer. Math. Monthly} (1971).
\end{thebibliography}
\end{document}
""", timestamp="2023-03-14T10:21:44", yymm="2303", arxiv_id="2303.90117", language="en",
   url="https://arxiv.example.org/abs/2303.90117")

redpajama("RedPajamaArXiv", r"""
\section{Introduction}
Edge clusters in factories, hospitals and retail sites increasingly run inference workloads on a mix of low-power ARM boards, small GPUs and the occasional x86 server~\cite{satyan17, liu21}. Because these clusters are often powered from constrained circuits or batteries, the scheduler must balance latency against energy rather than optimise latency alone. Existing Kubernetes-based schedulers place pods by resource requests and affinity rules, and treat energy, if at all, as a secondary tiebreaker~\cite{kube-sched}.

We study the problem of placing a stream of inference tasks on a heterogeneous cluster so as to minimise total energy subject to per-task deadlines. Our contributions are: (i) a formulation of the placement problem as a multiple-choice knapsack with deadline constraints; (ii) \textsc{Ember}, a greedy online heuristic with a provable $2$-approximation on energy when tasks are small relative to node capacity; and (iii) an evaluation on a 24-node testbed showing energy savings of 22--37\% over the default scheduler with fewer than 1\% of deadlines missed.

\section{Problem formulation}
Let $\mathcal{N}$ be the set of nodes and $\mathcal{T}$ the set of tasks arriving in a scheduling epoch. Placing task $t$ on node $n$ takes time $\tau_{t,n}$ and consumes energy
\begin{equation}
E_{t,n} = P^{\mathrm{active}}_n \,\tau_{t,n} - P^{\mathrm{idle}}_n \,\tau_{t,n},
\label{eq:energy}
\end{equation}
i.e.\ the energy attributable to the task above the node's idle baseline. Each task has a deadline $D_t$, and each node a capacity $C_n$ measured in accelerator-seconds per epoch. We seek binary variables $x_{t,n}$ that minimise $\sum_{t,n} E_{t,n} x_{t,n}$ subject to $\sum_n x_{t,n} = 1$ for every task, $\sum_t \tau_{t,n} x_{t,n} \le C_n$ for every node, and $x_{t,n} = 0$ whenever $\tau_{t,n} + q_n > D_t$, where $q_n$ is the current queueing delay at node $n$.

The offline problem is NP-hard by reduction from the generalised assignment problem~\cite{martello90}. Following Wang et al.~\cite{wang22}, we instead solve it online.

\section{The \textsc{Ember} heuristic}
For each arriving task, \textsc{Ember} computes the feasible set $F_t = \{ n : \tau_{t,n} + q_n \le D_t \}$ and the \emph{energy density} $\rho_{t,n} = E_{t,n} / \tau_{t,n}$. It places the task on the node in $F_t$ that minimises $E_{t,n}$, breaking ties by the larger remaining capacity. If $F_t$ is empty the task is sent to the fastest node and flagged as a likely deadline miss. The per-task cost is $O(|\mathcal{N}|)$, which is negligible for clusters of a few dozen nodes.

\begin{algorithm}
\caption{\textsc{Ember} placement for one task $t$}
\begin{algorithmic}[1]
\STATE $F \gets \{ n \in \mathcal{N} : \tau_{t,n} + q_n \le D_t \}$
\IF{$F = \emptyset$}
  \STATE \textbf{return} $\arg\min_n (\tau_{t,n} + q_n)$
\ENDIF
\STATE \textbf{return} $\arg\min_{n \in F} E_{t,n}$
\end{algorithmic}
\end{algorithm}

Our analysis in Section~\ref{sec:analysis} shows that when every $\tau_{t,n}$ is at most half of $C_n$, the total energy of \textsc{Ember} is within a factor of two of the offline optimum.
""", timestamp="2022-11-07T16:02:10", yymm="2211", arxiv_id="2211.93502", language="en",
   url="https://arxiv.example.org/abs/2211.93502")

_GO_LIMITER = r"""
// Package ratelimit implements a goroutine-safe token-bucket rate limiter.
package ratelimit

import (
	"context"
	"sync"
	"time"
)

// Bucket refills at Rate tokens per second up to Burst tokens.
type Bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

// New returns a bucket that starts full.
func New(rate float64, burst int) *Bucket {
	b := &Bucket{rate: rate, burst: float64(burst), now: time.Now}
	b.tokens = b.burst
	b.last = b.now()
	return b
}

// refill adds the tokens earned since the last call. Caller holds mu.
func (b *Bucket) refill() {
	t := b.now()
	elapsed := t.Sub(b.last).Seconds()
	b.last = t
	b.tokens += elapsed * b.rate
	if b.tokens > b.burst {
		b.tokens = b.burst
	}
}

// Allow reports whether n tokens are available and consumes them if so.
func (b *Bucket) Allow(n int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill()
	if b.tokens >= float64(n) {
		b.tokens -= float64(n)
		return true
	}
	return false
}

// Wait blocks until n tokens are available or ctx is cancelled.
func (b *Bucket) Wait(ctx context.Context, n int) error {
	for {
		b.mu.Lock()
		b.refill()
		if b.tokens >= float64(n) {
			b.tokens -= float64(n)
			b.mu.Unlock()
			return nil
		}
		missing := float64(n) - b.tokens
		delay := time.Duration(missing / b.rate * float64(time.Second))
		b.mu.Unlock()

		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}
"""

redpajama("RedPajamaGithub", _GO_LIMITER,
          **github_meta(_GO_LIMITER, "fenwick-labs/throttle", "ratelimit/bucket.go", "Go", "apache-2.0"))

_JS_CSV = r"""
'use strict';

/**
 * Parse CSV text into an array of rows (arrays of strings).
 * Handles quoted fields, doubled quotes ("") inside quotes,
 * embedded newlines, and both \n and \r\n line endings.
 */
function parseCSV(text, { delimiter = ',' } = {}) {
  const rows = [];
  let row = [];
  let field = '';
  let inQuotes = false;
  let i = 0;

  while (i < text.length) {
    const ch = text[i];

    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {   // escaped quote
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }

    if (ch === '"' && field === '') {
      inQuotes = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else {
      field += ch;
    }
    i += 1;
  }

  if (inQuotes) {
    throw new SyntaxError('Unterminated quoted field');
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Turn rows into objects keyed by the header row. */
function toObjects(rows) {
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}

module.exports = { parseCSV, toObjects };

if (require.main === module) {
  const sample = 'name,city\n"Okafor, Ada",Lagos\n"She said ""hi"" twice",Oslo\n';
  console.log(toObjects(parseCSV(sample)));
}
"""

redpajama("RedPajamaGithub", _JS_CSV,
          **github_meta(_JS_CSV, "tallowbyte/csv-lite", "src/parse.js", "JavaScript", "mit"))

redpajama("RedPajamaBook", r"""
CHAPTER VII

THE CROSSING

By the third morning the coast had gone, and with it the last of the gulls. The Marigold rode a long grey swell that came out of the west in ranks, each ridge of water lifting her bow, sliding beneath her belly and setting her down again with a patient, rolling sigh. Elspeth stood at the rail with both hands on the wet wood and watched the horizon tilt, steady, and tilt again.

"You'll stop noticing it by tomorrow," said the mate, a broad man named Corrigan who smelled of tar and peppermint. "Everyone does. First day they're sick, second day they're sorry, third day they're sailors."

"And the fourth?"

"The fourth they start asking when we'll arrive." He grinned, showing a gold tooth on the left side. "You've a day's grace."

She smiled despite herself. The wind had brought colour into her face, and her hair, which she had pinned so carefully in the boarding house at Ferrisport, had come loose in dark strands that whipped across her eyes. She let them.

Below, in the narrow cabin she shared with a widow and the widow's silent daughter, her trunk was lashed to the bulkhead with a length of knotted rope. Inside it, wrapped in two shawls and a copy of the Ferrisport Courier, lay the brass box her uncle had sent for. She had not opened it. She had been told not to, and she had been raised to do as she was told, though she was beginning to suspect that the raising had been less thorough than everyone believed.

"Mr Corrigan," she said, "what is Saint Aubyn like?"

The mate considered the question as if it deserved care. "Green," he said at last. "Greener than you'd think possible. Hills like a rumpled blanket, and white houses strung along the harbour like washing on a line. The church has a blue door. There's only one road, and it goes round the island and comes back to where it started, which the people there consider a great joke." He paused. "Who's meeting you?"

"My uncle. Mr Absalom Reyne."

Something shifted in Corrigan's face, quick as a cloud crossing the sun. Then it was gone, and he was looking at the sails.

"Well," he said. "He'll be glad of the company, I expect."

He walked aft before she could ask him what he meant. Elspeth turned back to the sea. Far off to the south, a column of rain hung from a single dark cloud like a grey curtain that had not quite reached the floor, and beneath it the water was the colour of slate, while all around it the sea glittered.
""", short_book_title="The Brass Box of Saint Aubyn", publication_date=1911,
   url="https://books.example.net/catalogue/brass-box-of-saint-aubyn")

redpajama("RedPajamaWikipedia", r"""
Terrace farming

Terrace farming is a method of cultivation in which a slope is cut into a series of level or nearly level steps, called terraces, so that crops can be grown on ground that would otherwise be too steep to plough or too prone to erosion. Terraces slow the flow of rainwater down a hillside, allowing it to soak into the soil instead of carrying the topsoil away. The technique has been developed independently in many mountainous regions of the world and is used for crops including rice, maize, potatoes, tea, grapes and olives.

Construction
A terrace consists of a flat or gently inclined planting surface, known as the bed or tread, and a near-vertical face, called the riser, which separates it from the terrace below. Risers may be built of dry stone, packed earth reinforced with grass roots, or, in modern practice, concrete or gabions. On wet-rice terraces the outer edge of each bed is raised into a low bund that holds standing water; water is admitted at the top of the system and passes from one terrace to the next through small openings. Drainage channels at the foot of each riser prevent water from building up behind the wall and pushing it outward.

The width of the bed depends on the gradient: steeper slopes yield narrower terraces with taller risers. Building terraces requires large amounts of labour, and their maintenance, especially the repair of risers after heavy rains, is a continuing task shared in many communities by customary arrangements.

History
Archaeological evidence of terracing dates back several thousand years in the Near East, the Mediterranean, East and Southeast Asia and the Andes. In the Andes, stepped agricultural platforms with stone walls and layered fill of gravel, subsoil and topsoil allowed cultivation at high altitude and created microclimates that reduced frost damage. In Southeast Asia, extensive rice terraces carved into mountain slopes are among the best-known cultural landscapes and have been designated as protected heritage sites.

Environmental effects
Well-maintained terraces reduce soil loss, increase water infiltration and can raise crop yields on marginal land. When terraces are abandoned, however, unrepaired risers may collapse, and the resulting slope failures can cause more erosion than if the hillside had never been terraced. Rural depopulation has led to widespread abandonment in parts of southern Europe and East Asia.

See also
Contour ploughing · Agroforestry · Soil conservation
""", title="Terrace farming", url="https://en.wiki.example/wiki/Terrace_farming", language="en", timestamp="20230320")

redpajama("RedPajamaStackExchange", r"""
Q: Is the sum of two irrational numbers always irrational?

My textbook says the sum of a rational and an irrational number is irrational, and I proved that. I then assumed the same is true for two irrationals, but my teacher marked it wrong without explanation. Is there a counterexample, or is it just unknown?

A: No. Take $a = \sqrt{2}$ and $b = -\sqrt{2}$. Both are irrational, and $a + b = 0$, which is rational. If you prefer an example where both numbers are positive, use $a = \sqrt{2}$ and $b = 3 - \sqrt{2}$. Here $b$ is irrational (if it were rational, then $\sqrt{2} = 3 - b$ would be rational too), and $a + b = 3$.

The reason your proof worked in the first case is that the rationals are closed under subtraction. If $r$ is rational, $x$ irrational and $r + x = q$ were rational, then $x = q - r$ would be rational, a contradiction. That argument needs one of the two numbers to be rational, so it does not transfer.

A: To add to the other answer: the sum of two irrationals can be either rational or irrational, and both cases happen "a lot". For any irrational $x$, the number $x + x = 2x$ is irrational, while $x + (1 - x) = 1$ is rational. So there is no rule either way; you have to look at the specific numbers.

A somewhat deeper point: for some natural pairs, nobody knows the answer. It is not known whether $\pi + e$ is rational, although at least one of $\pi + e$ and $\pi e$ must be irrational. Proof sketch: both are roots of $x^2 - (\pi + e)x + \pi e$. If both coefficients were rational, $\pi$ would be algebraic, which it is not.

Comment: That last argument is lovely. I did not expect the quadratic to show up. – OP

A: A pedagogical note for future readers. Statements of the form "an irrational plus an irrational is irrational" fail because "irrational" is defined negatively (not a ratio of integers), and a negative property is rarely preserved by operations. Positive properties, like "rational" or "algebraic", are the ones that tend to be closed under addition.
""", language="en", url="https://math.stackexchange.example/questions/441907", timestamp="2023-03-29",
   source="stackexchange", question_score="23")

redpajama("RedPajamaC4", r"""
After Your Wisdom Tooth Extraction: A Day-by-Day Guide

Having a wisdom tooth removed is one of the most common procedures we carry out at Brookfield Dental Care. Most patients recover within a week, and following a few simple rules makes that week much more comfortable. Please read this page before your appointment and keep it handy afterwards.

The first 24 hours
- Bite gently on the gauze pad for 30–45 minutes after you leave. Bleeding or pink-tinged saliva is normal for the rest of the day.
- Do not rinse, spit forcefully or drink through a straw. These can dislodge the blood clot that protects the socket.
- Rest with your head raised on an extra pillow.
- Hold an ice pack wrapped in a cloth against your cheek for 20 minutes on, 20 minutes off, to limit swelling.
- Eat soft, cool foods: yoghurt, smooth soup that has cooled, scrambled eggs, mashed potato.

Pain relief
Unless your dentist has advised otherwise, adults can usually take ibuprofen 400 mg every 8 hours with food, and paracetamol 1 g every 6 hours (no more than 4 g in 24 hours). The two can be alternated. Do not take ibuprofen if you have stomach ulcers, asthma that is made worse by anti-inflammatories, or kidney problems, and always check with a pharmacist if you take other medicines. If you were prescribed antibiotics, finish the course.

Days 2 to 3
Swelling and stiffness often peak on the second or third day and then settle. From the second day, rinse gently with warm salt water (half a teaspoon of salt in a glass of water) after meals and before bed. Keep brushing your other teeth, taking care around the extraction site.

Days 4 to 7
Most people feel much better and can return to normal foods, chewing on the other side. Avoid smoking for at least 72 hours, and preferably for a full week, as it greatly increases the risk of a dry socket.

When to contact us
Call the practice, or NHS 111 out of hours, if you notice:
- bleeding that does not slow after an hour of firm pressure with a clean gauze pad;
- pain that gets worse after day 3, especially a deep throbbing ache and a bad taste, which can indicate dry socket;
- a fever above 38 °C, or swelling that spreads down your neck;
- difficulty swallowing or breathing — in this case call 999.

Brookfield Dental Care · 14 Mill Lane · Book an appointment · Emergency line
""", timestamp="2019-04-25T03:11:52Z", url="https://www.brookfield-dental.example/advice/wisdom-tooth-aftercare",
   language="en", source="c4")

redpajama("RedPajamaCommonCrawl", r"""
Opinion: Sixteen-year-olds are ready to vote for their town council

Every spring, students at Westbrook High organise a mock election for the town council. They invite the candidates, draft questions, run hustings in the sports hall and count the ballots by hand. This year 612 students took part — a turnout of 78%. In the real council election a month later, turnout among adults was 31%.

The council will vote next Thursday on a motion asking the state legislature to let our town lower the voting age for municipal elections to 16. I urge councillors to support it.

The usual objection is that sixteen-year-olds are not mature enough. But the decisions a town council makes — bus routes, library opening hours, skate parks, the cost of a swimming pass, whether the youth centre stays open — fall directly on young people. Many of them work part-time and pay sales tax. They are old enough to leave school, to work, and in many places to marry with permission. It is hard to argue that they are uniquely unable to judge whether the buses should run after 9 p.m.

A second objection is that young people will not turn out. The evidence from places that have lowered the voting age points the other way. People who vote in the first election they are eligible for are more likely to keep voting, and sixteen-year-olds are far more likely than eighteen-year-olds to be living at home and attending school, where civic education can connect directly to a real ballot. First-time voters at 18 are often in the middle of moving for work or study, which is exactly when habits fail to form.

A third objection is that teenagers will simply vote as their parents do. Perhaps some will. So do many adults. We do not test anyone else's independence of mind at the polling station, and we should not start now.

Lowering the voting age will not fix low turnout on its own. The council should pair it with better information about candidates, polling stations in schools and colleges, and a serious effort to explain what the council actually does. But it is a cheap, reversible and well-tested reform, and it sends a message that the town takes its young residents seriously.

The students of Westbrook High have already shown that they will turn up. The least we can do is let their votes count.

— Mariam Osei-Bonsu is a former chair of the Westbrook Youth Forum.
""", url="https://www.westbrook-herald.example/opinion/2023/votes-at-16", timestamp="2023-04-02T08:45:00Z",
   language="en", source="cc")

redpajama("RedPajamaCommonCrawl", r"""
Tariffs explained: who really pays?

A tariff is a tax charged on goods when they cross a border. If a country imposes a 25% tariff on imported steel, an importer bringing in a shipment worth 1 million must pay 250,000 to the customs authority before the steel can be sold. That much is simple. The harder question is who ends up bearing the cost.

The importer pays the bill, but it rarely absorbs all of it. There are three groups who can end up paying: domestic buyers, through higher prices; foreign producers, who may cut their prices to stay competitive; and the importer itself, through lower profits. How the burden is split depends on how easily each side can walk away.

Economists call this the incidence of the tax. If buyers have few alternatives — say, a factory that needs a particular grade of steel made only abroad — they will pay most of the tariff in higher prices. If foreign producers have no other market to sell to, they may cut their prices to keep their customers, absorbing part of the tariff themselves. Studies of recent rounds of tariffs found that, in most product categories, import prices before tax barely fell, meaning that domestic buyers bore nearly all of the cost.

Tariffs also have effects beyond the taxed goods. Domestic producers that compete with imports can raise their own prices, because their rivals have become more expensive. This is often the goal: the tariff protects domestic jobs and profits in the protected industry. But industries that use the protected product as an input — car makers, appliance manufacturers, builders — face higher costs, and they may employ more people than the protected industry does.

Then there is retaliation. Trading partners often respond with tariffs of their own, typically aimed at exports that are politically visible, such as farm products. Exporters then lose sales abroad, and governments sometimes pay compensation, which taxpayers fund.

None of this means tariffs are never justified. Governments use them to respond to unfair subsidies, to protect industries considered vital for security, or as bargaining chips in negotiations. But the idea that a tariff is paid by foreign countries is, in most cases, wrong. The first cheque is written by a domestic importer, and much of the rest is paid at the checkout.

Quick glossary
- Ad valorem tariff: charged as a percentage of the good's value.
- Specific tariff: a fixed amount per unit, e.g. per tonne.
- Tariff-rate quota: a low rate up to a set quantity, and a higher rate beyond it.
""", url="https://www.plainmoney-guides.example/trade/tariffs-explained", timestamp="2024-02-11T15:30:27Z",
   language="en", source="cc")

assert len(RP_DOCS) == 10, len(RP_DOCS)


# ---------------------------------------------------------------------------
# 3. Forum posts with non-default field names (doc_id / body), gzip -9 -n
# ---------------------------------------------------------------------------

FORUM_DOCS: list[dict] = []


def forum(doc_id: str, score: int, tags: list[str], body: str, **extra) -> None:
    rec = {"doc_id": doc_id, "body": body.strip("\n"), "score": score, "tags": tags}
    rec.update(extra)
    FORUM_DOCS.append(rec)


forum("gardening-51207", 38, ["tomatoes", "leaves", "greenhouse"], r"""
Why are the top leaves of my tomato plants curling upwards?

I grow six cordon tomatoes ('Gardener's Delight' and 'Sungold') in an unheated polytunnel. Over the last week the upper leaves have started rolling upwards along the midrib, so each leaf looks like a narrow green tube. They're still dark green, there are no spots, and the plants are setting fruit normally. The lower leaves look fine. Daytime temperatures in the tunnel have been hitting 34 °C and I water every evening. Is this a virus? Should I pull them out before it spreads?

Answer (accepted, 41 votes)
Don't pull anything out. What you describe — upward rolling, no discolouration, upper leaves worst, plants otherwise healthy and fruiting — is classic physiological leaf roll. It is a stress response to heat, strong light and uneven watering, and it's common in tunnels in midsummer. The plant curls its leaves to reduce the surface exposed to the sun and cut water loss.

Things that help:
1. Ventilate harder. Open both doors fully on hot days and, if you can, roll up a side. Aim to keep the tunnel below 30 °C.
2. Water in the morning rather than the evening, and water deeply enough that the whole root zone is wet. A mulch of straw or grass clippings keeps the soil temperature and moisture steadier.
3. Go easy on side-shoot removal and heavy deleafing during heatwaves. Removing a lot of foliage at once is a known trigger.
4. Check you're not overfeeding with high-nitrogen fertiliser.

The curled leaves usually stay curled, but new growth should be normal once conditions ease, and it won't affect the crop.

Answer (9 votes)
Agree with the above. Viral problems look different: you'd usually see mottling, yellowing, distorted or fern-like new growth, or streaks on the stems. Herbicide drift (from lawn weedkiller) causes downward twisting and cupping, often with strange narrow leaflets. Neat upward rolls on an otherwise healthy plant in a hot tunnel — that's heat.
""", site="gardening", answer_count=2)

forum("unix-88012", 112, ["ssh", "networking", "timeout"], r"""
SSH session freezes and disconnects after a few minutes idle

When I leave an SSH session to a server idle for about five minutes, the terminal freezes. If I then type anything, nothing happens for a while and eventually I get "client_loop: send disconnect: Broken pipe". This happens from my home network but not from the office. Server is Debian 12, client is macOS. How do I stop it?

Answer (accepted, 164 votes)
Something between you and the server — almost certainly your home router's NAT table — is dropping the idle TCP connection. When the mapping times out, packets from either side are silently discarded, so the session hangs until TCP gives up.

The fix is to send a small amount of traffic periodically so the connection never looks idle. On the client, add this to ~/.ssh/config:

    Host *
        ServerAliveInterval 60
        ServerAliveCountMax 3

ServerAliveInterval makes the client send an encrypted keep-alive message through the SSH channel every 60 seconds. If three in a row go unanswered, the client disconnects cleanly instead of hanging forever.

If you administer the server and want to help every client, you can do the same on the server side in /etc/ssh/sshd_config:

    ClientAliveInterval 60
    ClientAliveCountMax 3

then reload with `sudo systemctl reload ssh`.

Answer (37 votes)
Avoid relying on TCPKeepAlive alone. It works at the TCP layer, the default interval on most systems is two hours, and some middleboxes ignore the keep-alive probes anyway. The SSH-level keep-alives above are the reliable option.

Answer (12 votes)
If you're on a flaky connection (train, mobile hotspot), consider mosh or running everything inside tmux, so a dropped connection doesn't kill your work. Reattach with `tmux attach` after reconnecting.
""", site="unix", answer_count=3)

forum("cooking-30455", 27, ["caramel", "sugar", "candy-making"], r"""
My caramel keeps turning grainy and solid. What am I doing wrong?

I'm trying to make a wet caramel for a sauce: 200 g sugar and 60 ml water in a stainless pan. I stir it until the sugar dissolves, then let it boil. About halfway through it suddenly goes cloudy, then thick and white, and ends up as a lump of what looks like wet sand. This has happened three times now. What causes it?

Answer (accepted, 33 votes)
Your syrup is crystallising. A sugar syrup that's boiling down is supersaturated, and it's looking for any excuse to turn back into crystals. Once a few crystals form, they act as seeds and the whole pan follows in a chain reaction.

Common seeds:
- undissolved sugar crystals stuck to the sides of the pan above the liquid line, which fall back in;
- stirring after the syrup boils, which splashes syrup onto the sides where it dries into crystals;
- a spoon that was dipped in dry sugar, or dust and impurities.

How to stop it:
1. Dissolve the sugar completely over a low heat before the syrup boils. Stir gently until then, and not afterwards — swirl the pan instead.
2. Wash down the sides of the pan with a pastry brush dipped in water, or put a lid on for two minutes once it boils so the steam rinses the walls.
3. Add an "interfering agent": a tablespoon of glucose syrup or a few drops of lemon juice. These break some sucrose into glucose and fructose, which get in the way of neat crystal formation.

Answer (6 votes)
If it does seize, don't throw it away. Add a splash of water, lower the heat and stir until the crystals redissolve, then start again without stirring. You lose a bit of time, not the sugar.
""", site="cooking", answer_count=2)

forum("stats-64310", 56, ["standard-error", "standard-deviation", "intuition"], r"""
What's the difference between standard deviation and standard error?

I'm writing up a small study (n = 25 patients) and my supervisor keeps correcting "SD" to "SE" in some places and the reverse in others. I know the formulas, SE = SD / sqrt(n), but I don't understand when to use which. Can someone explain the intuition?

Answer (accepted, 71 votes)
They answer different questions.

The standard deviation describes the spread of the individual observations. If systolic blood pressure in your sample has a mean of 132 mmHg and an SD of 15 mmHg, that tells the reader roughly how much one patient differs from another. It does not shrink as you collect more data: a bigger sample just estimates the same spread more precisely.

The standard error describes the uncertainty in an estimate, usually the mean. Imagine repeating your whole study many times with new samples of 25 patients. Each repetition gives a slightly different sample mean. The SE is the standard deviation of those hypothetical means. Because averaging cancels out individual variation, it is smaller than the SD by a factor of sqrt(n): here 15 / 5 = 3 mmHg. It does shrink as n grows.

A practical rule for your write-up:
- When describing your sample (Table 1, baseline characteristics), report mean and SD.
- When reporting how precisely you've estimated something, report the SE or, better, a confidence interval. For a mean with n = 25, a 95% CI is roughly mean ± 2.06 × SE, using the t distribution with 24 degrees of freedom.

Answer (18 votes)
One reason this gets confused is that error bars in figures are often SE bars, because they look reassuringly small. Always say in the caption which one you've used. Two SE bars that don't overlap do not by themselves imply p < 0.05, and overlapping ones don't imply the opposite.
""", site="stats", answer_count=2)

forum("bicycles-17742", 19, ["drivetrain", "chain", "cassette"], r"""
Chain skips under load after fitting a new cassette

I replaced the cassette on my road bike (11-speed, 11–32) because the old one was worn. Now, whenever I stand up to climb in the middle gears, the chain jumps forward with a loud clunk and my foot drops. It doesn't happen in the lowest or highest gears. The chain is about 4,000 km old. What's going on?

Answer (accepted, 24 votes)
Almost certainly the chain. A chain wears by elongating: each pin-to-pin pitch gets slightly longer than the nominal half inch. A worn chain and a worn cassette wear together and mesh fine with each other, which is why you didn't notice. Put a worn chain on new, sharp cassette teeth and it rides up the tooth profile under load and skips — especially on the sprockets you used most, which is why it's the middle gears.

Measure the chain with a checker tool or a ruler: over 12 links (24 half-inch pitches) a new chain measures 12 inches exactly. Replace at 0.5% elongation for 11-speed, which is about 1/16 inch over 12 inches. At 4,000 km it's very likely past that.

Fit a new chain and the skipping should stop. If it doesn't, check:
1. Cassette lockring is tight (40 Nm on most road cassettes).
2. Rear derailleur indexing — a half-click out can cause skipping in a few gears.
3. A stiff link, which you can spot by backpedalling slowly and watching the derailleur jockey wheel twitch.

Answer (5 votes)
Going forward, check the chain every 1,000 km. Replacing a £30 chain regularly saves the £80 cassette and the chainrings.
""", site="bicycles", answer_count=2)

forum("web-toollibrary-faq", 4, ["community", "faq", "lending"], r"""
Frequently asked questions — Elm Street Tool Library

The Elm Street Tool Library is a volunteer-run lending library for tools, garden equipment and household items. We share what we have so that every house on the street doesn't need its own ladder, drill and hedge trimmer.

How do I join?
Come to the lending shed behind the community hall during opening hours with proof of address. Membership is free for residents of the ward; we ask for a voluntary contribution of £10 a year if you can afford it, which pays for blades, batteries and insurance.

When are you open?
Saturdays 10:00–13:00 and Wednesdays 18:00–20:00, except bank holidays. Look for the green shed with the yellow door and the hand-painted sign.

How long can I borrow something?
One week for most items, renewable once if nobody is waiting. Large items — the cement mixer, the tile cutter and the carpet cleaner — are lent for a weekend.

What if something breaks?
Tell us. Tools wear out, and honest reports help us fix them. We only ask you to pay toward a repair if the damage came from obvious misuse.

Can I donate tools?
Yes, please. We especially need spirit levels, clamps, a second long ladder and garden loppers. We can't accept petrol equipment or anything with a frayed cable.

Do you run workshops?
Once a month a volunteer runs a free session: sharpening garden tools, basic bike maintenance, fixing a dripping tap. Sessions are listed on the noticeboard inside the hall.

Who runs this?
A group of about twenty neighbours. If you can spare two hours a month to staff the shed, we'd love to hear from you.
""", site="web", answer_count=0)

assert len(FORUM_DOCS) == 6


# ---------------------------------------------------------------------------
# 6. WARC and WET (one gzip member per record)
# ---------------------------------------------------------------------------

PAGE_NEWS = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council adopts £148m budget after late deal on libraries | Harbourview Gazette</title>
<meta name="description" content="Harbourview council approved its 2024/25 budget on Thursday night.">
<link rel="stylesheet" href="/static/gazette.css">
<style>.ad-slot{min-height:250px;background:#f3f3f3}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>
</head>
<body>
<header class="masthead"><a href="/">Harbourview Gazette</a></header>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/whats-on">What's on</a></li><li><a href="/property">Property</a></li></ul></nav>
<main>
<article>
<h1>Council adopts £148m budget after late deal on libraries</h1>
<p class="byline">By Jonah Pettifer, Local Democracy Reporter · Friday 15 March 2024</p>
<p>Harbourview Borough Council has approved a £148.2 million budget for 2024/25 after a last-minute compromise kept all five branch libraries open, at least for another year.</p>
<p>Councillors voted 29 to 17, with four abstentions, at a meeting that ran until nearly midnight on Thursday. Council tax will rise by 4.99%, the maximum allowed without a local referendum, adding £88.40 a year to the bill for a typical Band D home.</p>
<p>The original proposals, published in January, would have closed the Eastcliff and Quarry Hill libraries and cut opening hours at the central library to save £640,000. More than 3,200 people signed a petition against the closures, and a packed public gallery applauded when the cabinet member for finance, Cllr Rosalind Achebe, announced the change of plan.</p>
<p>“We have listened,” she told the chamber. “The libraries will stay open, but I want to be honest: this is a one-year reprieve, not a permanent solution. Next year the gap is bigger.”</p>
<h2>Where the money comes from</h2>
<p>To fund the U-turn, the council will draw £450,000 from reserves and raise parking charges at the seafront car parks by 20p an hour. The remaining £190,000 will come from merging the libraries' back-office staff with the customer-service centre.</p>
<ul>
<li>Adult social care: £61.7m (up 7%)</li>
<li>Children's services: £34.9m (up 5%)</li>
<li>Waste collection and street cleaning: £14.3m</li>
<li>Parks, leisure and libraries: £9.6m</li>
</ul>
<p>Opposition leader Cllr Gareth Lowe said using reserves to plug an annual gap was “like paying the mortgage with the credit card”. His group's amendment, which would have paused a £2m refurbishment of the town hall instead, was defeated.</p>
<p>The council's auditors warned last autumn that reserves could fall below the recommended minimum by 2026 if spending pressures continue. Social care costs, driven by an ageing population and rising fees charged by care homes, now account for more than 40% of the budget.</p>
<div class="ad-slot" aria-hidden="true"></div>
<p>The budget takes effect on 1 April. Residents will receive their council tax bills in the second half of March.</p>
</article>
</main>
<footer><p>© 2024 Harbourview Gazette · <a href="/privacy">Privacy</a> · <a href="/contact">Contact the newsroom</a></p></footer>
<script src="/static/comments.js" defer></script>
</body>
</html>
"""

PAGE_CAMERA = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>LumenFrame LF-20 Mirrorless Camera Body – LumenFrame Store</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"LumenFrame LF-20","offers":{"@type":"Offer","price":"1149.00","priceCurrency":"EUR"}}</script>
<style>.price{font-size:2rem;color:#c0392b}.swatch{display:inline-block;width:1em;height:1em}</style>
</head>
<body>
<div id="cookie-banner">We use cookies to improve your shopping experience. <button>Accept</button> <button>Settings</button></div>
<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/cameras">Cameras</a> › LF-20</nav>
<main>
<h1>LumenFrame LF-20 Mirrorless Camera (Body Only)</h1>
<p class="price">€1,149.00</p>
<p class="stock">In stock – ships within 24 hours. Free delivery over €50.</p>
<p>Colour: <span class="swatch" style="background:#222"></span> Graphite black · <span class="swatch" style="background:#c9c4b8"></span> Stone silver</p>
<button class="add-to-cart">Add to basket</button>
<section>
<h2>Overview</h2>
<p>The LF-20 is a compact full-frame mirrorless camera built for travel and street photography. Its magnesium-alloy body weighs just 512 g with battery and card, and its weather seals let you keep shooting through drizzle and dust. A 24-megapixel back-illuminated sensor and 5-axis in-body stabilisation deliver clean, sharp images at shutter speeds down to half a second hand-held.</p>
<p>Autofocus uses 693 phase-detection points with subject recognition for people, animals, birds and vehicles. Eye tracking works in both stills and video, even when your subject turns in profile.</p>
</section>
<section>
<h2>Key features</h2>
<ul>
<li>24.2 MP full-frame BSI-CMOS sensor, ISO 100–51,200 (expandable to 204,800)</li>
<li>5-axis in-body image stabilisation, rated at up to 7 stops</li>
<li>Up to 12 fps mechanical shutter, 20 fps electronic shutter</li>
<li>4K 60p video, 10-bit 4:2:2 internal recording, log profile</li>
<li>3.69-million-dot OLED viewfinder with 0.78× magnification</li>
<li>3.0-inch vari-angle touchscreen</li>
<li>Dual UHS-II SD card slots, USB-C charging</li>
</ul>
</section>
<section>
<h2>Specifications</h2>
<table>
<tr><th>Dimensions</th><td>128 × 86 × 64 mm</td></tr>
<tr><th>Weight</th><td>512 g (incl. battery and card)</td></tr>
<tr><th>Battery life</th><td>approx. 480 shots (CIPA)</td></tr>
<tr><th>Lens mount</th><td>LF mount</td></tr>
<tr><th>Connectivity</th><td>Wi-Fi 5 GHz, Bluetooth LE, micro-HDMI</td></tr>
</table>
</section>
<section class="reviews">
<h2>Customer reviews (4.6 / 5 from 87 reviews)</h2>
<blockquote><p>“Small enough to carry every day, and the stabilisation is unreal. I shot a dim cathedral interior at 1/4 s with no blur.” – Anouk, verified buyer</p></blockquote>
<blockquote><p>“Great images, but the grip is shallow for large hands. Get the optional grip extension.” – Piotr, verified buyer</p></blockquote>
</section>
<section>
<h2>In the box</h2>
<p>LF-20 body, body cap, rechargeable battery LB-7, USB-C cable, shoulder strap, hot-shoe cover, quick-start guide.</p>
</section>
</main>
<footer><p>LumenFrame Store · Prices include VAT · <a href="/returns">30-day returns</a> · <a href="/warranty">2-year warranty</a></p></footer>
<script src="/js/cart.min.js"></script>
</body>
</html>
"""

PAGE_FORUM = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stove won't prime after winter storage - Repairs &amp; Maintenance - TrailFixers Forum</title>
<link rel="stylesheet" href="/assets/forum.css">
</head>
<body>
<header><a class="logo" href="/">TrailFixers</a> <a href="/login">Log in</a> <a href="/signup">Sign up</a></header>
<nav class="crumbs"><a href="/c/gear">Gear</a> › <a href="/c/gear/repairs">Repairs &amp; Maintenance</a></nav>
<main>
<h1>Stove won't prime after winter storage</h1>
<div class="post" id="post-1">
<p class="meta"><b>hollowfern</b> · 9 Mar 2024 · 14 replies · 1.2k views</p>
<p>Got my liquid-fuel stove out for the first trip of the year and it won't prime properly. I pump the bottle 25–30 times, open the valve, and instead of a fine trickle into the priming cup I get a weak dribble, then nothing. When I light what little is there, the flame is yellow and sooty and dies after a few seconds. Last autumn it worked perfectly. It sat in the garage all winter with about a third of a bottle of white gas in it.</p>
<p>Any ideas before I send it off for service?</p>
</div>
<div class="post" id="post-2">
<p class="meta"><b>ridge_runner</b> · 9 Mar 2024 · <span class="likes">23 likes</span> · <span class="solution">✔ Solution</span></p>
<p>Old fuel is the first suspect. White gas left in a bottle over winter loses its lighter fractions and can leave a varnish in the jet and the generator tube. Do this in order:</p>
<ol>
<li>Empty the bottle and refill with fresh fuel.</li>
<li>Shake the stove: most have a shaker needle in the jet. You should hear it rattle. Turn it upside down and shake 10–15 times to clear the jet.</li>
<li>Check the pump cup. Leather cups dry out over winter. A drop of oil worked into the leather often brings pressure back. If it's a rubber cup, check for cracks.</li>
<li>Inspect the fuel line filter at the bottle end. Gunk collects there.</li>
</ol>
<p>Nine times out of ten it's the jet or the pump cup.</p>
</div>
<div class="post" id="post-3">
<p class="meta"><b>hollowfern</b> · 10 Mar 2024</p>
<p>Pump cup was bone dry and slightly shrunk. Oiled it, fresh fuel, shook the jet, and it's roaring blue again. Thanks!</p>
</div>
<div class="post" id="post-4">
<p class="meta"><b>marguerite_w</b> · 10 Mar 2024 · <span class="likes">6 likes</span></p>
<p>For next winter: burn the stove dry or empty the bottle before storing, and keep a spare maintenance kit (O-rings, pump cup, jet tool) in your pack. The O-ring on the fuel line connector is the other thing that fails after storage.</p>
</div>
</main>
<aside class="related"><h3>Related topics</h3><ul><li><a href="/t/4102">Canister stove sputters in cold</a></li><li><a href="/t/3877">Cleaning a clogged jet</a></li></ul></aside>
<footer>TrailFixers Forum · <a href="/guidelines">Community guidelines</a></footer>
</body>
</html>
"""

PAGE_RECIPE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Spiced Plum Traybake – The Kitchen Almanac</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Recipe","name":"Spiced Plum Traybake","recipeYield":"16 squares","totalTime":"PT1H15M"}</script>
<style>.jump{float:right}</style>
</head>
<body>
<header><a href="/">The Kitchen Almanac</a></header>
<nav><a href="/recipes">Recipes</a> <a href="/baking">Baking</a> <a href="/seasonal">Seasonal</a></nav>
<main>
<article class="recipe">
<h1>Spiced Plum Traybake</h1>
<p class="intro">At the end of summer the plum tree at the bottom of our garden drops more fruit than we can eat. This traybake is how we use it up: a tender almond sponge with halved plums pressed into the top, sinking as it bakes, their skins turning jammy and crimson. It's good warm with cream, and better the next day with coffee.</p>
<p class="meta">Makes 16 squares · Prep 20 min · Bake 45–50 min · Tin: 20 × 30 cm</p>
<h2>Ingredients</h2>
<ul class="ingredients">
<li>200 g unsalted butter, softened, plus extra for the tin</li>
<li>200 g light brown sugar</li>
<li>4 medium eggs, at room temperature</li>
<li>150 g self-raising flour</li>
<li>100 g ground almonds</li>
<li>1 tsp ground cinnamon</li>
<li>½ tsp ground cardamom</li>
<li>¼ tsp fine salt</li>
<li>3 tbsp milk</li>
<li>10–12 ripe plums, halved and stoned</li>
<li>2 tbsp demerara sugar and a handful of flaked almonds, for the top</li>
</ul>
<h2>Method</h2>
<ol class="steps">
<li>Heat the oven to 180°C (160°C fan). Butter the tin and line the base and long sides with baking paper.</li>
<li>Beat the butter and brown sugar together for 3–4 minutes until pale and fluffy.</li>
<li>Add the eggs one at a time, beating well after each. If the mixture starts to curdle, add a spoonful of the flour.</li>
<li>Fold in the flour, ground almonds, spices and salt, then loosen with the milk until the batter drops easily from a spoon.</li>
<li>Spread into the tin and level the top. Press the plum halves in, cut side up, in neat rows of four.</li>
<li>Scatter with demerara sugar and flaked almonds.</li>
<li>Bake for 45–50 minutes, until golden and a skewer pushed into the sponge between the plums comes out clean.</li>
<li>Cool in the tin for 15 minutes, then lift out using the paper and cut into squares.</li>
</ol>
<h2>Tips</h2>
<p>Under-ripe plums stay sharp and firm; very ripe ones collapse into pools of syrup. Both are delicious. Apricots or halved figs work in the same way.</p>
</article>
<form class="newsletter" action="/subscribe" method="post"><label>Get a new seasonal recipe every Friday <input type="email" name="email" placeholder="you@example.com"></label><button>Subscribe</button></form>
</main>
<footer>© The Kitchen Almanac · <a href="/about">About</a></footer>
</body>
</html>
"""

PAGE_HISTORY = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Old Ropewalk, Millbrook – Millbrook Local History Society</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<header><h2 class="site-title">Millbrook Local History Society</h2></header>
<nav><a href="/">Home</a> | <a href="/places">Places</a> | <a href="/people">People</a> | <a href="/archive">Archive</a> | <a href="/join">Join</a></nav>
<main>
<h1>The Old Ropewalk</h1>
<p><em>Part of our series on the industrial buildings of Millbrook.</em></p>
<p>Few visitors who stroll along Ropery Lane realise that the long, low brick building on its north side was once one of the busiest workplaces in the town. For more than a century, from about 1790 until 1902, Millbrook's ropewalk produced cordage for the fishing fleet, the canal barges and the farms of the surrounding valley.</p>
<h2>A building a quarter of a mile long</h2>
<p>Rope was made by twisting yarns together while walking backwards along a straight track, so a ropewalk had to be as long as the longest rope it produced. Millbrook's walk ran for 380 yards, from the hemp store by the river to a gable end that still stands at the top of the lane. Old photographs show a narrow, single-storey shed with a slate roof and small square windows set at regular intervals, like the portholes of a ship turned on its side.</p>
<p>At the river end stood the spinning house, where hemp was hackled — combed through rows of iron spikes — and spun into yarn. The yarns were then stretched along the walk, twisted into strands by a hand-turned wheel, and finally laid into rope by a travelling cart called a sledge.</p>
<h2>The people of the walk</h2>
<p>The 1851 census lists twenty-three people employed at the ropewalk, including seven boys under fourteen who turned the wheels. The Pargeter family owned the business for three generations. Thomas Pargeter, who ran it from 1838 to 1874, was also a churchwarden and paid for the town's first gas lamps on Market Street.</p>
<p>Work was seasonal: busiest in late winter, when the fleet refitted, and quiet in harvest time, when many workers went to the fields.</p>
<h2>Decline and survival</h2>
<p>Steam-powered rope machines in the large port towns undercut hand-made rope in the 1880s, and the walk closed in 1902. Most of the shed was demolished in the 1930s, but the spinning house became a furniture workshop and is now a row of three cottages. A blue plaque was placed on the surviving gable in 1998.</p>
<p>Members who have photographs, documents or family stories about the ropewalk are warmly invited to contact the archive team.</p>
</main>
<footer>Millbrook Local History Society · Registered charity · Meetings on the first Tuesday of the month at the Library</footer>
</body>
</html>
"""

WARC_PAGES = [
    {"url": "https://www.harbourview-gazette.example/news/2024/03/council-adopts-budget",
     "ip": "192.0.2.17", "date": "2024-03-18T09:14:02Z", "http_date": "Mon, 18 Mar 2024 09:14:02 GMT",
     "server": "nginx", "ctype": "text/html; charset=utf-8", "body": PAGE_NEWS.encode("utf-8")},
    {"url": "https://shop.lumenframe.example/cameras/lf-20",
     "ip": "198.51.100.42", "date": "2024-03-18T09:14:07Z", "http_date": "Mon, 18 Mar 2024 09:14:07 GMT",
     "server": "Apache", "ctype": "text/html; charset=utf-8", "body": PAGE_CAMERA.encode("utf-8")},
    {"url": "https://shop.lumenframe.example/img/lf20-thumb.png",
     "ip": "198.51.100.42", "date": "2024-03-18T09:14:08Z", "http_date": "Mon, 18 Mar 2024 09:14:08 GMT",
     "server": "Apache", "ctype": "image/png", "body": png_bytes(6, 6, thumb_pixel)},
    {"url": "https://forum.trailfixers.example/t/stove-wont-prime-after-winter/4821",
     "ip": "203.0.113.9", "date": "2024-03-18T09:15:31Z", "http_date": "Mon, 18 Mar 2024 09:15:31 GMT",
     "server": "cloudflare", "ctype": "text/html; charset=utf-8", "body": PAGE_FORUM.encode("utf-8")},
    {"url": "https://www.kitchen-almanac.example/recipes/spiced-plum-traybake",
     "ip": "192.0.2.88", "date": "2024-03-18T09:16:10Z", "http_date": "Mon, 18 Mar 2024 09:16:10 GMT",
     "server": "nginx", "ctype": "text/html; charset=utf-8", "body": PAGE_RECIPE.encode("utf-8")},
    {"url": "https://www.millbrook-history.example/places/the-old-ropewalk",
     "ip": "203.0.113.140", "date": "2024-03-18T09:17:45Z", "http_date": "Mon, 18 Mar 2024 09:17:45 GMT",
     "server": "Apache/2.4", "ctype": "text/html; charset=utf-8", "body": PAGE_HISTORY.encode("utf-8")},
]

# Pages that get a WET conversion record (index into WARC_PAGES).
WET_PAGE_INDEXES = [0, 1, 3, 5]


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """Serialise one WARC/1.0 record; Content-Length is the exact block size."""
    lines = ["WARC/1.0"] + [f"{k}: {v}" for k, v in headers] + [f"Content-Length: {len(block)}"]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    return head + block + b"\r\n\r\n"


def warc_fields(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in pairs).encode("utf-8")


def http_request(url: str) -> bytes:
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return (f"GET /{path} HTTP/1.1\r\n"
            f"Host: {host}\r\n"
            "User-Agent: PriorMixSampleBot/0.1 (+https://priormix.example/bot)\r\n"
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            "Accept-Language: en-GB,en;q=0.8\r\n"
            "Accept-Encoding: identity\r\n"
            "Connection: close\r\n\r\n").encode("ascii")


def http_response(page: dict) -> bytes:
    body = page["body"]
    head = ("HTTP/1.1 200 OK\r\n"
            f"Date: {page['http_date']}\r\n"
            f"Server: {page['server']}\r\n"
            f"Content-Type: {page['ctype']}\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: max-age=600\r\n"
            "Connection: close\r\n\r\n").encode("ascii")
    return head + body


class TextExtractor(HTMLParser):
    """Crude WET-style text extraction: title first, block tags become line breaks."""

    SKIP = {"script", "style", "noscript", "template", "head"}
    BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "table", "section",
             "article", "header", "footer", "nav", "main", "aside", "blockquote", "form", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self._in_title = False
        self._skip = 0
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self._buf.append("\n")
        elif tag in ("td", "th"):
            self._buf.append(" ")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self._buf.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._buf.append(data)

    def text(self) -> str:
        lines = [" ".join(l.split()) for l in "".join(self._buf).split("\n")]
        body = "\n".join(l for l in lines if l)
        return (" ".join(self.title.split()) + "\n" + body).strip() + "\n"


def extract_text(html: str) -> str:
    p = TextExtractor()
    p.feed(html)
    p.close()
    return p.text()


def build_warc() -> tuple[bytes, bytes]:
    members: list[bytes] = []
    info_id = f"<urn:uuid:{fixed_uuid('warc/warcinfo')}>"
    info_block = warc_fields([
        ("software", "PriorMix sample generator (samples/make_samples.py)"),
        ("format", "WARC File Format 1.0"),
        ("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/"),
        ("isPartOf", "priormix-samples-2024-03"),
        ("operator", "PriorMix maintainers"),
        ("description", "Synthetic crawl of fictional sites written for the PriorMix test suite"),
        ("robots", "checked via robots.txt"),
        ("http-header-user-agent", "PriorMixSampleBot/0.1 (+https://priormix.example/bot)"),
    ])
    members.append(warc_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", "2024-03-18T09:14:00Z"),
        ("WARC-Filename", "crawl.warc.gz"),
        ("WARC-Record-ID", info_id),
        ("Content-Type", "application/warc-fields"),
    ], info_block))

    response_ids: list[str] = []
    for i, page in enumerate(WARC_PAGES):
        req_id = f"<urn:uuid:{fixed_uuid(f'warc/request/{i}')}>"
        resp_id = f"<urn:uuid:{fixed_uuid(f'warc/response/{i}')}>"
        response_ids.append(resp_id)
        req_block = http_request(page["url"])
        members.append(warc_record([
            ("WARC-Type", "request"),
            ("WARC-Date", page["date"]),
            ("WARC-Record-ID", req_id),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-IP-Address", page["ip"]),
            ("WARC-Target-URI", page["url"]),
            ("WARC-Block-Digest", sha1_b32(req_block)),
            ("Content-Type", "application/http; msgtype=request"),
        ], req_block))
        resp_block = http_response(page)
        members.append(warc_record([
            ("WARC-Type", "response"),
            ("WARC-Date", page["date"]),
            ("WARC-Record-ID", resp_id),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Concurrent-To", req_id),
            ("WARC-IP-Address", page["ip"]),
            ("WARC-Target-URI", page["url"]),
            ("WARC-Payload-Digest", sha1_b32(page["body"])),
            ("WARC-Block-Digest", sha1_b32(resp_block)),
            ("WARC-Identified-Payload-Type", page["ctype"].split(";")[0]),
            ("Content-Type", "application/http; msgtype=response"),
        ], resp_block))
        if i == 0:
            meta_block = warc_fields([
                ("fetchTimeMs", "183"),
                ("charset-detected", "UTF-8"),
                ("languages-detected", '{"languages":[{"code":"en","score":0.99}]}'),
                ("outlinks", "https://www.harbourview-gazette.example/news"),
            ])
            members.append(warc_record([
                ("WARC-Type", "metadata"),
                ("WARC-Date", page["date"]),
                ("WARC-Record-ID", f"<urn:uuid:{fixed_uuid('warc/metadata/0')}>"),
                ("WARC-Warcinfo-ID", info_id),
                ("WARC-Concurrent-To", resp_id),
                ("WARC-Target-URI", page["url"]),
                ("Content-Type", "application/warc-fields"),
            ], meta_block))

    warc = b"".join(gzip_member(m) for m in members)

    # WET: warcinfo + one conversion record per selected HTML page.
    wet_members: list[bytes] = []
    wet_info_id = f"<urn:uuid:{fixed_uuid('wet/warcinfo')}>"
    wet_members.append(warc_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", "2024-03-19T02:00:00Z"),
        ("WARC-Filename", "crawl.warc.wet.gz"),
        ("WARC-Record-ID", wet_info_id),
        ("Content-Type", "application/warc-fields"),
    ], warc_fields([
        ("software", "PriorMix sample generator (samples/make_samples.py)"),
        ("isPartOf", "priormix-samples-2024-03"),
        ("description", "Plain-text extracts of the HTML responses in crawl.warc.gz"),
        ("format", "WARC File Format 1.0"),
    ])))
    for i in WET_PAGE_INDEXES:
        page = WARC_PAGES[i]
        text = extract_text(page["body"].decode("utf-8")).encode("utf-8")
        wet_members.append(warc_record([
            ("WARC-Type", "conversion"),
            ("WARC-Target-URI", page["url"]),
            ("WARC-Date", page["date"]),
            ("WARC-Record-ID", f"<urn:uuid:{fixed_uuid(f'wet/conversion/{i}')}>"),
            ("WARC-Refers-To", response_ids[i]),
            ("WARC-Block-Digest", sha1_b32(text)),
            ("WARC-Identified-Content-Language", "eng"),
            ("Content-Type", "text/plain"),
        ], text))
    wet = b"".join(gzip_member(m) for m in wet_members)
    return warc, wet


# ---------------------------------------------------------------------------
# 7. MediaWiki XML export (export-0.10)
# ---------------------------------------------------------------------------

WIKI_CORRAN = r"""{{Short description|River valley in the northern uplands}}
{{Use dmy dates|date=March 2023}}
{{Infobox river
| name               = River Corran
| image              = Corran Valley from Hob Crag.jpg
| image_caption      = The middle valley seen from Hob Crag in autumn
| source1_location   = Fellhead Moss
| source1_elevation  = {{convert|612|m|ft|abbr=on}}
| mouth              = Varnholm estuary
| mouth_elevation    = 0&nbsp;m
| length             = {{convert|74|km|mi|abbr=on}}
| basin_size         = {{convert|910|km2|sqmi|abbr=on}}
| tributaries_left   = Hask Beck, Ollerburn
| tributaries_right  = [[River Senn]]
}}
The '''Corran Valley''' is the valley of the '''River Corran''', which rises on [[Fellhead Moss]] and flows south-east for about {{convert|74|km|mi}} to the [[Varnholm]] estuary. The upper valley is a narrow, glaciated trough with steep sides, while the lower valley widens into a broad floodplain of pasture and water meadows.<ref name="survey">{{cite book |last=Ashdown |first=Maud |title=Rivers of the Northern Uplands |publisher=Fellside Press |year=1988 |page=112}}</ref> The valley gives its name to the ''Corran Way'', a long-distance footpath.

[[File:Corran meander near Oller.jpg|thumb|left|upright=1.2|A meander of the Corran near [[Ollerby]], with the [[Ollerburn]] joining from the left]]

== Geography ==
=== Course ===
From its source at roughly 612&nbsp;m, the river drops quickly through a series of waterfalls known locally as the ''Steps'', the highest of which, '''Corran Force''', falls {{convert|21|m|ft}} over a band of hard limestone. Below the Steps the gradient eases and the river meanders across the flat floor of the former glacial lake.<ref>{{cite web |url=https://example.org/geology/corran-lake |title=The lost lake of the Corran |website=Upland Geology Notes |access-date=4 March 2023}}</ref>

The principal tributaries are:
* the [[River Senn]], which joins at [[Senmouth]] and contributes about a third of the mean flow;
* '''Hask Beck''', a short, steep stream draining the eastern fells;
* the [[Ollerburn|Oller Burn]], which enters through a gorge below Ollerby.

=== Geology ===
The upper valley is cut into [[Carboniferous]] limestone and sandstone, and the lower valley into softer mudstones covered by glacial till.<ref name="survey" /> Drumlins, low oval hills of till aligned with the former ice flow, give the country around Senmouth its characteristic "basket of eggs" appearance.

== Climate ==
{| class="wikitable" style="text-align:center"
|+ Mean climate at Ollerby (1991–2020)
|-
! Month !! Jan !! Apr !! Jul !! Oct
|-
| Mean high (°C) || 6.1 || 11.8 || 19.9 || 13.2
|-
| Mean low (°C) || 0.4 || 3.1 || 10.8 || 5.6
|-
| Rainfall (mm) || 142 || 71 || 83 || 139
|}
<!-- Figures from the Ollerby climate station; please update when the 2021–2050 normals are published. -->

== Settlements ==
# [[Fellhead]] – a hamlet of farms near the source
# [[Ollerby]] – market town and the largest settlement in the valley
# [[Senmouth]] – former mill village at the confluence with the Senn
# [[Varnholm]] – port at the mouth of the estuary

The valley towns agreed a common system of river tolls in the [[Varnholm Compact]] of 1787.

== See also ==
* [[List of rivers of the Northern Uplands]]
* [[Corran Way]]

== References ==
{{Reflist}}

== External links ==
* [https://example.org/corran-valley Corran Valley Partnership]
* [https://example.org/maps/corran?zoom=11&layer=relief Relief map of the catchment]

[[Category:Rivers of the Northern Uplands]]
[[Category:Valleys of the Northern Uplands]]
"""

WIKI_GEOMETRIC = r"""{{Short description|Infinite sum of terms with a constant ratio}}
In [[mathematics]], a '''geometric series''' is a [[Series (mathematics)|series]] in which each term after the first is obtained by multiplying the previous term by a fixed number, called the '''common ratio'''. With first term <math>a</math> and ratio <math>r</math>, the series is

:<math>a + ar + ar^2 + ar^3 + \cdots = \sum_{k=0}^{\infty} a r^k .</math>

Geometric series are among the simplest examples of infinite series with a finite sum, and they appear throughout [[calculus]], [[probability theory]], [[economics]] and [[computer science]].

== Partial sums ==
Let <math>S_n = a + ar + \cdots + ar^{n-1}</math> be the sum of the first <math>n</math> terms. Multiplying by <math>r</math> and subtracting gives

:<math>S_n - rS_n = a - ar^n,</math>

so that, for <math>r \neq 1</math>,

:<math>S_n = a\,\frac{1 - r^n}{1 - r}.</math>

When <math>r = 1</math> every term equals <math>a</math> and <math>S_n = na</math>.

== Convergence ==
If <math>|r| < 1</math>, then <math>r^n \to 0</math> as <math>n \to \infty</math>, and the series converges to

:<math display="block">\sum_{k=0}^{\infty} a r^k = \frac{a}{1 - r}.</math>

If <math>|r| \geq 1</math> and <math>a \neq 0</math>, the terms do not tend to zero and the series [[Divergent series|diverges]].<ref>{{cite book |last=Brennan |first=Lio |title=A First Course in Analysis |publisher=Quayside University Press |year=2004 |pages=41–44}}</ref>

=== Example ===
The series <math>\tfrac12 + \tfrac14 + \tfrac18 + \cdots</math> has <math>a = r = \tfrac12</math>, so its sum is <math>\tfrac{1/2}{1 - 1/2} = 1</math>. Geometrically, this corresponds to repeatedly halving the remaining part of a unit square: each new rectangle fills half of what is left, and together they cover the whole square.

== Applications ==
# '''Repeating decimals.''' The decimal <math>0.\overline{3} = \tfrac{3}{10} + \tfrac{3}{100} + \cdots = \tfrac{3/10}{1 - 1/10} = \tfrac13</math>.
# '''Present value.''' A payment of 1 per year forever, discounted at rate <math>i > 0</math>, has present value <math>\sum_{k=1}^\infty (1+i)^{-k} = 1/i</math>; see [[perpetuity]].
# '''Algorithm analysis.''' If each level of a recursion does a constant fraction <math>r < 1</math> of the work of the level above, the total work is within a factor <math>1/(1-r)</math> of the top level.<ref name="algo">Lecture notes, [https://example.org/notes/recurrences Recurrences and sums], 2019.</ref>

== Generalisations ==
Replacing the ratio by a [[complex number]] <math>z</math> with <math>|z| < 1</math> gives the same formula, <math>\sum z^k = 1/(1-z)</math>, which is the prototype of a [[power series]]. Differentiating term by term yields <math>\sum_{k\ge1} k z^{k-1} = (1-z)^{-2}</math>.<ref name="algo" />

== References ==
<references />

[[Category:Series (mathematics)]]
[[Category:Articles containing proofs]]
"""

WIKI_BEETLE = r"""{{Speciesbox
| name = Alder leaf-roller beetle
| image = Phyllocorra alnicola dorsal.jpg
| image_caption = Adult female, dorsal view
| genus = Phyllocorra
| species = alnicola
| authority = Tervane, 1911
}}
The '''alder leaf-roller beetle''' (''Phyllocorra alnicola'') is a species of [[leaf beetle]] in the family [[Chrysomelidae]]. It feeds almost exclusively on [[alder]] and is found along rivers and in wet woodland across the northern uplands, including the [[Corran Valley]].<ref name="tervane">{{cite journal |last=Tervane |first=H. |year=1911 |title=Descriptions of new Chrysomelidae from the northern rivers |journal=Annals of Upland Entomology |volume=4 |pages=233–240}}</ref>

== Description ==
Adults are {{convert|6|–|8|mm|in|abbr=on}} long, oval and strongly convex. The [[elytra]] are a deep metallic green with a coppery sheen that becomes more obvious in strong light, and each bears nine rows of fine punctures. The [[pronotum]] is narrower than the elytra and darker, almost bronze. The legs and antennae are black. Females are slightly larger than males and, when carrying eggs, their swollen abdomen protrudes beyond the tip of the elytra.

[[File:Phyllocorra alnicola leaf roll.jpg|thumb|right|A leaf roll on [[alder|''Alnus'']], cut open to show the egg chamber]]

Larvae are pale grey with a black head capsule and three pairs of short legs.

== Life cycle ==
The species has a single generation each year.
# Adults emerge from the soil in late April and feed on young alder leaves, making small round holes.
# In May the female cuts a leaf partly across near its base and rolls the blade into a tight cylinder, laying 4–12 eggs inside.
# Larvae feed within the roll for about three weeks, then drop to the ground.
# They pupate in the soil and the new adults overwinter in leaf litter.

The rolling behaviour is unusual among leaf beetles and resembles that of the unrelated [[leaf-rolling weevil]]s, an example of [[convergent evolution]].<ref>Marsh, D. & Quill, A. (1997). "Leaf-rolling in the Chrysomelidae". ''Journal of Insect Behaviour Notes'' '''12''': 55–61.</ref>

== Ecology ==
''P. alnicola'' is preyed on by birds, particularly [[Eurasian wren|wrens]] and tits, which tear open the rolls. A [[parasitoid]] wasp lays its eggs in the beetle's larvae. Population surveys along the Corran found up to 40 rolls per metre of riverbank in favourable years.<ref name="tervane" />

== Conservation ==
The species is not considered threatened, but it depends on riverside alder, which has declined in some areas because of ''[[Phytophthora]]'' disease and bank clearance.

== References ==
{{Reflist}}

[[Category:Chrysomelidae]]
[[Category:Beetles described in 1911]]
"""

WIKI_COMPACT = r"""{{Short description|1787 agreement between the towns of the Corran Valley}}
{{Infobox treaty
| name          = Varnholm Compact
| long_name     = Articles of Agreement for the Free Navigation of the River Corran
| date_signed   = 14 June 1787
| location_signed = Guildhall, [[Varnholm]]
| signatories   = Varnholm, Ollerby, Senmouth, Fellhead
| languages     = English
}}
The '''Varnholm Compact''' was an agreement signed in 1787 by the four chartered towns of the [[Corran Valley]]. It abolished the separate tolls that each town had levied on river traffic and replaced them with a single duty collected at Varnholm, the proceeds of which were shared according to a fixed formula. The Compact also created the '''Corran Navigation Board''', one of the earliest examples of a joint authority governing a river in the region.<ref name="pell">{{cite book |last=Pell |first=Dorcas |title=Tolls, Towns and Trade on the Northern Rivers |publisher=Harrow & Lane |year=1972 |pages=88–131}}</ref>

== Background ==
By the 1770s a barge travelling from Fellhead to the sea paid tolls at four separate points, and merchants complained that the charges made the river uncompetitive with the new turnpike roads. Disputes between Ollerby and Senmouth over the maintenance of the weir at Senmouth had twice reached the courts. In 1785 a petition signed by 214 merchants and boatmen asked the town corporations to "join in one common purse for the good of the river".

== Negotiation ==
Delegates met eleven times between October 1786 and May 1787. The principal disagreement concerned the division of revenue: Varnholm, as the collecting port, sought half, while the upstream towns argued for shares proportional to the length of river each maintained.<ref name="pell" /> The final formula was a compromise.

{| class="wikitable"
|+ Division of the common duty under Article IV
|-
! Town !! Share !! Obligations
|-
| Varnholm || 35% || Collection, harbour dredging
|-
| Ollerby || 30% || Towpath from Ollerby bridge to Senmouth
|-
| Senmouth || 25% || Senmouth weir and lock
|-
| Fellhead || 10% || Upper landing stage
|}

== Provisions ==
The Compact's nine articles provided, among other things, that:
* no town should levy "any toll, duty, or exaction whatsoever" on goods in transit other than the common duty;
* the Navigation Board would consist of two delegates from each town and meet quarterly;
* disputes would go to arbitration by the recorder of Varnholm rather than to the courts;
* any town could withdraw on giving two years' notice.

== Legacy ==
The Compact remained in force until the [[Corran Navigation Act 1846]] transferred the Board's functions to a statutory body. Historians have described it as an early model of inter-municipal co-operation, and its arbitration clause was cited in later debates on regional government.<ref>{{cite web |url=https://example.org/history/varnholm-compact?part=2&print=yes |title=The Compact at 200 |publisher=Corran Valley Historical Trust |date=1987}}</ref> A copy of the signed articles is held by the Varnholm town archive.<!-- Catalogue reference to be added. -->

== References ==
{{Reflist}}

[[Category:1787 in politics]]
[[Category:History of the Corran Valley]]
[[Category:Treaties of the Northern Uplands]]
"""

WIKI_REDIRECT = "#REDIRECT [[Corran Valley]]\n\n{{R from river}}\n"

WIKI_TALK = r"""== Convergence section ==
The convergence section says the series diverges if <math>|r| \geq 1</math>. Shouldn't we say "and <math>a \neq 0</math>"? If ''a'' is zero every term is zero. [[User:Quillon|Quillon]] ([[User talk:Quillon|talk]]) 09:12, 2 May 2023 (UTC)
:Good catch, added. [[User:Halvard R|Halvard R]] ([[User talk:Halvard R|talk]]) 14:40, 2 May 2023 (UTC)
::Thanks. While we're here, the unit-square picture in the example could use an actual image. Is there a free one we can use? [[User:Quillon|Quillon]] ([[User talk:Quillon|talk]]) 16:03, 2 May 2023 (UTC)
:::I can draw one. I'll upload it to Commons this week. —[[User:Mosswell|Mosswell]] ([[User talk:Mosswell|talk]]) 21:55, 3 May 2023 (UTC)

== Applications: algorithm analysis ==
I'm not sure the recursion example belongs here without a source that isn't a set of lecture notes. Does anyone have a textbook citation? <small>— Preceding unsigned comment added by 203.0.113.54</small>
: Lecture notes are acceptable for something this basic, but a textbook would be better. I'll look. [[User:Halvard R|Halvard R]] ([[User talk:Halvard R|talk]]) 08:30, 10 June 2023 (UTC)
"""

WIKI_PAGES = [
    # (title, ns, page id, redirect target or None, rev id, parent id, timestamp, user, user id, comment, text)
    ("Corran Valley", 0, 1021, None, 884102, 884011, "2023-03-04T16:22:09Z", "Mosswell", 40211,
     "/* Climate */ add 1991–2020 normals", WIKI_CORRAN),
    ("Geometric series", 0, 1188, None, 901377, 899820, "2023-05-02T14:41:57Z", "Halvard R", 17733,
     "clarify divergence condition per talk", WIKI_GEOMETRIC),
    ("Alder leaf-roller beetle", 0, 2240, None, 876540, 870112, "2023-01-19T10:05:33Z", "Tansy Orme", 52890,
     "expand life cycle", WIKI_BEETLE),
    ("Varnholm Compact", 0, 2311, None, 893006, 892875, "2023-04-11T19:48:20Z", "Drewcastle", 31007,
     "add revenue table from Pell (1972)", WIKI_COMPACT),
    ("River Corran", 0, 1022, "Corran Valley", 512877, 0, "2019-08-27T07:31:02Z", "Mosswell", 40211,
     "Redirected page to [[Corran Valley]]", WIKI_REDIRECT),
    ("Talk:Geometric series", 1, 1189, None, 905214, 901380, "2023-06-10T08:30:44Z", "Halvard R", 17733,
     "/* Applications: algorithm analysis */ reply", WIKI_TALK),
]


def mw_sha1(text: str) -> str:
    """MediaWiki's revision sha1: SHA-1 in base 36, zero-padded to 31 digits."""
    n = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out.rjust(31, "0")


def xml_text(s: str) -> str:
    return xml_escape(s, {'"': "&quot;"})


def build_wiki_xml() -> bytes:
    namespaces = [
        (-2, "first-letter", "Media"), (-1, "first-letter", "Special"), (0, "first-letter", ""),
        (1, "first-letter", "Talk"), (2, "first-letter", "User"), (3, "first-letter", "User talk"),
        (4, "first-letter", "Project"), (5, "first-letter", "Project talk"),
        (6, "first-letter", "File"), (7, "first-letter", "File talk"),
        (8, "first-letter", "MediaWiki"), (9, "first-letter", "MediaWiki talk"),
        (10, "first-letter", "Template"), (11, "first-letter", "Template talk"),
        (12, "first-letter", "Help"), (13, "first-letter", "Help talk"),
        (14, "first-letter", "Category"), (15, "first-letter", "Category talk"),
        (828, "first-letter", "Module"), (829, "first-letter", "Module talk"),
    ]
    out = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.10/ '
        'http://www.mediawiki.org/xml/export-0.10.xsd" version="0.10" xml:lang="en">',
        "  <siteinfo>",
        "    <sitename>PriorMix Sample Wiki</sitename>",
        "    <dbname>simplewiki</dbname>",
        "    <base>https://simple.wiki.example/wiki/Main_Page</base>",
        "    <generator>MediaWiki 1.41.0-wmf.12</generator>",
        "    <case>first-letter</case>",
        "    <namespaces>",
    ]
    for key, case, name in namespaces:
        if name:
            out.append(f'      <namespace key="{key}" case="{case}">{xml_text(name)}</namespace>')
        else:
            out.append(f'      <namespace key="{key}" case="{case}" />')
    out += ["    </namespaces>", "  </siteinfo>"]
    for (title, ns, pid, redirect, rev, parent, ts, user, uid, comment, text) in WIKI_PAGES:
        out += [
            "  <page>",
            f"    <title>{xml_text(title)}</title>",
            f"    <ns>{ns}</ns>",
            f"    <id>{pid}</id>",
        ]
        if redirect:
            out.append(f'    <redirect title="{xml_text(redirect)}" />')
        out += ["    <revision>", f"      <id>{rev}</id>"]
        if parent:
            out.append(f"      <parentid>{parent}</parentid>")
        out += [
            f"      <timestamp>{ts}</timestamp>",
            "      <contributor>",
            f"        <username>{xml_text(user)}</username>",
            f"        <id>{uid}</id>",
            "      </contributor>",
            f"      <comment>{xml_text(comment)}</comment>",
            "      <model>wikitext</model>",
            "      <format>text/x-wiki</format>",
            f'      <text bytes="{len(text.encode("utf-8"))}" xml:space="preserve">{xml_text(text)}</text>',
            f"      <sha1>{mw_sha1(text)}</sha1>",
            "    </revision>",
            "  </page>",
        ]
    out.append("</mediawiki>")
    return ("\n".join(out) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main() -> None:
    write_bytes("jsonl/dolma-style.jsonl", jsonl(DOLMA_DOCS))
    write_bytes("jsonl/redpajama-style.jsonl.zst", zstd_cli(jsonl(RP_DOCS)))
    write_bytes("jsonl/forum-posts.jsonl.gz", gzip_cli(jsonl(FORUM_DOCS)))
    write_bytes("code/assets/logo.png", png_bytes(8, 8, logo_pixel))
    warc, wet = build_warc()
    write_bytes("warc/crawl.warc.gz", warc)
    write_bytes("warc/crawl.warc.wet.gz", wet)
    write_bytes("wiki/simplewiki-sample-pages-articles.xml", build_wiki_xml())


if __name__ == "__main__":
    main()
