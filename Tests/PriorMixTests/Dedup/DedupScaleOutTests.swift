import XCTest
@testable import PriorMix

/// Dedup across ranks as separate processes, after a kill, and as a Slurm job array: the
/// survivors must be byte for byte those of one single-threaded process.
final class DedupScaleOutTests: XCTestCase {
    private var binary: String { priormixBinary }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
    }

    /// Five JSONL files; every seventh document of the first reappears, lightly edited, in a later
    /// file, and every eleventh verbatim, so clusters span units and ranks.
    private var injected = 0

    private func corpus(in directory: String) throws -> [String] {
        injected = 0
        var lines: [[String]] = []
        for (index, size) in [400_000, 150_000, 500_000, 100_000, 250_000].enumerated() {
            var bytes: [UInt8] = []
            try SyntheticCorpus(seed: UInt64(index) + 100).generate(bytes: size) { bytes += $0 }
            lines.append(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
        }
        for (number, line) in lines[0].enumerated() {
            guard var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], var text = object["text"] as? String else { continue }
            if number % 11 == 0 {
                object["id"] = "copy-\(number)"
            } else if number % 7 == 0 {
                object["id"] = "edit-\(number)"
                text += " An added closing sentence about the harbour."
            } else { continue }
            object["text"] = text
            injected += 1
            lines[1 + number % 4].append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        return try lines.enumerated().map { index, fileLines in
            let path = directory + "/part-\(index).jsonl.zst"
            try write(try zstd(Array((fileLines.joined(separator: "\n") + "\n").utf8)), to: path)
            return path
        }
    }

    private func run(_ arguments: [String]) throws -> ProcessResult {
        let result = try ProcessRunner.run(binary, arguments, output: .discard)
        return ProcessResult(status: result.status, stdout: "", stderr: result.errorText)
    }

    private func outputs(_ directory: String) throws -> [Data] {
        try ["documents.jsonl.zst", "removed/removed.jsonl.zst"].map { try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0)) }
    }

    func testRanksAndThreadsGiveTheSurvivorsOfOneProcess() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = try corpus(in: directory)
        let reference = directory + "/single"
        let single = try run(["dedup"] + inputs + ["-o", reference, "--quiet", "--threads", "1"])
        XCTAssertEqual(single.status, 0, single.stderr)
        let expected = try outputs(reference)
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: reference + "/summary.json")))
        XCTAssertGreaterThan(injected, 10)
        XCTAssertGreaterThanOrEqual(summary.dedup?.totals.duplicates ?? 0, injected, "the injected copies are found")
        for world in [2, 3] {
            let output = directory + "/ranks-\(world)"
            for step in ["signatures", "merge", "remove"] {
                for rank in step == "merge" ? [0] : Array(0..<world) {
                    let result = try run(["dedup"] + inputs + ["-o", output, "--quiet", "--step", step, "--rank", "\(rank)", "--world-size", "\(world)"])
                    XCTAssertEqual(result.status, 0, "\(step) rank \(rank): \(result.stderr)")
                }
            }
            XCTAssertEqual(try run(["dedup"] + inputs + ["-o", output, "--quiet", "--finalize"]).status, 0)
            XCTAssertEqual(try outputs(output), expected, "\(world) ranks")
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/.dedup"))
        }
        let early = try run(["dedup"] + inputs + ["-o", directory + "/early", "--quiet", "--step", "merge"])
        XCTAssertEqual(early.status, 2, "merging before the signatures is a usage error")
        XCTAssertTrue(early.stderr.contains("no signatures yet"), early.stderr)
    }

    func testKilledRunResumesToTheSameSurvivors() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = try corpus(in: directory)
        let reference = directory + "/reference"
        XCTAssertEqual(try run(["dedup"] + inputs + ["-o", reference, "--quiet"]).status, 0)
        let expected = try outputs(reference)
        for delay in [0.2, 0.8] {
            let output = directory + "/killed-\(delay)"
            try runAndKill(binary, ["dedup"] + inputs + ["-o", output, "--quiet", "--threads", "1"], after: delay)
            if !FileManager.default.fileExists(atPath: output + "/summary.json") {
                XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/documents.jsonl.zst"), "nothing looks complete")
            }
            let resumed = try run(["dedup"] + inputs + ["-o", output, "--quiet", "--overwrite"])
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
            XCTAssertEqual(try outputs(output), expected, "killed after \(delay) s")
        }
    }

    func testSlurmJobsForDedupMatchOneProcess() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = try corpus(in: directory)
        let output = directory + "/out"
        let scripts = directory + "/jobs"
        let generate = try run(["slurm", "--array", "2", "--scripts", scripts, "--logs", directory + "/logs", "--", "dedup"] + inputs + ["-o", output, "--mode", "exact"])
        XCTAssertEqual(generate.status, 0, generate.stderr)
        let steps = ["dedup-1-signatures", "dedup-2-merge", "dedup-3-remove", "dedup-4-finalize"]
        for (index, step) in steps.enumerated() {
            let path = scripts + "/\(step).sbatch"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(text.contains("#SBATCH --array=0-1"), index == 0 || index == 2, step)
            for task in index == 0 || index == 2 ? [0, 1] : [0] {
                let (result, _) = try runProcess("/usr/bin/env", ["SLURM_ARRAY_TASK_ID=\(task)", "SLURM_ARRAY_TASK_COUNT=2", "SLURM_CPUS_PER_TASK=1", "/bin/bash", path])
                XCTAssertEqual(result.status, 0, "\(step) task \(task): \(result.stderr)")
            }
        }
        let single = directory + "/single"
        XCTAssertEqual(try run(["dedup"] + inputs + ["-o", single, "--quiet", "--mode", "exact"]).status, 0)
        XCTAssertEqual(try outputs(output), try outputs(single))
    }
}
