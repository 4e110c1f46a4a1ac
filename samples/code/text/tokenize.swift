// A tiny lexer for arithmetic expressions, plus a recursive-descent
// evaluator. Grammar:
//
//   expr   := term (('+' | '-') term)*
//   term   := factor (('*' | '/') factor)*
//   factor := NUMBER | IDENT | '(' expr ')' | '-' factor
//

enum Token: Equatable {
    case number(Double)
    case identifier(String)
    case op(Character)
    case lparen, rparen
}

struct LexError: Error, CustomStringConvertible {
    let offset: Int
    let character: Character
    var description: String { "unexpected '\(character)' at offset \(offset)" }
}

func tokenize(_ source: String) throws -> [Token] {
    var tokens: [Token] = []
    let chars = Array(source)
    var i = 0
    while i < chars.count {
        let ch = chars[i]
        if ch.isWhitespace {
            i += 1
        } else if ch.isNumber || ch == "." {
            var j = i
            while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
            guard let value = Double(String(chars[i..<j])) else {
                throw LexError(offset: i, character: ch)
            }
            tokens.append(.number(value))
            i = j
        } else if ch.isLetter || ch == "_" {
            var j = i
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
            tokens.append(.identifier(String(chars[i..<j])))
            i = j
        } else if "+-*/".contains(ch) {
            tokens.append(.op(ch))
            i += 1
        } else if ch == "(" {
            tokens.append(.lparen); i += 1
        } else if ch == ")" {
            tokens.append(.rparen); i += 1
        } else {
            throw LexError(offset: i, character: ch)
        }
    }
    return tokens
}

struct Evaluator {
    private var tokens: [Token]
    private var pos = 0
    let variables: [String: Double]

    init(_ tokens: [Token], variables: [String: Double] = [:]) {
        self.tokens = tokens
        self.variables = variables
    }

    private var peek: Token? { pos < tokens.count ? tokens[pos] : nil }

    mutating func expression() -> Double {
        var value = term()
        while case .op(let o)? = peek, o == "+" || o == "-" {
            pos += 1
            value = o == "+" ? value + term() : value - term()
        }
        return value
    }

    private mutating func term() -> Double {
        var value = factor()
        while case .op(let o)? = peek, o == "*" || o == "/" {
            pos += 1
            value = o == "*" ? value * factor() : value / factor()
        }
        return value
    }

    private mutating func factor() -> Double {
        guard let tok = peek else { return .nan }
        pos += 1
        switch tok {
        case .number(let v): return v
        case .identifier(let name): return variables[name] ?? .nan
        case .op("-"): return -factor()
        case .lparen:
            let v = expression()
            if peek == .rparen { pos += 1 }
            return v
        default: return .nan
        }
    }
}

let source = "2 * (width + 3.5) - height / 4"
do {
    let tokens = try tokenize(source)
    print(tokens.count, "tokens")
    var ev = Evaluator(tokens, variables: ["width": 10, "height": 6])
    print(source, "=", ev.expression())
} catch {
    print("lex error:", error)
}
