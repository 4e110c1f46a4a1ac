"""A stand-in for an OpenAI-compatible chat-completions server, for PriorMix's LLM tagger tests.

Listens on 127.0.0.1 on a port the system picks, prints "PORT <n>" on stdout, and answers
POST /v1/chat/completions according to --mode:

  labels     labels from keywords in the user message (see KEYWORDS)
  malformed  prose instead of JSON
  flaky      HTTP 500 for the first request, then as `labels`
  limited    HTTP 429 with Retry-After: 0 for the first request, then as `labels`
  slow       the first request waits --delay seconds before answering, then as `labels`
  reject     HTTP 400 with an error body for every request
  redirect   HTTP 307 to --redirect-to for every request
  broken     HTTP 500 for every request

--answer chooses what a successful reply holds: `labels` (the tagger's JSON, above) or `category`
(for `classifier distill`: a category id from keywords in the user message, see CATEGORY_KEYWORDS,
written in varied but acceptable forms; a message containing GARBLED always gets prose instead,
and one containing STAMMER gets prose the first time it is asked, then its id).

Every request (path, body and Authorization header) is appended to --log as one JSON line. The server stops by itself after
--max-requests requests or --lifetime seconds, whichever comes first.
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEYWORDS = [
    ("def ", "code_reasoning"),
    ("return", "code_reasoning"),
    ("theorem", "math_reasoning"),
    ("hypothesis", "science_reasoning"),
    ("red ", "visual_attribute"),
    ("harbour", "visual_concept"),
    ("beside", "visual_relationship"),
]

CATEGORY_KEYWORDS = [
    ("theorem", "mathematics"),
    ("flour", "food"),
    ("tenant", "law"),
    ("compile", "code"),
]
# Acceptable spellings of an id: the parser tolerates case, whitespace and quotes.
CATEGORY_FORMS = {"law": '"Law"\n', "food": "  FOOD ", "code": "`code`"}


def category_answer(text, asked_before):
    if "GARBLED" in text or ("STAMMER" in text and not asked_before):
        return "This document seems to be about several things."
    for keyword, category in CATEGORY_KEYWORDS:
        if keyword in text:
            return CATEGORY_FORMS.get(category, category)
    return "web_crawl"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="labels")
    parser.add_argument("--log", required=True)
    parser.add_argument("--max-requests", type=int, default=50)
    parser.add_argument("--lifetime", type=float, default=60)
    parser.add_argument("--delay", type=float, default=3)
    parser.add_argument("--redirect-to", default="")
    parser.add_argument("--answer", default="labels", choices=["labels", "category"])
    options = parser.parse_args()
    state = {"count": 0, "asked": set()}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, body, headers=()):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                state["count"] += 1
                number = state["count"]
                with open(options.log, "a") as log:
                    log.write(json.dumps({"path": self.path, "request": request,
                                          "authorization": self.headers.get("Authorization")}) + "\n")
            if options.mode == "redirect":
                return self.reply(307, {"moved": options.redirect_to}, [("Location", options.redirect_to)])
            if options.mode == "broken":
                return self.reply(500, {"error": "the model crashed"})
            if options.mode == "reject":
                return self.reply(400, {"error": {"message": "The model `stub-model` does not exist", "type": "invalid_request_error"}})
            if self.path != "/v1/chat/completions":
                return self.reply(404, {"error": "no such route"})
            messages = request.get("messages", [])
            expected = "Rubric version:" if options.answer == "labels" else "computer_science"
            if (not request.get("model") or len(messages) != 2 or messages[0].get("role") != "system"
                    or expected not in messages[0].get("content", "")):
                return self.reply(400, {"error": "expected a model, a system prompt and one user message"})
            if options.mode == "flaky" and number == 1:
                return self.reply(500, {"error": "temporary failure"})
            if options.mode == "limited" and number == 1:
                return self.reply(429, {"error": "slow down"}, [("Retry-After", "0")])
            if options.mode == "slow" and number == 1:
                time.sleep(options.delay)
            text = messages[1].get("content", "")
            if options.answer == "category":
                with lock:
                    asked_before = text in state["asked"]
                    state["asked"].add(text)
                content = category_answer(text, asked_before)
            elif options.mode == "malformed":
                content = "Sure! This passage looks like code_reasoning to me."
            else:
                labels = []
                for keyword, label in KEYWORDS:
                    if keyword in text and label not in labels:
                        labels.append(label)
                content = json.dumps({"labels": labels})
            self.reply(200, {"id": "stub", "object": "chat.completion",
                             "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                          "finish_reason": "stop"}]})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    deadline = time.time() + options.lifetime
    server.timeout = 0.2
    while time.time() < deadline and state["count"] < options.max_requests:
        server.handle_request()
    # Let a reply still being written finish before the process exits.
    time.sleep(0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
