/// Job scripts that run one PriorMix command as a Slurm job array: every array task is one rank
/// (PriorMix reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT itself), and a second job,
/// submitted with `--dependency=afterok` on the array, assembles the ranks' parts.
public struct SlurmScript {
    public var arguments: [String]
    public var tasks: Int
    public var executable: String
    public var jobName: String
    public var cpusPerTask = 2
    public var memory = "8G"
    public var time = "12:00:00"
    public var partition: String?
    public var logDirectory: String

    public init(arguments: [String], tasks: Int, executable: String, logDirectory: String) {
        self.arguments = arguments
        self.tasks = tasks
        self.executable = executable
        self.logDirectory = logDirectory
        jobName = "priormix-" + (arguments.first ?? "job")
    }

    /// Quotes a word for bash so it reaches the program unchanged.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%".unicodeScalars.contains($0) }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private func header(name: String, array: Bool) -> [String] {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(name)"]
        if array { lines.append("#SBATCH --array=0-\(tasks - 1)") }
        lines += ["#SBATCH --ntasks=1", "#SBATCH --cpus-per-task=\(cpusPerTask)", "#SBATCH --mem=\(memory)", "#SBATCH --time=\(time)",
                  "#SBATCH --output=\(logDirectory)/%x-%A_%a.log"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        return lines
    }

    /// The array job: each task runs the command as its rank (resumable: a rerun skips finished units).
    public var arrayScript: String {
        (header(name: jobName, array: true) + [
            "set -euo pipefail",
            "# Rank and world size come from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT.",
            "export SLURM_ARRAY_TASK_COUNT=${SLURM_ARRAY_TASK_COUNT:-\(tasks)}",
            ([executable] + arguments + ["--threads", "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}", "--quiet"]).map { $0.hasPrefix("${") ? "\"\($0)\"" : Self.quote($0) }.joined(separator: " "),
            "",
        ]).joined(separator: "\n")
    }

    /// The job that runs after every array task succeeded: assembles outputs from all ranks.
    public var finalizeScript: String {
        (header(name: jobName + "-finalize", array: false) + [
            "set -euo pipefail",
            ([executable] + arguments + ["--finalize", "--quiet"]).map(Self.quote).joined(separator: " "),
            "",
        ]).joined(separator: "\n")
    }

    /// Submits both with sbatch, the second depending on the first.
    public func submitScript(arrayPath: String, finalizePath: String) -> String {
        ["#!/bin/bash", "set -euo pipefail",
         "array_job=$(sbatch --parsable \(Self.quote(arrayPath)))",
         "sbatch --dependency=afterok:${array_job%%;*} \(Self.quote(finalizePath))",
         ""].joined(separator: "\n")
    }
}
