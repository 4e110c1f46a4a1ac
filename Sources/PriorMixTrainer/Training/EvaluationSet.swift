/// Fixed validation windows per category: consecutive, non-overlapping windows from the start of
/// each category's validation shards, at most `maximumWindows` per category. A category too small
/// for one full window contributes one shorter window, so no category silently drops out.
struct EvaluationSet {
    struct Window {
        var shard: TokenShard
        var offset: Int
        var length: Int
        var category: Int
    }

    let categories: [String]
    let windows: [Window]

    init(validation: [(category: String, shards: [TokenShard])], length: Int, maximumWindows: Int) {
        var categories: [String] = []
        var windows: [Window] = []
        for (category, shards) in validation {
            var taken = 0
            for shard in shards {
                var offset = 0
                while taken < maximumWindows && offset + length + 1 <= shard.count {
                    windows.append(Window(shard: shard, offset: offset, length: length, category: categories.count))
                    offset += length
                    taken += 1
                }
            }
            if taken == 0, let shard = shards.max(by: { $0.count < $1.count }), shard.count >= 2 {
                windows.append(Window(shard: shard, offset: 0, length: shard.count - 1, category: categories.count))
                taken = 1
            }
            if taken > 0 { categories.append(category) }
        }
        self.categories = categories
        self.windows = windows
    }
}
