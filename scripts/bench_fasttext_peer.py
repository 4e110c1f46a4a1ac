#!/usr/bin/env python3
"""Peer side of `priormix bench classify`: seconds the `fasttext` package spends predicting the
top label of every line of TEXTS with MODEL (load time excluded), printed as two numbers: the wall
time and the CPU time of the predicting thread (what one core costs on a busy machine).

usage: bench_fasttext_peer.py MODEL.bin TEXTS.txt
"""
import sys, time
import fasttext

model = fasttext.load_model(sys.argv[1])
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1]
start = time.perf_counter()
start_cpu = time.thread_time()
for line in lines:
    model.f.predict(line + "\n", 1, 0.0, "strict")
print(time.perf_counter() - start, time.thread_time() - start_cpu)
