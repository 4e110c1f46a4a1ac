import Foundation

/// Runs `transform` on submitted work items on up to `threads` cores and hands the results to
/// `consume` one at a time, in submission order. Output order, and so every output byte, is the
/// same whatever the thread count. At most `window` items are in flight, which bounds memory.
///
/// Workers and the consumer are threads of their own rather than dispatch workers: a transform may
/// block (the LLM tagger waits on its HTTP requests), and blocked dispatch workers starve the queues
/// URLSession answers on, which made two threads slower than one.
public final class OrderedWorkPool<Input, Output> {
    private let threads: Int
    private let transform: (Input) -> Output
    private let consume: (Output) -> Void
    private let state: State
    private var started = false

    public init(threads: Int, window: Int? = nil, transform: @escaping (Input) -> Output, consume: @escaping (Output) -> Void) {
        self.threads = max(1, threads)
        self.transform = transform
        self.consume = consume
        state = State(window: max(1, window ?? self.threads * 3))
    }

    /// Ends the threads. A pool dropped before `finish` (an error while reading) finishes the items
    /// being transformed, hands results on up to the first one missing and lets the rest go.
    deinit {
        state.condition.lock()
        state.closed = true
        state.abandoned = state.consumed < state.nextToSubmit
        state.pending.removeAll()
        state.condition.broadcast()
        state.condition.unlock()
    }

    public func submit(_ input: Input) {
        if threads == 1 {
            consume(transform(input))
            return
        }
        startIfNeeded()
        let state = self.state
        state.condition.lock()
        while state.inFlight >= state.window { state.condition.wait() }
        state.pending.append((state.nextToSubmit, input))
        state.nextToSubmit += 1
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Waits until every item submitted so far has been consumed. The pool may be given more work
    /// afterwards (readers finish it once per input file); its threads end when it is dropped.
    public func finish() {
        let state = self.state
        state.condition.lock()
        while state.consumed < state.nextToSubmit { state.condition.wait() }
        state.condition.unlock()
    }

    private func startIfNeeded() {
        guard !started else { return }
        started = true
        let state = self.state, transform = self.transform, consume = self.consume
        for _ in 0..<threads { Self.launch { state.work(transform) } }
        Self.launch { state.deliver(consume) }
    }

    /// The stack dispatch workers get too (8 MiB), for parsers of deeply nested input.
    private static func launch(_ body: @escaping () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Everything the threads share, guarded by `condition`; the threads hold this, not the pool, so
    /// dropping the pool reaches `deinit`.
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        let window: Int
        var pending: [(sequence: Int, input: Input)] = []
        var finished: [Int: Output] = [:]
        var nextToSubmit = 0
        var nextToConsume = 0
        /// Items whose `consume` has returned (`nextToConsume` moves on before it is called).
        var consumed = 0
        /// Submitted and not yet consumed: what `window` bounds.
        var inFlight: Int { nextToSubmit - consumed }
        var transforming = 0
        var closed = false
        var abandoned = false

        init(window: Int) { self.window = window }

        /// A worker: takes the oldest pending item, transforms it outside the lock, files the result.
        func work(_ transform: (Input) -> Output) {
            condition.lock()
            while true {
                while pending.isEmpty && !closed { condition.wait() }
                guard !pending.isEmpty else { break }
                let (sequence, input) = pending.removeFirst()
                transforming += 1
                condition.unlock()
                let output = transform(input)
                condition.lock()
                transforming -= 1
                finished[sequence] = output
                condition.broadcast()
            }
            condition.unlock()
        }

        /// The consumer: hands results on in submission order, outside the lock.
        func deliver(_ consume: (Output) -> Void) {
            condition.lock()
            while true {
                if let output = finished.removeValue(forKey: nextToConsume) {
                    nextToConsume += 1
                    condition.unlock()
                    consume(output)
                    condition.lock()
                    consumed += 1
                    condition.broadcast()
                    continue
                }
                // Done once closed and nothing is queued, being transformed or waiting to be handed on
                // (an abandoned pool may leave gaps in `finished`, so its leftovers are not waited for).
                if closed && pending.isEmpty && transforming == 0 && (finished.isEmpty || abandoned) { break }
                condition.wait()
            }
            condition.unlock()
        }
    }
}
