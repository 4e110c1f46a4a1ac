# PriorMix: `make demo` runs the pipeline on samples/, `make test` runs the test suite.
# Both install missing Debian packages first (scripts/ensure-deps.sh).

SWIFT ?= swift
RELEASE_BIN = .build/release/priormix
DEMO_OUT ?= out/demo

.PHONY: deps build demo train-demo test bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build -c release

demo: build
	@rm -rf $(DEMO_OUT)
	@echo "== ingest: JSONL (Dolma and RedPajama layouts), code and text trees, HTML, WARC, WET, MediaWiki XML"
	$(RELEASE_BIN) ingest samples/jsonl/dolma-style.jsonl samples/jsonl/redpajama-style.jsonl.zst \
		samples/code samples/text samples/html samples/warc/crawl.warc.gz samples/warc/crawl.warc.wet.gz \
		samples/wiki/simplewiki-sample-pages-articles.xml -o $(DEMO_OUT)/ingest
	@echo "== ingest: JSONL with other field names (--id-field doc_id --text-field body)"
	$(RELEASE_BIN) ingest samples/jsonl/forum-posts.jsonl.gz --id-field doc_id --text-field body -o $(DEMO_OUT)/ingest-forum
	@echo
	@echo "Results:"
	@echo "  documents   $(DEMO_OUT)/ingest/documents.jsonl.zst  (read with: zstd -dc $(DEMO_OUT)/ingest/documents.jsonl.zst | head)"
	@echo "  quarantine  $(DEMO_OUT)/ingest/quarantine.jsonl"
	@echo "  summary     $(DEMO_OUT)/ingest/summary.json"

# The bundled trainer on the samples: classify, a small reasoning-share sweep (byte-level ids, no
# tokenizer file needed), a longer tiny run on the 50% mixture, and a sample from it.
TRAIN_OUT ?= out/train-demo
train-demo: build
	@rm -rf $(TRAIN_OUT)
	$(RELEASE_BIN) classify samples -o $(TRAIN_OUT)/classified
	$(RELEASE_BIN) sweep $(TRAIN_OUT)/classified/annotated.jsonl.zst --tokenizer bytes --shares 0,25,50,75,100 \
		--tokens 300000 --validation-share 15 --steps 100 --eval-interval 50 -o $(TRAIN_OUT)/sweep
	$(RELEASE_BIN) train $(TRAIN_OUT)/sweep/reasoning-050/shards -o $(TRAIN_OUT)/run --preset tiny --steps 300 --eval-interval 100
	$(RELEASE_BIN) generate $(TRAIN_OUT)/run --prompt "The lighthouse" --tokens 200

# Interoperability tests compare against real peers (HF tokenizers, fastText, numpy); make test
# installs them and makes their absence a failure rather than a skip.
test: deps
	@scripts/ensure-python.sh
	$(SWIFT) build --build-tests
	PRIORMIX_REQUIRE_PEERS=1 $(SWIFT) test --skip-build --disable-swift-testing

bench: build
	$(RELEASE_BIN) bench ingest --size-mb 200
	$(RELEASE_BIN) bench train

clean:
	rm -rf .build out
