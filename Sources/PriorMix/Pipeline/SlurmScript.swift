/// Job scripts that run one PriorMix command across a cluster with Slurm: array steps run one
/// rank per task (PriorMix reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT itself), single
/// steps run once, and each step is submitted with `--dependency=afterok` on the one before.
///
/// ingest and classify: array run, then `--finalize` to assemble the ranks' parts.
/// mix: array `--stage tokenize`, `--stage plan`, array `--stage write`, `--stage manifest`.
/// dedup: array `--step signatures`, `--step merge`, array `--step remove`, then `--finalize`.
public struct SlurmScript {
    public struct Step {
        public var name: String
        public var extraArguments: [String]
        public var array: Bool
    }

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

    public static let supportedCommands = ["ingest", "classify", "mix", "dedup"]

    public var steps: [Step] {
        let world = ["--world-size", String(tasks)]
        if arguments.first == "mix" {
            return [Step(name: "tokenize", extraArguments: ["--stage", "tokenize"], array: true),
                    Step(name: "plan", extraArguments: ["--stage", "plan"] + world, array: false),
                    Step(name: "write", extraArguments: ["--stage", "write"], array: true),
                    Step(name: "manifest", extraArguments: ["--stage", "manifest"] + world, array: false)]
        }
        if arguments.first == "dedup" {
            return [Step(name: "signatures", extraArguments: ["--step", "signatures"], array: true),
                    Step(name: "merge", extraArguments: ["--step", "merge"], array: false),
                    Step(name: "remove", extraArguments: ["--step", "remove"], array: true),
                    Step(name: "finalize", extraArguments: ["--finalize"], array: false)]
        }
        return [Step(name: "run", extraArguments: [], array: true), Step(name: "finalize", extraArguments: ["--finalize"], array: false)]
    }

    /// Checks every value that goes into an `#SBATCH` line against the forms Slurm accepts: such a
    /// line is not quoted, so a newline or a shell character in a value could become a command in
    /// the job script (values come from users' command lines and wrappers).
    public func validate() throws {
        func check(_ value: String, _ option: String, _ pattern: String, _ accepted: String) throws {
            let matches = (try? Regex(pattern).wholeMatch(in: value)) != nil
            guard matches, value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw PriorMixError(.usage, "\(option) \(Self.shown(value)) is not a value Slurm accepts", hint: accepted)
            }
        }
        if let partition {
            try check(partition, "--partition", #"[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*"#,
                      "a partition name (letters, digits, `_`, `.`, `-`), or several separated by commas")
        }
        try check(memory, "--mem", #"[0-9]+[KMGTkmgt]?"#, "a size such as 8G, 500M or 16000 (megabytes)")
        try check(time, "--time", #"[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}|UNLIMITED|INFINITE|unlimited|infinite"#,
                  "minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS")
        try check(logDirectory, "--logs", #"[A-Za-z0-9_./%@+,=:~\-]+"#,
                  "a directory path of letters, digits and `_ . / % @ + , = : ~ -` (no spaces or shell characters)")
        guard cpusPerTask >= 1 else { throw PriorMixError(.usage, "--cpus-per-task must be at least 1") }
    }

    /// A value for an error message, quoted (see `PriorMixError.excerpt`).
    static func shown(_ value: String) -> String { "'" + PriorMixError.excerpt(value) + "'" }

    /// Quotes a word for bash so it reaches the program unchanged.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%".unicodeScalars.contains($0) }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The sbatch script of one step.
    public func script(_ step: Step) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(jobName)-\(step.name)"]
        if step.array { lines.append("#SBATCH --array=0-\(tasks - 1)") }
        lines += ["#SBATCH --ntasks=1", "#SBATCH --cpus-per-task=\(cpusPerTask)", "#SBATCH --mem=\(memory)", "#SBATCH --time=\(time)",
                  "#SBATCH --output=\(logDirectory)/%x-%A_%a.log"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        lines.append("set -euo pipefail")
        var command = ([executable] + arguments + step.extraArguments).map(Self.quote)
        if step.array {
            lines.append("# Rank and world size come from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT; reruns resume.")
            lines.append("export SLURM_ARRAY_TASK_COUNT=${SLURM_ARRAY_TASK_COUNT:-\(tasks)}")
            command += ["--threads", "\"${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}\""]
        }
        lines.append((command + ["--quiet"]).joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Submits every step, each after the previous one succeeded.
    public func submitScript(paths: [String]) -> String {
        var lines = ["#!/bin/bash", "set -euo pipefail", "previous=\"\""]
        for path in paths {
            lines.append("previous=$(sbatch --parsable ${previous:+--dependency=afterok:${previous%%;*}} \(Self.quote(path)))")
            lines.append("echo \"submitted \(path.split(separator: "/").last ?? "") as job ${previous%%;*}\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
