# PriorMix: `make demo` runs the pipeline on samples/, `make test` runs the test suite.
# Both install missing Debian packages first (scripts/ensure-deps.sh).

SWIFT ?= swift
RELEASE_BIN = .build/release/priormix
DEMO_OUT ?= out/demo

.PHONY: deps build demo test bench clean

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
	@echo
	@echo "== classify the same samples (categories and the six content labels), then report on both outputs at once"
	$(RELEASE_BIN) classify samples/jsonl/dolma-style.jsonl samples/jsonl/redpajama-style.jsonl.zst \
		samples/code samples/text samples/html samples/warc/crawl.warc.gz samples/warc/crawl.warc.wet.gz \
		samples/wiki/simplewiki-sample-pages-articles.xml --quiet -o $(DEMO_OUT)/classified > /dev/null
	$(RELEASE_BIN) classify samples/jsonl/forum-posts.jsonl.gz --id-field doc_id --text-field body --quiet -o $(DEMO_OUT)/classified-forum > /dev/null
	$(RELEASE_BIN) report $(DEMO_OUT)/classified $(DEMO_OUT)/classified-forum --quiet --html $(DEMO_OUT)/report.html
	@echo
	@echo "HTML report: $(DEMO_OUT)/report.html  (one self-contained page; --json and --markdown give the same numbers)"

# Interoperability tests compare against real peers (HF tokenizers, fastText, numpy); make test
# installs them and makes their absence a failure rather than a skip.
test: deps
	@scripts/ensure-python.sh
	$(SWIFT) build --build-tests
	PRIORMIX_REQUIRE_PEERS=1 $(SWIFT) test --skip-build --disable-swift-testing

bench: build
	$(RELEASE_BIN) bench ingest --size-mb 200

clean:
	rm -rf .build out
