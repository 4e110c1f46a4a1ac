import Dispatch
import Foundation

/// Runs `transform` on submitted work items on up to `threads` cores and hands the results to
/// `consume` one at a time, in submission order. Output order, and so every output byte, is the
/// same whatever the thread count. At most `window` items are in flight, which bounds memory.
public final class OrderedWorkPool<Input, Output> {
    private let threads: Int
    private let transform: (Input) -> Output
    private let consume: (Output) -> Void
    private let window: DispatchSemaphore
    private let workerSlots: DispatchSemaphore
    private let workers = DispatchQueue(label: "priormix.workers", attributes: .concurrent)
    private let consumer = DispatchQueue(label: "priormix.consumer")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var finished: [Int: Output] = [:]
    private var nextToSubmit = 0
    private var nextToConsume = 0

    public init(threads: Int, window: Int? = nil, transform: @escaping (Input) -> Output, consume: @escaping (Output) -> Void) {
        self.threads = max(1, threads)
        self.transform = transform
        self.consume = consume
        self.window = DispatchSemaphore(value: window ?? self.threads * 3)
        workerSlots = DispatchSemaphore(value: self.threads)
    }

    public func submit(_ input: Input) {
        if threads == 1 {
            consume(transform(input))
            return
        }
        window.wait()
        let sequence = nextToSubmit
        nextToSubmit += 1
        group.enter()
        workers.async { [self] in
            workerSlots.wait()
            let output = transform(input)
            workerSlots.signal()
            lock.lock()
            finished[sequence] = output
            lock.unlock()
            consumer.async { [self] in
                drainReady()
                group.leave()
            }
        }
    }

    private func drainReady() {
        while true {
            lock.lock()
            guard let output = finished.removeValue(forKey: nextToConsume) else { lock.unlock(); return }
            nextToConsume += 1
            lock.unlock()
            consume(output)
            window.signal()
        }
    }

    /// Waits until every submitted item has been consumed.
    public func finish() {
        group.wait()
        consumer.sync { drainReady() }
    }
}
