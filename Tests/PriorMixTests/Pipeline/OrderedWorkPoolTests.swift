import Foundation
import XCTest
@testable import PriorMix

final class OrderedWorkPoolTests: XCTestCase {
    /// Results come out in submission order whatever the thread count and however long each item
    /// takes, and no more than `window` items are ever in flight.
    func testResultsKeepSubmissionOrderAndTheWindowBoundsWhatIsInFlight() {
        for threads in [1, 2, 4] {
            let lock = NSLock()
            var inFlight = 0, mostInFlight = 0
            var received: [Int] = []
            let pool = OrderedWorkPool<Int, Int>(threads: threads, window: 5, transform: { item in
                // Later items often finish first: uneven, seeded work.
                usleep(UInt32((item * 7919) % 13) * 100)
                return item * item
            }, consume: { received.append($0); lock.lock(); inFlight -= 1; lock.unlock() })
            // Two rounds, as readers finish the pool once per input file and then go on using it.
            for round in 0..<2 {
                for item in (round * 150)..<(round * 150 + 150) {
                    lock.lock(); inFlight += 1; mostInFlight = max(mostInFlight, inFlight); lock.unlock()
                    pool.submit(item)
                }
                pool.finish()
                XCTAssertEqual(received.count, round * 150 + 150, "finish waits for every item so far")
            }
            XCTAssertEqual(received, (0..<300).map { $0 * $0 }, "threads \(threads)")
            XCTAssertLessThanOrEqual(mostInFlight, threads == 1 ? 1 : 6, "threads \(threads)")
        }
    }

    /// Transforms that block (as the LLM tagger's do, on HTTP) run side by side: two items wait for
    /// each other, which only ends if both are being transformed at once.
    func testBlockingTransformsRunSideBySide() {
        let bothInside = DispatchGroup()
        bothInside.enter(); bothInside.enter()
        var met: [Bool] = []
        let pool = OrderedWorkPool<Int, Bool>(threads: 2, transform: { _ in
            bothInside.leave()
            return bothInside.wait(timeout: .now() + 20) == .success
        }, consume: { met.append($0) })
        pool.submit(0)
        pool.submit(1)
        pool.finish()
        XCTAssertEqual(met, [true, true])
    }

    /// A pool dropped without `finish` (an error while reading) ends its threads, which release the
    /// closures they hold; finishing a pool that was never used returns at once.
    func testADroppedPoolEndsItsThreadsAndAnUnusedOneFinishes() {
        final class Sink { var count = 0 }
        weak var released: Sink?
        do {
            let sink = Sink()
            released = sink
            let pool = OrderedWorkPool<Int, Int>(threads: 2, transform: { $0 }, consume: { _ in sink.count += 1 })
            for item in 0..<4 { pool.submit(item) }
        }
        let deadline = Date().addingTimeInterval(10)
        while released != nil && Date() < deadline { usleep(10_000) }
        XCTAssertNil(released, "the pool's threads still hold its closures")
        OrderedWorkPool<Int, Int>(threads: 2, transform: { $0 }, consume: { _ in }).finish()
    }
}
