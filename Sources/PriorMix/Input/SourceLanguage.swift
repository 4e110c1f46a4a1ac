import Foundation

/// The language of a file in a tree, from its extension (or well-known file name).
public enum SourceLanguage {
    static let byExtension: [String: String] = [
        "py": "python", "pyi": "python", "swift": "swift", "c": "c", "h": "c", "cc": "cpp", "cpp": "cpp",
        "cxx": "cpp", "hpp": "cpp", "hh": "cpp", "m": "objective-c", "mm": "objective-cpp", "js": "javascript",
        "mjs": "javascript", "cjs": "javascript", "jsx": "javascript", "ts": "typescript", "tsx": "typescript",
        "go": "go", "rs": "rust", "java": "java", "kt": "kotlin", "kts": "kotlin", "scala": "scala",
        "rb": "ruby", "php": "php", "pl": "perl", "pm": "perl", "lua": "lua", "r": "r", "jl": "julia",
        "hs": "haskell", "ml": "ocaml", "mli": "ocaml", "fs": "fsharp", "cs": "csharp", "dart": "dart",
        "ex": "elixir", "exs": "elixir", "erl": "erlang", "clj": "clojure", "lisp": "lisp", "el": "emacs-lisp",
        "scm": "scheme", "sh": "shell", "bash": "shell", "zsh": "shell", "fish": "shell", "ps1": "powershell",
        "sql": "sql", "html": "html", "htm": "html", "css": "css", "scss": "scss", "xml": "xml",
        "json": "json", "yaml": "yaml", "yml": "yaml", "toml": "toml", "ini": "ini", "cfg": "ini",
        "md": "markdown", "markdown": "markdown", "rst": "restructuredtext", "tex": "latex", "bib": "bibtex",
        "txt": "text", "text": "text", "csv": "csv", "tsv": "tsv", "f90": "fortran", "f": "fortran",
        "v": "verilog", "vhd": "vhdl", "asm": "assembly", "s": "assembly", "cmake": "cmake", "gradle": "gradle",
        "proto": "protobuf", "zig": "zig", "nim": "nim", "vue": "vue", "svelte": "svelte",
    ]
    static let byFileName: [String: String] = [
        "makefile": "makefile", "dockerfile": "dockerfile", "cmakelists.txt": "cmake", "gemfile": "ruby",
        "rakefile": "ruby", "license": "text", "readme": "text",
    ]

    public static func forFileName(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent.lowercased()
        if let language = byFileName[name] { return language }
        let ext = (name as NSString).pathExtension
        return byExtension[ext] ?? (ext.isEmpty ? "text" : "unknown")
    }
}
