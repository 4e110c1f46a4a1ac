// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PriorMix",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PriorMix", targets: ["PriorMix"]),
        .library(name: "PriorMixTrainer", targets: ["PriorMixTrainer"]),
        .executable(name: "priormix", targets: ["priormix"]),
        .executable(name: "priormix-bench", targets: ["priormix-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries from Debian (libzstd-dev, zlib1g-dev, libxml2-dev).
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Parquet page codecs (libbrotli-dev, liblz4-dev); Snappy is decoded in Swift.
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlidec", providers: [.apt(["libbrotli-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // OpenBLAS (libopenblas-dev) for the trainer's matrix products.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The compiler's cache prefetch hint (a header only): Swift has none.
        .systemLibrary(name: "CPrefetch"),
        // glibc functions Swift's Glibc module leaves out (wmemchr, mallopt; a header only).
        .systemLibrary(name: "CLibcExtras"),
        // libxml2's headers pull in the system ICU, which clashes with Foundation's; this shim keeps
        // them out of Swift by exposing plain C functions only.
        .target(name: "CHTMLText", dependencies: ["CLibXML2"]),
        .target(
            name: "PriorMix",
            dependencies: ["CZstd", "CZlib", "CBrotli", "CLZ4", "CHTMLText", "CPrefetch", "CLibcExtras", .product(name: "Yams", package: "Yams")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "PriorMixTrainer",
            dependencies: ["PriorMix", "CBLAS"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // Benchmarks and their `bench` commands, kept out of the libraries; run as `priormix bench …`
        // or as the standalone `priormix-bench …`.
        .target(
            name: "PriorMixBenchmarks",
            dependencies: ["PriorMix", "PriorMixTrainer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "priormix-bench", dependencies: ["PriorMixBenchmarks"]),
        .executableTarget(
            name: "priormix",
            dependencies: ["PriorMix", "PriorMixTrainer", "PriorMixBenchmarks", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Helpers both test targets share: temporary directories, running processes and Python peers.
        .target(name: "PriorMixTestSupport", dependencies: ["PriorMix"]),
        .testTarget(name: "PriorMixTests", dependencies: ["PriorMix", "PriorMixBenchmarks", "PriorMixTestSupport"], path: "Tests/PriorMixTests"),
        .testTarget(name: "PriorMixTrainerTests", dependencies: ["PriorMixTrainer", "PriorMix", "PriorMixTestSupport"], path: "Tests/PriorMixTrainerTests"),
    ],
    swiftLanguageModes: [.v5]
)
