/// Cuts a stream of items into batches of at most `maxItems` items or `maxBytes` bytes and hands
/// each to an ordered work pool: the read → batch → pool loop every streaming pass shares
/// (ingest and the stage runner, tokenizer training, the mixture's tokenize pass, the report).
/// Large batches amortise scheduling; the pool's window bounds how many are in memory.
public struct BatchFeeder<Item, Output> {
    public let pool: OrderedWorkPool<[Item], Output>
    public let maxItems: Int
    public let maxBytes: Int
    private var batch: [Item] = []
    private var batchBytes = 0

    public init(pool: OrderedWorkPool<[Item], Output>, maxItems: Int, maxBytes: Int) {
        self.pool = pool
        self.maxItems = max(1, maxItems)
        self.maxBytes = max(1, maxBytes)
        batch.reserveCapacity(self.maxItems)
    }

    /// Adds one item of `bytes` bytes; returns true when that completed a batch and submitted it.
    @discardableResult
    public mutating func add(_ item: Item, bytes: Int) -> Bool {
        batch.append(item)
        batchBytes += bytes
        guard batch.count >= maxItems || batchBytes >= maxBytes else { return false }
        submit()
        return true
    }

    /// Submits the items added since the last batch, if any.
    public mutating func submit() {
        guard !batch.isEmpty else { return }
        pool.submit(batch)
        batch.removeAll(keepingCapacity: true)
        batchBytes = 0
    }

    /// Submits the rest and waits until every batch has been consumed.
    public mutating func finish() {
        submit()
        pool.finish()
    }
}
