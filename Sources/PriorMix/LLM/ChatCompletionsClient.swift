import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal client for an OpenAI-compatible `POST {endpoint}/chat/completions` (vLLM, llama.cpp's
/// server, Ollama, text-generation-inference, hosted APIs). It sends one system and one user
/// message at temperature 0 and returns the first choice's message content.
///
/// Rate limits (429), server errors (5xx), 408 and network timeouts or dropped connections are
/// retried with exponential backoff (honouring a numeric `Retry-After`), at most `maxAttempts`
/// times in all; any other failure is reported at once.
public struct ChatCompletionsClient: Sendable {
    public var endpoint: URL
    public var model: String
    /// Sent as `Authorization: Bearer …` when set.
    public var apiKey: String?
    public var maxAttempts: Int
    public var initialBackoff: Double
    public var maxBackoff: Double
    /// Seconds one request may take.
    public var timeout: Double

    public init(endpoint: URL, model: String, apiKey: String? = nil, maxAttempts: Int = 5,
                initialBackoff: Double = 1, maxBackoff: Double = 30, timeout: Double = 120) {
        self.endpoint = endpoint
        self.model = model
        self.apiKey = apiKey
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.timeout = timeout
    }

    /// A warning when the key would travel unencrypted to another machine (plain http to a host
    /// that is not loopback); nil otherwise.
    public var apiKeyWarning: String? {
        guard apiKey != nil, endpoint.scheme?.lowercased() == "http", let host = endpoint.host, !Self.isLoopback(host) else { return nil }
        return "the API key (OPENAI_API_KEY) is sent unencrypted over http to \(host); use https, or a server on this machine"
    }

    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return name == "localhost" || name.hasSuffix(".localhost") || name == "::1" || name.hasPrefix("127.")
    }

    /// `endpoint` with `/chat/completions` appended (a trailing slash is tolerated).
    public var completionsURL: URL {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/chat/completions")!
    }

    /// The assistant's answer to `user` under `system`.
    public func complete(system: String, user: String) throws -> String {
        let body = requestBody(system: system, user: user)
        var lastProblem = ""
        for attempt in 1...maxAttempts {
            let outcome = send(body)
            switch outcome {
            case .success(let content):
                return content
            case .failure(let error):
                throw error
            case .retry(let problem, let retryAfter):
                lastProblem = problem
                guard attempt < maxAttempts else { break }
                let backoff = min(maxBackoff, initialBackoff * pow(2, Double(attempt - 1)))
                Thread.sleep(forTimeInterval: min(maxBackoff, retryAfter ?? backoff))
            }
        }
        throw PriorMixError(.io, "LLM request to \(completionsURL.absoluteString) failed after \(maxAttempts) attempt\(maxAttempts == 1 ? "" : "s"): \(lastProblem)",
                            hint: "check that the server is running and serves model `\(model)`")
    }

    func requestBody(system: String, user: String) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: system.utf8.count + user.utf8.count + 256)
        json.beginObject()
        json.member("model", string: model)
        json.member("temperature", integer: 0)
        json.key("messages")
        json.beginArray()
        for (role, content) in [("system", system), ("user", user)] {
            json.beginObject()
            json.member("role", string: role)
            json.member("content", string: content)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    private enum Outcome {
        case success(String)
        case failure(PriorMixError)
        case retry(String, retryAfter: Double?)
    }

    /// Follows redirects, but a redirect to another origin (scheme, host or port) loses the
    /// Authorization header: the key is for the endpoint the user named, not wherever it points.
    private final class RedirectGuard: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            var next = request
            if let from = task.originalRequest?.url, let to = request.url, !RedirectGuard.sameOrigin(from, to) {
                next.setValue(nil, forHTTPHeaderField: "Authorization")
            }
            completionHandler(next)
        }

        static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
            func port(_ url: URL) -> Int? { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil) }
            return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && port(a) == port(b)
        }
    }

    /// Carries a response from URLSession's queue back to the waiting thread.
    private final class ResponseBox: @unchecked Sendable {
        var data: Data?
        var response: URLResponse?
        var error: Error?
    }

    private func send(_ body: [UInt8]) -> Outcome {
        var request = URLRequest(url: completionsURL, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(body)

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration, delegate: RedirectGuard(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            box.data = data
            box.response = response
            box.error = error
            done.signal()
        }.resume()
        done.wait()

        if let error = box.error {
            let code = (error as? URLError)?.code
            let retryable: Set<URLError.Code> = [.timedOut, .networkConnectionLost, .cannotConnectToHost, .notConnectedToInternet,
                                                 .cannotFindHost, .dnsLookupFailed]
            if let code, retryable.contains(code) { return .retry("network error: \(error.localizedDescription)", retryAfter: nil) }
            return .failure(PriorMixError(.io, "LLM request to \(completionsURL.absoluteString) failed: \(error.localizedDescription)"))
        }
        guard let http = box.response as? HTTPURLResponse else {
            return .failure(PriorMixError(.io, "LLM server at \(completionsURL.absoluteString) sent no HTTP response"))
        }
        let data = box.data ?? Data()
        let excerpt = String(decoding: data.prefix(300), as: UTF8.self)
        switch http.statusCode {
        case 200..<300:
            return parse(data)
        case 408, 429, 500..<600:
            let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
            return .retry("HTTP \(http.statusCode): \(excerpt)", retryAfter: retryAfter)
        default:
            return .failure(PriorMixError(.io, "LLM server answered HTTP \(http.statusCode): \(excerpt)",
                                          hint: http.statusCode == 404 ? "the endpoint should be the API base, e.g. http://127.0.0.1:8000/v1" : nil))
        }
    }

    private func parse(_ data: Data) -> Outcome {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]], let first = choices.first,
              let message = first["message"] as? [String: Any], let content = message["content"] as? String else {
            return .failure(PriorMixError(.malformedInput, "LLM server response is not a chat completion: \(String(decoding: data.prefix(300), as: UTF8.self))",
                                          hint: "the server must implement the OpenAI chat-completions response format"))
        }
        return .success(content)
    }
}
