import ArgumentParser
import Foundation
import PriorMix

/// `priormix slurm COMMAND ... --array N`
///
/// ```
/// $ priormix slurm --array 100 --scripts jobs/ -- classify /data/crawl -o /data/classified
/// wrote jobs/classify.sbatch (array of 100), jobs/classify-finalize.sbatch, jobs/submit-classify.sh
/// ```
struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write (or submit) a Slurm job array that runs a PriorMix command across many nodes.",
        discussion: """
            Each array task runs the command as one rank (balanced share of the input files by bytes); \
            dependent jobs (--dependency=afterok) assemble the outputs: --finalize for ingest and \
            classify; plan, write and manifest stages for mix; merge, remove (array) and finalize for dedup. \
            Reruns resume. Commands: ingest, classify, mix, dedup.
            """
    )

    @Option(help: "Number of array tasks (ranks).") var array: Int
    @Option(help: "Directory for the job scripts (printed to standard output when absent).") var scripts: String?
    @Option(help: "Directory for the job logs.") var logs = "logs"
    @Option(help: "CPUs per task.") var cpusPerTask = 2
    @Option(help: "Memory per task.") var mem = "8G"
    @Option(help: "Time limit per task.") var time = "12:00:00"
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Path of the priormix executable on the cluster.")
    var executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "priormix").standardizedFileURL.path
    @Flag(help: "Submit with sbatch right away (needs --scripts).") var submit = false
    @Argument(parsing: .captureForPassthrough, help: "The PriorMix command to run, with its arguments.") var command: [String]

    func validate() throws {
        guard array >= 1 else { throw ValidationError("--array must be at least 1") }
        let arguments = command.first == "--" ? Array(command.dropFirst()) : command
        guard let verb = arguments.first, SlurmScript.supportedCommands.contains(verb) else {
            throw ValidationError("the command must be one of \(SlurmScript.supportedCommands.joined(separator: ", ")) (got \(arguments.first ?? "nothing"))")
        }
        if arguments.contains(where: { ["--rank", "--world-size", "--finalize", "--stage", "--step"].contains($0) }) {
            throw ValidationError("leave --rank, --world-size, --finalize, --stage and --step to the job scripts")
        }
        if submit && scripts == nil { throw ValidationError("--submit needs --scripts DIR to write the job scripts to") }
    }

    /// The job scripts' settings, each value checked against the forms Slurm accepts.
    private func makeScript(_ arguments: [String]) throws -> SlurmScript {
        var script = SlurmScript(arguments: arguments, tasks: array, executable: executable, logDirectory: logs)
        script.cpusPerTask = cpusPerTask
        script.memory = mem
        script.time = time
        script.partition = partition
        try script.validate()
        return script
    }

    func run() throws {
        let arguments = command.first == "--" ? Array(command.dropFirst()) : command
        let script = try makeScript(arguments)
        guard let scripts else {
            for (index, step) in script.steps.enumerated() {
                if index > 0 { print("# --- then, with --dependency=afterok on the job above ---") }
                print(script.script(step))
            }
            return
        }
        try FileManager.default.createDirectory(atPath: scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let verb = arguments[0]
        var paths: [String] = []
        for (index, step) in script.steps.enumerated() {
            let path = scripts + String(format: "/%@-%d-%@.sbatch", verb, index + 1, step.name)
            try AtomicOutputFile.write(Array(script.script(step).utf8), to: path)
            paths.append(path)
        }
        let submitPath = scripts + "/submit-\(verb).sh"
        try AtomicOutputFile.write(Array(script.submitScript(paths: paths).utf8), to: submitPath)
        chmod(submitPath, 0o755)
        print("wrote \(paths.joined(separator: ", ")) and \(submitPath) (array of \(array))")
        if submit {
            let result = try ProcessRunner.run("/bin/bash", [submitPath], output: .inherit, errorOutput: .inherit)
            if result.status != 0 { throw ExitCode.failure }
        }
    }
}
