import XCTest
@testable import PriorMix

/// Ranks as separate processes (Slurm is not needed: ranks are flags or environment variables)
/// must together produce exactly what one process produces, and a killed run must resume to it.
final class ScaleOutTests: XCTestCase {
    private var binary: String { priormixBinary }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
    }

    /// Several JSONL files of different sizes plus a tree, so ranks get uneven but balanced shares.
    private func corpus(in directory: String) throws -> [String] {
        var paths: [String] = []
        for (index, size) in [900_000, 300_000, 1_200_000, 150_000, 600_000].enumerated() {
            let path = directory + "/part-\(index).jsonl.zst"
            let file = try AtomicOutputFile(path: path, compressed: true)
            try SyntheticCorpus(seed: UInt64(index)).generate(bytes: size) { try file.write($0) }
            try file.commit()
            paths.append(path)
        }
        return paths + [packageRoot + "/samples/code", packageRoot + "/samples/html"]
    }

    private func run(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        let result = try ProcessRunner.run(binary, arguments, environment: environment ?? [:], output: .discard)
        return ProcessResult(status: result.status, stdout: "", stderr: result.errorText)
    }

    func testOneTwoAndFourRanksEqualOneProcess() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = try corpus(in: directory)
        for command in ["ingest", "classify"] {
            let reference = directory + "/\(command)-single"
            XCTAssertEqual(try run([command] + inputs + ["-o", reference, "--quiet"]).status, 0)
            let name = command == "ingest" ? "documents.jsonl.zst" : "annotated.jsonl.zst"
            let expected = try Data(contentsOf: URL(fileURLWithPath: reference + "/" + name))
            for world in [1, 2, 4] {
                let output = directory + "/\(command)-\(world)"
                for rank in 0..<world {
                    // Rank from Slurm's job-array variables for half of them, from flags for the rest.
                    let result = rank % 2 == 0
                        ? try run([command] + inputs + ["-o", output, "--quiet"], environment: ["SLURM_ARRAY_TASK_ID": String(rank), "SLURM_ARRAY_TASK_COUNT": String(world)])
                        : try run([command] + inputs + ["-o", output, "--quiet", "--rank", String(rank), "--world-size", String(world)])
                    XCTAssertEqual(result.status, 0, result.stderr)
                }
                if world > 1 {
                    XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/" + name), "no rank assembles on its own")
                    let finalize = try run([command] + inputs + ["-o", output, "--quiet", "--finalize"])
                    XCTAssertEqual(finalize.status, 0, finalize.stderr)
                }
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output + "/" + name)), expected, "\(command) with \(world) ranks")
                let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/summary.json"))) as? [String: Any])
                let reference = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/\(command)-single/summary.json"))) as? [String: Any])
                XCTAssertEqual(summary["totals"] as? NSDictionary, reference["totals"] as? NSDictionary)
                XCTAssertEqual(summary["categories"] as? NSDictionary, reference["categories"] as? NSDictionary)
            }
        }
    }

    func testRankSharesAreBalancedByBytes() throws {
        let directory = try makeTemporaryDirectory(self)
        let plan = try InputPlan.make(inputs: try corpus(in: directory))
        let shares = (0..<2).map { plan.units(rank: $0, worldSize: 2) }
        XCTAssertEqual(Set(shares.flatMap { $0.map(\.index) }), Set(plan.units.map(\.index)), "every unit has one owner")
        let bytes = shares.map { $0.reduce(0) { $0 + $1.bytes } }
        XCTAssertLessThan(abs(bytes[0] - bytes[1]), plan.units.map(\.bytes).max()!, "within one unit of each other")
        XCTAssertThrowsError(try RankSelection.resolve(rank: 4, worldSize: 4))
        XCTAssertEqual(try RankSelection.resolve(rank: nil, worldSize: nil, environment: ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "10"]),
                       RankSelection(rank: 6, worldSize: 10))
        XCTAssertEqual(try RankSelection.resolve(rank: nil, worldSize: nil, environment: ["SLURM_PROCID": "2", "SLURM_NTASKS": "3"]), RankSelection(rank: 2, worldSize: 3))
    }

    func testKilledRunResumesToTheSameOutput() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = try corpus(in: directory)
        let reference = directory + "/reference"
        XCTAssertEqual(try run(["classify"] + inputs + ["-o", reference, "--quiet", "--threads", "1"]).status, 0)
        let expected = try Data(contentsOf: URL(fileURLWithPath: reference + "/annotated.jsonl.zst"))

        // Kill at several moments: after the first finished unit, and mid-way through later ones.
        for delay in [0.3, 0.9, 1.6] {
            let output = directory + "/killed-\(delay)"
            try runAndKill(binary, ["classify"] + inputs + ["-o", output, "--quiet", "--threads", "1"], after: delay)
            if !FileManager.default.fileExists(atPath: output + "/summary.json") {
                XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/annotated.jsonl.zst"), "nothing looks complete")
            }
            // --overwrite: the kill may have come after the run finished.
            let resumed = try run(["classify"] + inputs + ["-o", output, "--quiet", "--overwrite"])
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output + "/annotated.jsonl.zst")), expected, "killed after \(delay) s")
        }
    }

    func testPartsOfADifferentRunAreNotMixedIn() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = try corpus(in: directory)
        let output = directory + "/out"
        XCTAssertEqual(try run(["ingest"] + inputs + ["-o", output, "--quiet", "--rank", "0", "--world-size", "2"]).status, 0)
        let other = try run(["ingest", inputs[0], "-o", output, "--quiet", "--rank", "1", "--world-size", "2"])
        XCTAssertEqual(other.status, 2)
        XCTAssertTrue(other.stderr.contains("parts of a different run"), other.stderr)
        let early = try run(["ingest"] + inputs + ["-o", output, "--quiet", "--finalize"])
        XCTAssertEqual(early.status, 2)
        XCTAssertTrue(early.stderr.contains("are not finished"), early.stderr)
    }
}

extension ScaleOutTests {
    /// The generated scripts are run the way Slurm would (bash, with the array variables set per task).
    func testSlurmScriptsRunAsAJobArrayAndMatchOneProcess() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = [packageRoot + "/samples/jsonl/dolma-style.jsonl", packageRoot + "/samples/code", packageRoot + "/samples/wiki/simplewiki-sample-pages-articles.xml"]
        let output = directory + "/with spaces/out"
        let scripts = directory + "/jobs"
        let generate = try run(["slurm", "--array", "3", "--scripts", scripts, "--logs", directory + "/logs", "--partition", "cpu", "--",
                                "classify"] + inputs + ["-o", output])
        XCTAssertEqual(generate.status, 0, generate.stderr)
        for name in ["classify-1-run.sbatch", "classify-2-finalize.sbatch", "submit-classify.sh"] {
            let text = try String(contentsOfFile: scripts + "/" + name, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("#!/bin/bash\n"))
            XCTAssertEqual(try runProcess("/bin/bash", ["-n", scripts + "/" + name]).0.status, 0, "\(name) parses")
            // sbatch reads #SBATCH lines only before the first command.
            let lines = text.split(separator: "\n").dropFirst()
            if name.hasSuffix(".sbatch") {
                let firstCommand = lines.firstIndex { !$0.hasPrefix("#") } ?? lines.endIndex
                XCTAssertTrue(lines[..<firstCommand].allSatisfy { $0.hasPrefix("#SBATCH ") }, name)
                XCTAssertFalse(lines[firstCommand...].contains { $0.hasPrefix("#SBATCH") }, name)
            }
        }
        XCTAssertTrue(try String(contentsOfFile: scripts + "/classify-1-run.sbatch", encoding: .utf8).contains("#SBATCH --array=0-2"))
        for task in 0..<3 {
            let (result, _) = try runProcess("/usr/bin/env", ["SLURM_ARRAY_TASK_ID=\(task)", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_CPUS_PER_TASK=1",
                                                              "/bin/bash", scripts + "/classify-1-run.sbatch"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        XCTAssertEqual(try runProcess("/bin/bash", [scripts + "/classify-2-finalize.sbatch"]).0.status, 0)
        let single = directory + "/single"
        XCTAssertEqual(try run(["classify"] + inputs + ["-o", single, "--quiet"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output + "/annotated.jsonl.zst")),
                       try Data(contentsOf: URL(fileURLWithPath: single + "/annotated.jsonl.zst")))
    }
}

extension ScaleOutTests {
    /// Documents of a Megatron shard set as token sequences (EOT included), from the .idx files.
    private func megatronDocuments(_ directory: String, prefix: String) throws -> [[UInt16]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(prefix) && $0.hasSuffix(".idx") }.sorted()
        var documents: [[UInt16]] = []
        for name in names {
            let index = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            let tokens = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name.dropLast(4) + ".bin"))
            let count = Int(index.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 18, as: UInt64.self) })
            var offset = 0
            for sequence in 0..<count {
                let length = Int(index.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 34 + 4 * sequence, as: Int32.self) })
                documents.append((0..<length).map { position in tokens.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: (offset + position) * 2, as: UInt16.self) } })
                offset += length
            }
        }
        return documents
    }

    func testMixAcrossRanksTakesExactlyTheDocumentsOfOneProcess() throws {
        let directory = try makeTemporaryDirectory(self)
        var inputs: [String] = []
        for part in 0..<4 {
            let path = directory + "/annotated-\(part).jsonl.zst"
            try MixtureTests.writeCorpus(to: path, documents: 300 + part * 150, seed: UInt64(part + 1))
            inputs.append(path)
        }
        let common = ["--recipe", packageRoot + "/taxonomy/recipes/mix6.yaml", "--tokens", "300000", "--shard-tokens", "60000",
                      "--validation-share", "0.02", "--tokenizer", packageRoot + "/samples/tokenizer/tokenizer.json"]
        let single = directory + "/single"
        let one = try run(["mix"] + inputs + common + ["-o", single, "--quiet"])
        XCTAssertEqual(one.status, 0, one.stderr)

        // The same command as a 3-task Slurm array, stage by stage.
        let output = directory + "/ranks"
        let scripts = directory + "/jobs"
        XCTAssertEqual(try run(["slurm", "--array", "3", "--scripts", scripts, "--logs", directory + "/logs", "--", "mix"] + inputs + common + ["-o", output]).status, 0)
        for (step, array) in [("1-tokenize", true), ("2-plan", false), ("3-write", true), ("4-manifest", false)] {
            for task in 0..<(array ? 3 : 1) {
                let environment = array ? ["SLURM_ARRAY_TASK_ID=\(task)", "SLURM_ARRAY_TASK_COUNT=3"] : []
                let (result, _) = try runProcess("/usr/bin/env", environment + ["/bin/bash", scripts + "/mix-\(step).sbatch"])
                XCTAssertEqual(result.status, 0, "\(step) task \(task): \(result.stderr)")
            }
        }
        let reference = try MixtureManifest.load(path: single + "/manifest.json")
        let ranked = try MixtureManifest.load(path: output + "/manifest.json")
        XCTAssertEqual(ranked.achieved.buckets.map(\.tokens), reference.achieved.buckets.map(\.tokens), "same tokens per bucket")
        XCTAssertEqual(ranked.achieved.tokensByCategory, reference.achieved.tokensByCategory)
        XCTAssertTrue(ranked.train.allSatisfy { $0.files[0].hasPrefix("train_r") }, "rank shards are named by rank")
        // The same documents, the same number of times: only their order across shards differs.
        let sortedSingle = try megatronDocuments(single, prefix: "train_").map { $0.map(String.init).joined(separator: ",") }.sorted()
        let sortedRanks = try megatronDocuments(output, prefix: "train_").map { $0.map(String.init).joined(separator: ",") }.sorted()
        XCTAssertEqual(sortedSingle, sortedRanks)
        let validationSingle = try megatronDocuments(single, prefix: "val_").map { $0.map(String.init).joined(separator: ",") }.sorted()
        let validationRanks = try megatronDocuments(output, prefix: "val_").map { $0.map(String.init).joined(separator: ",") }.sorted()
        XCTAssertEqual(validationSingle, validationRanks)
        XCTAssertFalse(validationSingle.isEmpty)
    }
}

extension ScaleOutTests {
    func testReportRanksMergeIntoTheWholeReport() throws {
        let directory = try makeTemporaryDirectory(self)
        var inputs: [String] = []
        for part in 0..<5 {
            let path = directory + "/annotated-\(part).jsonl.zst"
            try MixtureTests.writeCorpus(to: path, documents: 100 + part * 40, seed: UInt64(part + 7))
            inputs.append(path)
        }
        XCTAssertEqual(try run(["report"] + inputs + ["--json", "-o", directory + "/whole.json", "--quiet"]).status, 0)
        for rank in 0..<3 {
            let result = try run(["report"] + inputs + ["--json", "-o", directory + "/rank-\(rank).json", "--quiet"],
                                 environment: ["SLURM_ARRAY_TASK_ID": String(rank), "SLURM_ARRAY_TASK_COUNT": "3"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        XCTAssertEqual(try run(["report", "--merge"] + (0..<3).map { directory + "/rank-\($0).json" } + ["--json", "-o", directory + "/merged.json", "--quiet"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory + "/merged.json")), try Data(contentsOf: URL(fileURLWithPath: directory + "/whole.json")))
    }
}
