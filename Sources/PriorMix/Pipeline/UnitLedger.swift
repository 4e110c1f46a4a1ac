import Foundation

/// The parts directory of a resumable run cut into units of work: `run.json`, a fingerprint of
/// everything that decides the output, and per unit its part files and a done mark written last
/// (atomically). A rank works through the units it owns, skipping those already marked, so a run
/// killed at any moment resumes where it stopped; assembling the whole needs every unit's mark.
/// Units do not depend on the rank count, so the parts of one world size serve another.
struct UnitLedger<Fingerprint: Codable & Equatable, Mark: Codable> {
    /// The parts directory.
    let directory: String

    /// The path of one of a unit's part files: `unit-000042` + `suffix`.
    func path(_ unit: Int, _ suffix: String) -> String {
        directory + "/" + String(format: "unit-%06d", unit) + suffix
    }

    /// Creates the directory and records `fingerprint`, or checks it against the one an earlier
    /// run recorded: parts of a different run must never be mixed into this one.
    func claim(_ fingerprint: Fingerprint) throws {
        try OutputDirectory.create(directory)
        let path = directory + "/run.json"
        if FileManager.default.fileExists(atPath: path) {
            guard DoneMark.load(Fingerprint.self, at: path) == fingerprint else {
                throw PriorMixError(.usage, "the output directory holds unfinished parts of a different run", file: directory,
                                    hint: "remove that parts directory, or write to another -o")
            }
            return
        }
        try DoneMark.write(fingerprint, to: path)
    }

    var isClaimed: Bool { FileManager.default.fileExists(atPath: directory + "/run.json") }

    func mark(of unit: Int) -> Mark? {
        DoneMark.load(Mark.self, at: path(unit, ".done.json"))
    }

    /// Marks `unit` finished; call after its part files are committed.
    func finish(_ unit: Int, mark: Mark) throws {
        try DoneMark.write(mark, to: path(unit, ".done.json"))
    }

    /// The marks of `units`, doing `work` for each unit not yet finished (in the order given).
    /// `work` also gets the bytes of the units before it (finished ones included), for progress.
    func complete(_ units: [Int], bytes: (Int) -> Int, work: (_ unit: Int, _ bytesBefore: Int) throws -> Mark) throws -> [Mark] {
        var bytesBefore = 0
        return try units.map { unit in
            defer { bytesBefore += bytes(unit) }
            if let done = mark(of: unit) { return done }
            let mark = try work(unit, bytesBefore)
            try finish(unit, mark: mark)
            return mark
        }
    }

    /// The marks of every unit of the run, or an error naming how many, and which first, are missing.
    func marks(of units: [Int], hint: String) throws -> [Mark] {
        var marks: [Mark] = []
        var missing: [Int] = []
        for unit in units {
            if let done = mark(of: unit) { marks.append(done) } else { missing.append(unit) }
        }
        guard missing.isEmpty else {
            throw PriorMixError(.usage, "\(missing.count) of \(units.count) input units are not finished (first: unit \(missing[0]))",
                                file: directory, hint: hint)
        }
        return marks
    }
}
