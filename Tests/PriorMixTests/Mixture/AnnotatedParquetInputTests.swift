import Foundation
import XCTest
@testable import PriorMix

/// `mix` and `report` read annotated Parquet (`classify --output-format parquet`) as they read
/// annotated JSONL: the two outputs of the same classification give byte-identical shards, the
/// same manifest but for the input file it names, and the same report figures.
final class AnnotatedParquetInputTests: XCTestCase {
    func testMixAndReportGiveTheSameResultsFromParquetAndJSONLOfOneClassifyRun() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = ["samples/jsonl/dolma-style.jsonl", "samples/parquet/fineweb-style.parquet", "samples/code", "samples/wiki/simplewiki-sample-pages-articles.xml"]
            .map { packageRoot + "/" + $0 }
        for (name, extra) in [("jsonl", [String]()), ("parquet", ["--output-format", "parquet"])] {
            let (run, _) = try runProcess(priormixBinary, ["classify"] + inputs + extra + ["--quiet", "-o", directory + "/classified-" + name])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let annotated = ["jsonl": directory + "/classified-jsonl/annotated.jsonl.zst", "parquet": directory + "/classified-parquet/annotated.parquet"]
        XCTAssertTrue(AnnotatedRecords.isParquet(annotated["parquet"]!))
        XCTAssertFalse(AnnotatedRecords.isParquet(annotated["jsonl"]!))

        // Mix: given the file, and given the classify directory (found by its name).
        for (name, input) in [("jsonl", annotated["jsonl"]!), ("parquet", annotated["parquet"]!), ("parquet-directory", directory + "/classified-parquet")] {
            let (run, _) = try runProcess(priormixBinary, ["mix", "--recipe", packageRoot + "/taxonomy/recipes/mix6.yaml", "--tokens", "20000",
                                                           "--shard-tokens", "6000", "--validation-share", "0.1", "--allow-shortfall",
                                                           "--tokenizer", packageRoot + "/samples/tokenizer/tokenizer.json", "--quiet",
                                                           input, "-o", directory + "/mix-" + name])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let shardNames = try FileManager.default.contentsOfDirectory(atPath: directory + "/mix-jsonl").filter { $0 != "manifest.json" }.sorted()
        XCTAssertGreaterThan(shardNames.filter { $0.hasPrefix("train_") }.count, 1)
        XCTAssertTrue(shardNames.contains { $0.hasPrefix("val_") })
        let manifest = try Self.jsonObject(directory + "/mix-jsonl/manifest.json")
        XCTAssertGreaterThan((manifest["train"] as? [Any])?.count ?? 0, 0)
        for other in ["parquet", "parquet-directory"] {
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/mix-" + other).filter { $0 != "manifest.json" }.sorted(), shardNames)
            for shard in shardNames {
                XCTAssertEqual(FileManager.default.contents(atPath: directory + "/mix-" + other + "/" + shard),
                               FileManager.default.contents(atPath: directory + "/mix-jsonl/" + shard), "\(other): \(shard)")
            }
            // The manifest names and hashes its input file, which differs; everything else is equal.
            var mine = try Self.jsonObject(directory + "/mix-" + other + "/manifest.json")
            var theirs = manifest
            XCTAssertEqual(((mine["inputs"] as? [[String: Any]])?.first?["path"] as? String), annotated["parquet"])
            mine.removeValue(forKey: "inputs")
            theirs.removeValue(forKey: "inputs")
            XCTAssertEqual(mine as NSDictionary, theirs as NSDictionary, other)
        }

        var reports: [String: [String: Any]] = [:]
        // Report: given the files, and given the classify directory (found by its name).
        for (name, input, path) in [("jsonl", annotated["jsonl"]!, annotated["jsonl"]!), ("parquet", annotated["parquet"]!, annotated["parquet"]!),
                                    ("parquet-directory", directory + "/classified-parquet", annotated["parquet"]!)] {
            let (run, output) = try runProcess(priormixBinary, ["report", input, "--json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            var report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
            // The counts and the summary each name the input file; every figure must be equal.
            for part in ["counts", "summary"] {
                var section = try XCTUnwrap(report[part] as? [String: Any], part)
                XCTAssertEqual(section["inputs"] as? [String], [path])
                section.removeValue(forKey: "inputs")
                report[part] = section
            }
            reports[name] = report
        }
        XCTAssertEqual(reports["parquet"]! as NSDictionary, reports["jsonl"]! as NSDictionary)
        XCTAssertEqual(reports["parquet-directory"]! as NSDictionary, reports["jsonl"]! as NSDictionary)
        XCTAssertGreaterThan((reports["jsonl"]?["summary"] as? [String: Any])?["documents"] as? Int ?? 0, 20)
    }

    /// A Parquet file without the annotation column is refused by mix with the file named, as an
    /// unannotated JSONL file is.
    func testUnannotatedParquetIsRefusedByName() throws {
        let directory = try makeTemporaryDirectory(self)
        let parquet = packageRoot + "/samples/parquet/fineweb-style.parquet"
        let (mix, _) = try runProcess(priormixBinary, ["mix", "--recipe", packageRoot + "/taxonomy/recipes/mix6.yaml", "--tokens", "1000",
                                                       "--tokenizer", packageRoot + "/samples/tokenizer/tokenizer.json", "--quiet",
                                                       parquet, "-o", directory + "/mix"])
        XCTAssertEqual(mix.status, 1)
        XCTAssertTrue(mix.stderr.contains("fineweb-style.parquet") && mix.stderr.contains("not an annotated document"), mix.stderr)
        let (report, _) = try runProcess(priormixBinary, ["report", parquet, "--json"])
        XCTAssertEqual(report.status, 1)
        XCTAssertTrue(report.stderr.contains("fineweb-style.parquet") && report.stderr.contains("priormix"), report.stderr)
    }

    static func jsonObject(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }
}
