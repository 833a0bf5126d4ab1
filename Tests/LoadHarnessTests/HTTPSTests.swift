import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import HummingbirdTesting
import LoadHarness
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing

/// HTTPS targets: a Hummingbird (NIO) server with a certificate from an authority made in the
/// test, so the machine's trust store does not know it.
@Suite struct HTTPSTests {
    /// Runs an HTTPS server on a free loopback port, with `/ok`, `/secure/set` (a `Secure` session
    /// cookie) and `/secure/echo` (the Cookie header as JSON); `serverNames` collects the SNI name
    /// of each handshake (`nil`: none sent).
    static func withServer<Value: Sendable>(
        _ authority: TestCertificateAuthority, tls12Only: Bool = false, serverNames: ServerNames? = nil,
        _ test: @Sendable (Int) async throws -> Value
    ) async throws -> Value {
        let router = Router()
        router.get("ok") { _, _ in "ok" }
        router.get("secure/set") { _, _ -> Response in
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"signedIn":true}"#)))
            response.headers.append(HTTPField(name: .setCookie, value: "sid=s3; Path=/secure; Secure; HttpOnly"))
            return response
        }
        router.get("secure/echo") { request, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"cookie":"\#(request.headers[.cookie] ?? "")"}"#)))
        }
        var configuration = try authority.serverConfiguration()
        if tls12Only { configuration.maximumTLSVersion = .tlsv12 }
        if let serverNames {
            configuration.sslContextCallback = { values, promise in
                serverNames.names.withLock { $0.append(values.serverHostname) }
                promise.succeed(.noChanges)
            }
        }
        var logger = Logger(label: "https-test")
        logger.logLevel = .critical
        let app = Application(
            router: router, server: try .tls(tlsConfiguration: configuration),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in try await test(try #require(client.port)) }
    }

    @Test func verificationRefusesAnUnknownAuthorityUnlessGivenOrSkipped() async throws {
        let authority = try TestCertificateAuthority(withAddress: false)
        let caFile = try authority.writeCA()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        try await Self.withServer(authority) { port in
            let url = "https://localhost:\(port)"
            let refused = try await LoadClient(baseURL: url).makeConnection().send(LoadHarness.HTTPRequest(path: "/ok"))
            #expect(refused.status == 0)
            #expect(refused.error?.kind == .connect)
            #expect(refused.error?.message.uppercased().contains("CERTIFICATE") == true, "\(String(describing: refused.error))")

            let trusted = try await LoadClient(baseURL: url, tls: TLSOptions(caFile: caFile)).makeConnection().send(LoadHarness.HTTPRequest(path: "/ok"))
            #expect(trusted.status == 200)
            #expect(String(buffer: trusted.body) == "ok")

            let skipped = try await LoadClient(baseURL: url, tls: TLSOptions(insecureSkipVerify: true)).makeConnection()
                .send(LoadHarness.HTTPRequest(path: "/ok"))
            #expect(skipped.status == 200)

            // Trusting the authority does not trust a name its certificate does not carry (this
            // certificate names localhost, not 127.0.0.1).
            let wrongName = try await LoadClient(baseURL: "https://127.0.0.1:\(port)", tls: TLSOptions(caFile: caFile)).makeConnection()
                .send(LoadHarness.HTTPRequest(path: "/ok"))
            #expect(wrongName.status == 0)
            #expect(wrongName.error?.kind == .connect, "\(String(describing: wrongName.error))")
        }
    }

    @Test func keepAliveOverTLSHandshakesOnceAndSendsTheHostName() async throws {
        let authority = try TestCertificateAuthority()
        let caFile = try authority.writeCA()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        let names = ServerNames()
        for tls12Only in [false, true] {
            names.names.withLock { $0.removeAll() }
            try await Self.withServer(authority, tls12Only: tls12Only, serverNames: names) { port in
                let connection = try LoadClient(baseURL: "https://localhost:\(port)", tls: TLSOptions(caFile: caFile)).makeConnection()
                var handshakes: [Duration?] = []
                for _ in 0..<5 {
                    let result = await connection.send(LoadHarness.HTTPRequest(path: "/ok"))
                    #expect(result.status == 200)
                    handshakes.append(result.tlsHandshaking)
                }
                #expect((handshakes[0] ?? .zero) > .zero, "the first request carries the handshake")
                #expect(handshakes.dropFirst().allSatisfy { $0 == .zero }, "the others reuse the connection: \(handshakes)")
                // By address: no SNI (it carries names only), and the certificate's IP address is checked.
                let byAddress = try await LoadClient(baseURL: "https://127.0.0.1:\(port)", tls: TLSOptions(caFile: caFile))
                    .makeConnection().send(LoadHarness.HTTPRequest(path: "/ok"))
                #expect(byAddress.status == 200)
            }
            #expect(names.names.withLock { $0 } == ["localhost", nil], "one handshake per connection; SNI for the name only")
        }
    }

    /// A server that accepts the connection and never answers the ClientHello: the handshake
    /// gives up after the connect timeout instead of holding the VU forever.
    @Test func aHandshakeThatNeverCompletesTimesOut() async throws {
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = try #require(silent.localAddress?.port)
        let client = try LoadClient(baseURL: "https://localhost:\(port)", tls: TLSOptions(insecureSkipVerify: true))
        let connection = HTTPConnection(
            host: "127.0.0.1", port: port, eventLoop: client.eventLoopGroup.next(), connectTimeout: .milliseconds(300), tls: client.tls)
        let started = ContinuousClock.now
        let result = await connection.send(LoadHarness.HTTPRequest(path: "/ok"))
        #expect(result.status == 0)
        #expect(result.error?.kind == .connect, "\(String(describing: result.error))")
        #expect(result.error?.message.contains("no TLS handshake") == true, "\(String(describing: result.error))")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    /// A scenario over HTTPS: the CA from the scenario file, a `Secure` cookie carried to the next
    /// request, and `http_req_tls_handshaking` recorded for every request; without the CA, every
    /// request fails verification.
    @Test func aScenarioRunsOverHTTPS() async throws {
        let authority = try TestCertificateAuthority()
        let caFile = try authority.writeCA()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        @Sendable func scenario(tls: String) -> String {
            """
            name: https
            \(tls)
            executor: {type: per-vu-iterations, vus: 2, iterations: 3}
            steps:
              - {name: sign in, path: /secure/set}
              - name: account
                path: /secure/echo
                checks: {secure cookie sent: {json: cookie, equals: "sid=s3"}}
                think: 10ms
            thresholds:
              checks: ["rate==1"]
              http_req_failed: ["rate==0"]
            """
        }
        let (outcome, untrusted) = try await Self.withServer(authority) { port in
            var options = RunOptions()
            options.baseURL = "https://localhost:\(port)"
            options.progress = .none
            options.log = { _ in }
            let trusted = try await ScenarioRunner(
                scenario: try ScenarioLoader.parse(scenario(tls: "tlsCAFile: \(caFile)"), file: "https.yaml"), options: options
            ).run()
            let untrusted = try await ScenarioRunner(scenario: try ScenarioLoader.parse(scenario(tls: ""), file: "https.yaml"), options: options).run()
            return (trusted, untrusted)
        }
        #expect(!untrusted.passed, "without the authority every request fails verification")
        #expect(untrusted.metrics.rates[MetricKey("http_req_failed")]?.rate == 1)
        #expect(outcome.passed, "\(outcome.thresholds.map(\.passed)) \(outcome.errors.map(\.message))")
        let requests = outcome.metrics.counters[MetricKey("http_reqs")]?.count ?? 0
        let handshakes = try #require(outcome.metrics.trends[MetricKey("http_req_tls_handshaking")])
        #expect(requests >= 2, "at least one iteration")
        #expect(Double(handshakes.count) == requests, "one sample per request")
        #expect(handshakes.max > .zero)
    }
}

/// The SNI names a test server saw, one per handshake (`nil`: none sent).
final class ServerNames: Sendable {
    let names = Mutex<[String?]>([])
}
