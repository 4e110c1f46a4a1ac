#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One object per thread on a POSIX thread-specific key: `Thread.current.threadDictionary` took
/// microseconds a lookup (Foundation's thread object, then a dictionary keyed by a bridged
/// string), which the language rule paid for every document. The object is released when its
/// thread ends.
final class ThreadLocalObject: @unchecked Sendable {
    private var key = pthread_key_t()

    init() {
        #if os(Linux)
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
        #else
        pthread_key_create(&key) { pointer in Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        #endif
    }

    /// The calling thread's object, if it has set one.
    @inline(__always)
    var value: AnyObject? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// The calling thread's object, made by `make` on the thread's first call.
    @inline(__always)
    func value<Object: AnyObject>(orMake make: () -> Object) -> Object {
        if let object = value as? Object { return object }
        let object = make()
        set(object)
        return object
    }

    /// Sets the calling thread's object (releasing the one before).
    func set(_ object: AnyObject) {
        let old = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passRetained(object).toOpaque())
        if let old { Unmanaged<AnyObject>.fromOpaque(old).release() }
    }
}
