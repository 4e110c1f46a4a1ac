#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What a path in a directory tree is, following symbolic links. Trees are read file by file, and
/// only regular files end: a FIFO blocks the reader forever, a device such as `/dev/urandom` never
/// runs dry, so those are named and set aside, never opened.
enum FileKind: Equatable {
    case regular
    case directory
    /// A FIFO, socket or device, with a description for the quarantine entry.
    case special(String)
    /// Gone, or a symbolic link to nothing: opening it reports why.
    case unknown

    static func of(_ path: String) -> FileKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .unknown }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .special("named pipe (FIFO)")
        case S_IFCHR: return .special("character device")
        case S_IFBLK: return .special("block device")
        case S_IFSOCK: return .special("socket")
        default: return .special("special file")
        }
    }
}
