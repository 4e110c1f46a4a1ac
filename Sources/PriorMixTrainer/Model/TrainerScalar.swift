import CBLAS
import Foundation

/// The number types the model runs in: `Float` for training, `Double` for gradient checks, where
/// finite differences need the extra precision to say anything about the hand-written backward pass.
public protocol TrainerScalar: BinaryFloatingPoint, Sendable {
    /// Row-major `C = alpha * op(A) * op(B) + beta * C` with `op(A)` m×k and `op(B)` k×n.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    static func exponential(_ x: Self) -> Self
    static func logarithm(_ x: Self) -> Self
}

extension Float: TrainerScalar {
    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    @inline(__always) public static func exponential(_ x: Float) -> Float { expf(x) }
    @inline(__always) public static func logarithm(_ x: Float) -> Float { logf(x) }
}

extension Double: TrainerScalar {
    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    @inline(__always) public static func exponential(_ x: Double) -> Double { exp(x) }
    @inline(__always) public static func logarithm(_ x: Double) -> Double { log(x) }
}

/// OpenBLAS's own thread pool. The trainer runs one single-threaded BLAS per worker instead:
/// at these matrix sizes splitting the batch across cores beats splitting each product.
public enum BLASThreads {
    public static func set(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// Stops OpenBLAS's idle workers. The pthread build starts them when the library loads, and an
    /// idle worker spins on sched_yield for about a tenth of a second before it sleeps: CPU time
    /// every priormix command paid, BLAS or not. OpenBLAS starts them again at its next threaded
    /// call (the lazy re-initialisation it also uses after fork). Looked up by name, so a serial or
    /// OpenMP OpenBLAS without the function makes this a no-op instead of a missing symbol.
    public static func stopIdleWorkers() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else { return }
        _ = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)()
    }
}
