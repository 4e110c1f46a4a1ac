/// K-way merge of sorted bucket runs: yields every entry of every run in sorted order, holding one
/// buffered reader per run and a heap of their heads (memory: runs × 64 KB). More runs than
/// `fanIn` are first merged in groups into intermediate runs in `scratchDirectory`, so open
/// files stay bounded however many units the corpus has.
final class BucketMerger {
    private var readers: [BinaryFileReader] = []
    private var heap: [(entry: BucketEntry, reader: Int)] = []

    static let fanIn = 256

    init(runs: [String], scratchDirectory: String) throws {
        var paths = runs
        var pass = 0
        while paths.count > Self.fanIn {
            var next: [String] = []
            for (group, start) in stride(from: 0, to: paths.count, by: Self.fanIn).enumerated() {
                let members = Array(paths[start..<min(start + Self.fanIn, paths.count)])
                let path = scratchDirectory + "/merge-\(pass)-\(group).bkt"
                let merger = try BucketMerger(runs: members, scratchDirectory: scratchDirectory)
                let output = try AtomicOutputFile(path: path)
                var bytes: [UInt8] = []
                while let entry = try merger.next() {
                    entry.append(to: &bytes)
                    if bytes.count >= 1 << 20 { try output.write(bytes); bytes.removeAll(keepingCapacity: true) }
                }
                try output.write(bytes)
                try output.commit()
                next.append(path)
            }
            paths = next
            pass += 1
        }
        for path in paths {
            let reader = try BinaryFileReader(path: path)
            if let first = try BucketEntry.read(from: reader) {
                readers.append(reader)
                push((first, readers.count - 1))
            }
        }
    }

    func next() throws -> BucketEntry? {
        guard let top = heap.first else { return nil }
        if let following = try BucketEntry.read(from: readers[top.reader]) {
            heap[0] = (following, top.reader)
            siftDown(0)
        } else {
            let last = heap.removeLast()
            if !heap.isEmpty { heap[0] = last; siftDown(0) }
        }
        return top.entry
    }

    private func less(_ i: Int, _ j: Int) -> Bool {
        heap[i].entry != heap[j].entry ? heap[i].entry < heap[j].entry : heap[i].reader < heap[j].reader
    }

    private func push(_ item: (entry: BucketEntry, reader: Int)) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, less(left, smallest) { smallest = left }
            if right < heap.count, less(right, smallest) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
