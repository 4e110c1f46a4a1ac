/// A fixed-size, zero-initialised block of scalars owned by one object, handed to the layer
/// kernels as a raw pointer (the kernels index it themselves; bounds are the caller's contract).
public final class TensorBuffer<S: TrainerScalar>: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<S>

    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    public func zero() { pointer.update(repeating: 0, count: count) }

    public subscript(index: Int) -> S {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    public var array: [S] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    public func copy(from other: TensorBuffer<S>) {
        precondition(other.count == count)
        pointer.update(from: other.pointer, count: count)
    }
}
