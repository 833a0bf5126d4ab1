import ConnectCore
import Foundation
import Testing
import Yams

/// The deployment files, checked without a Docker engine (none runs on these machines):
/// docker-compose.yml parsed as YAML (anchors and merge keys resolved as Compose does), the
/// Dockerfile and deploy/nginx.conf read as text, and both held against what the executables
/// really read (the configuration variables, the data folders).
@Suite struct ComposeFileTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    /// Every variable a deployment may set: the server's table, and what the command line reads
    /// itself (log format, the migration and seed folders).
    static let knownVariables = Set(ConfigurationVariable.all.map(\.name)).union(["LOG_FORMAT", "CONNECT_MIGRATIONS_DIR", "CONNECT_SEED_DIR"])

    static func compose() throws -> YAMLNode {
        YAMLNode(try Yams.load(yaml: text("docker-compose.yml")))
    }

    static let longRunning = ["app", "worker", "postgres", "redis-cache", "redis-queue", "nginx"]
    static let secrets = ["JWT_SECRET", "ANTHROPIC_API_KEY", "POSTGRES_PASSWORD"]

    @Test func everyServiceIsThere() throws {
        let services = try Self.compose()["services"]
        #expect(
            Set(services.keys) == [
                "app", "worker", "migrate", "postgres", "redis-cache", "redis-queue", "nginx", "load", "prometheus", "grafana", "jaeger",
            ])
        for name in ["prometheus", "grafana", "jaeger"] {
            #expect(services[name]["profiles"].strings == ["observability"], "\(name) starts only with --profile observability")
        }
    }

    @Test(arguments: longRunning)
    func longRunningServiceHasAHealthCheck(_ name: String) throws {
        let service = try Self.compose()["services"][name]
        let healthcheck = service["healthcheck"]
        #expect(healthcheck["disable"].bool != true)
        let test = healthcheck["test"].strings
        #expect(test.count >= 2, "\(name) has no health check command")
        #expect(["CMD", "CMD-SHELL"].contains(test.first ?? ""))
        #expect(service["restart"].string == "unless-stopped")
    }

    @Test func healthChecksProbeTheRightThing() throws {
        let services = try Self.compose()["services"]
        #expect(services["app"]["healthcheck"]["test"].strings.joined(separator: " ").contains("http://127.0.0.1:3000/api/health/live"))
        #expect(services["postgres"]["healthcheck"]["test"].strings.joined(separator: " ").contains("pg_isready"))
        for redis in ["redis-cache", "redis-queue"] {
            #expect(services[redis]["healthcheck"]["test"].strings == ["CMD", "redis-cli", "ping"])
        }
        // The worker has no port: it checks that its queue answers.
        #expect(services["worker"]["healthcheck"]["test"].strings.joined(separator: " ").contains("redis-queue/6379"))
        #expect(services["nginx"]["healthcheck"]["test"].strings.joined(separator: " ").contains("/api/health/live"))
    }

    @Test func appRunsReplicatedBehindNginxOnly() throws {
        let services = try Self.compose()["services"]
        let app = services["app"]
        #expect((app["deploy"]["replicas"].int ?? 0) >= 2)
        #expect(app["ports"].isMissing, "replicas must not publish a host port")
        #expect(app["command"].strings == ["serve"])
        #expect(app["environment"]["HOST"].string == "0.0.0.0")
        #expect(app["environment"]["PORT"].string == "3000")
        #expect(app["environment"]["INSTANCE_ID"].isMissing, "a fixed INSTANCE_ID would name every replica alike")
        // Only the balancer is reachable from other hosts; the observability UIs listen on loopback.
        let publishing = services.keys.filter { name in services[name]["ports"].strings.contains { !$0.hasPrefix("127.0.0.1:") } }
        #expect(publishing == ["nginx"])
        #expect(services["nginx"]["ports"].strings == ["3000:80"])
    }

    @Test func connectServicesRunTheImageBuiltFromTheDockerfile() throws {
        let services = try Self.compose()["services"]
        for name in ["app", "worker", "migrate", "load"] {
            #expect(services[name]["build"]["context"].string == ".", "\(name)")
            #expect(services[name]["build"]["dockerfile"].string == "Dockerfile", "\(name)")
            #expect(services[name]["image"].string?.hasPrefix("connect:") == true, "\(name)")
        }
        #expect(services["worker"]["command"].strings == ["worker"])
        #expect(try Self.text("Sources/connect/Connect.swift").contains("Worker.self"), "`connect worker` exists")
    }

    @Test func dependenciesWaitForMigrationsAndHealthyStores() throws {
        let services = try Self.compose()["services"]
        for name in ["app", "worker"] {
            let dependsOn = services[name]["depends_on"]
            #expect(dependsOn["migrate"]["condition"].string == "service_completed_successfully", "\(name)")
            for store in ["postgres", "redis-cache", "redis-queue"] {
                #expect(dependsOn[store]["condition"].string == "service_healthy", "\(name) → \(store)")
            }
        }
        #expect(services["migrate"]["depends_on"]["postgres"]["condition"].string == "service_healthy")
        #expect(services["nginx"]["depends_on"]["app"]["condition"].string == "service_healthy")
        #expect(services["load"]["depends_on"]["nginx"]["condition"].string == "service_healthy")
    }

    @Test func migrateRunsMigrationsThenTheSeedOnce() throws {
        let migrate = try Self.compose()["services"]["migrate"]
        let script = (migrate["entrypoint"].strings + migrate["command"].strings).joined(separator: " ")
        let migrateAt = try #require(script.range(of: "connect migrate"))
        let seedAt = try #require(script.range(of: "connect seed"))
        #expect(migrateAt.upperBound <= seedAt.lowerBound)
        #expect(script.contains("&&"), "the seed must not run after a failed migration")
        #expect(migrate["restart"].string == "no")
        #expect(migrate["deploy"]["replicas"].isMissing)
        // The image's working directory holds the folders `connect migrate` and `connect seed` read.
        let dockerfile = try Self.text("Dockerfile")
        for folder in ["migrations", "seed"] {
            #expect(dockerfile.contains("COPY --from=build /staging/\(folder) ./\(folder)"))
        }
    }

    @Test func loadProfileRunsTheSmokeScenarioAgainstNginx() throws {
        let load = try Self.compose()["services"]["load"]
        #expect(load["profiles"].strings == ["load"])
        #expect(load["entrypoint"].strings == ["connect-load"])
        let command = load["command"].strings
        #expect(command.starts(with: ["run", "smoke"]))
        let baseURL = try #require(command.firstIndex(of: "--base-url"))
        #expect(command.count > baseURL + 1 && command[baseURL + 1] == "http://nginx")
        #expect(FileManager.default.fileExists(atPath: Self.root + "/loadtests/smoke.yaml"))
        #expect(try Self.text("Dockerfile").contains("COPY --from=build /staging/loadtests ./loadtests"))
        // The platform's services run without a profile; the load test and observability need theirs.
        let services = try Self.compose()["services"]
        #expect(Set(services.keys.filter { !services[$0]["profiles"].isMissing }) == ["load", "prometheus", "grafana", "jaeger"])
    }

    @Test func nginxBalancesTheAppReplicas() throws {
        let nginx = try Self.compose()["services"]["nginx"]
        #expect(nginx["image"].string?.hasPrefix("nginx:1.28") == true, "`server … resolve` needs nginx ≥ 1.27.3")
        #expect(nginx["volumes"].strings.contains("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"))
        let config = try Self.text("deploy/nginx.conf")
        let upstream = try #require(config.firstMatch(of: /upstream\s+(\w+)\s*\{([^}]*)\}/))
        #expect(upstream.output.2.contains("server app:3000 resolve"))
        #expect(config.contains("proxy_pass http://\(upstream.output.1);"))
        #expect(config.contains("resolver 127.0.0.11"), "Docker's DNS, so new replicas are found")
        #expect(config.contains("listen 80;"))
        // Behind nginx the app sees one peer address: the sign-in and registration routes are
        // limited per client here.
        for (route, zone) in [("/api/auth/login", "login"), ("/sign-in", "login"), ("/api/auth/register", "register")] {
            let pattern = try Regex("location = \(route) \\{[^}]*\\}")
            let location = try #require(config.firstMatch(of: pattern), "no location for \(route)")
            #expect(config[location.range].contains("limit_req zone=\(zone)"), "\(route) is not limited per client")
            #expect(config.contains("limit_req_zone $sign_in_client zone=\(zone):"))
        }
        // Braces balance: a truncated edit would not load.
        #expect(config.filter { $0 == "{" }.count == config.filter { $0 == "}" }.count)
    }

    @Test func noSecretIsWrittenInTheComposeFile() throws {
        let document = try Self.compose()
        var found: [(String, String)] = []
        document.walk { key, value in
            if let key, Self.secrets.contains(key) { found.append((key, value.string ?? "")) }
            // The list form of `environment`: "NAME=value".
            if let text = value.string, let equals = text.firstIndex(of: "="), Self.secrets.contains(String(text[..<equals])) {
                found.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
        }
        #expect(found.count >= 3)
        for (name, value) in found {
            // Only a reference to the same variable, e.g. ${JWT_SECRET:?…} or ${ANTHROPIC_API_KEY:-}.
            let reference = try Regex("\\$\\{\(name)(:?[-?][^}]*)?\\}")
            #expect(value.wholeMatch(of: reference) != nil, "\(name) is written inline: \(value)")
        }
        // Passwords inside URLs too.
        document.walk { _, value in
            guard let text = value.string, let match = text.firstMatch(of: /[a-z]+:\/\/[^:\/@\s]+:([^@]+)@/) else { return }
            #expect(match.output.1.hasPrefix("${POSTGRES_PASSWORD"), "a URL carries a password: \(text)")
        }
        let services = document["services"]
        #expect(services["app"]["environment"]["JWT_SECRET"].string?.hasPrefix("${JWT_SECRET:?") == true, "required, never defaulted")
        #expect(services["postgres"]["environment"]["POSTGRES_PASSWORD"].string?.hasPrefix("${POSTGRES_PASSWORD:?") == true)
    }

    @Test func secretsComeFromAnUncommittedEnvFile() throws {
        let ignored = try Self.text(".gitignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(ignored.contains(".env"))
        #expect(try Self.text(".dockerignore").split(separator: "\n").contains(".env"), "never baked into the image")
        let example = try Self.text(".env.example")
        for name in Self.secrets {
            let line = try #require(example.split(separator: "\n").first { $0.hasPrefix(name + "=") }, "\(name) is not in .env.example")
            let value = line.dropFirst(name.count + 1)
            #expect(value.isEmpty || value.hasPrefix("replace-with"), "\(name) in .env.example must be a placeholder")
        }
    }

    @Test func cacheHasNoPersistenceAndEvictsLRU() throws {
        let cache = try Self.compose()["services"]["redis-cache"]
        #expect(cache["image"].string?.hasPrefix("redis:7") == true)
        let options = Self.options(cache["command"].strings)
        #expect(options["--save"] == "")
        #expect(options["--appendonly"] == "no")
        #expect(options["--maxmemory"]?.isEmpty == false)
        #expect(options["--maxmemory-policy"] == "allkeys-lru")
        #expect(cache["volumes"].isMissing)
    }

    @Test func queueKeepsAnAppendOnlyFileOnAVolume() throws {
        let document = try Self.compose()
        let queue = document["services"]["redis-queue"]
        #expect(queue["image"].string?.hasPrefix("redis:7") == true)
        let options = Self.options(queue["command"].strings)
        #expect(options["--appendonly"] == "yes")
        #expect(options["--maxmemory-policy"] == "noeviction", "a job must never be evicted")
        let mount = try #require(queue["volumes"].strings.first { $0.hasSuffix(":/data") })
        #expect(document["volumes"].keys.contains(String(mount.prefix { $0 != ":" })))
    }

    @Test func postgresIsVersion15OnANamedVolume() throws {
        let document = try Self.compose()
        let postgres = document["services"]["postgres"]
        #expect(postgres["image"].string == "postgres:15")
        let mount = try #require(postgres["volumes"].strings.first { $0.hasSuffix(":/var/lib/postgresql/data") })
        #expect(document["volumes"].keys.contains(String(mount.prefix { $0 != ":" })))
        #expect(postgres["environment"]["POSTGRES_USER"].string == "connect")
        #expect(postgres["environment"]["POSTGRES_DB"].string == "connect")
    }

    @Test func servicesReachEachOtherByServiceName() throws {
        let services = try Self.compose()["services"]
        for name in ["app", "worker", "migrate"] {
            let environment = services[name]["environment"]
            let database = try #require(environment["DATABASE_URL"].string, "\(name) has no DATABASE_URL")
            #expect(database.hasPrefix("postgresql://connect:") && database.contains("@postgres:5432/connect"))
            guard name != "migrate" else { continue }
            #expect(environment["REDIS_CACHE_URL"].string == "redis://redis-cache:6379")
            #expect(environment["REDIS_QUEUE_URL"].string == "redis://redis-queue:6379")
        }
    }

    /// A misspelt variable is silently ignored by the server: every name set on app and worker
    /// must be one `connect serve --help` lists (or a logging / data-folder setting of the CLI).
    @Test func everyVariableIsOneTheServerReads() throws {
        let known = Self.knownVariables
        #expect(known.contains("DATABASE_URL") && known.contains("JWT_SECRET"))
        let services = try Self.compose()["services"]
        for name in ["app", "worker"] {
            for variable in services[name]["environment"].keys {
                #expect(known.contains(variable), "\(name) sets \(variable), which the server does not read")
            }
        }
    }

    /// docs/OPERATIONS.md's reference lists every variable the server reads, with its default,
    /// and every variable the compose file takes from `.env`.
    @Test func operationsGuideDocumentsEveryVariable() throws {
        let guide = try Self.text("docs/OPERATIONS.md")
        #expect(ConfigurationVariable.all.count >= 30)
        for variable in ConfigurationVariable.all {
            let row = guide.split(separator: "\n").first { $0.hasPrefix("| `\(variable.name)` |") }
            #expect(row != nil, "\(variable.name) is not in the configuration reference")
            #expect(row?.contains("| \(variable.shownDefault) |") == true, "\(variable.name): default \(variable.shownDefault)")
        }
        let compose = try Self.text("docker-compose.yml")
        let referenced = Set(compose.matches(of: /\$\{([A-Z][A-Z0-9_]*)/).map { String($0.output.1) })
        for name in referenced {
            #expect(guide.contains("`\(name)`"), "\(name) is read by docker-compose.yml but not documented")
        }
    }

    @Test func dockerfileBuildsInOneStageAndRunsInAnother() throws {
        let lines = try Self.text("Dockerfile").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("#") }
        let arguments = Dictionary(
            lines.compactMap { line -> (String, String)? in
                guard let match = line.wholeMatch(of: /ARG (\w+)=(\S+)/) else { return nil }
                return (String(match.output.1), String(match.output.2))
            }, uniquingKeysWith: { first, _ in first })
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2)
        func image(_ line: String) -> String {
            let name = line.split(separator: " ")[1]
            guard let match = name.wholeMatch(of: /\$\{(\w+)\}/) else { return String(name) }
            return arguments[String(match.output.1)] ?? String(name)
        }
        let build = image(stages[0])
        let run = image(stages[1])
        #expect(stages[0].hasSuffix(" AS build"))
        #expect(build.wholeMatch(of: /swift:6(\.\d+){0,2}-(bookworm|noble)/) != nil, "official Swift 6 image: \(build)")
        // Same distribution, so the runtime libraries are the ones the build linked against.
        #expect(build.hasSuffix("-bookworm") ? run == "debian:bookworm-slim" : run == "ubuntu:noble")

        let text = lines.joined(separator: "\n")
        let buildStage = try #require(text.components(separatedBy: "\nFROM ").dropFirst().first)
        let runStage = try #require(text.components(separatedBy: "\nFROM ").last)
        #expect(buildStage.contains("libpq-dev") && buildStage.contains("libhiredis-dev"))
        #expect(buildStage.contains("swift build -c release --static-swift-stdlib --product connect "))
        #expect(buildStage.contains("swift build -c release --static-swift-stdlib --product connect-load"))
        #expect(runStage.contains("libpq5") && runStage.contains("ca-certificates") && runStage.contains("curl"))
        #expect(runStage.contains(build.hasSuffix("-bookworm") ? "libhiredis0.14" : "libhiredis1.1.0"))
        #expect(!runStage.contains("-dev"), "no development packages at run time")

        let user = try #require(lines.last { $0.hasPrefix("USER ") }).dropFirst(5)
        #expect(!["root", "0", "root:root", "0:0"].contains(String(user)), "runs as root")
        let healthcheck = try #require(text.range(of: "HEALTHCHECK"))
        #expect(text[healthcheck.lowerBound...].contains("/api/health/live"))
        #expect(text.contains("HOST=0.0.0.0"), "reachable from the other containers")
        #expect(lines.contains("ENTRYPOINT [\"connect\"]"))
    }

    /// `key value` pairs of a `redis-server` command line.
    static func options(_ command: [String]) -> [String: String] {
        #expect(command.first == "redis-server")
        var options: [String: String] = [:]
        var index = 1
        while index + 1 < command.count {
            options[command[index]] = command[index + 1]
            index += 2
        }
        return options
    }
}

/// Read-only access to a parsed YAML document; a missing key gives a missing node, not a crash.
struct YAMLNode {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    subscript(key: String) -> YAMLNode {
        YAMLNode((value as? [AnyHashable: Any])?[AnyHashable(key)])
    }

    var isMissing: Bool { value == nil }
    var string: String? { value as? String }
    var int: Int? { value as? Int }
    var bool: Bool? { value as? Bool }
    var keys: [String] { ((value as? [AnyHashable: Any])?.keys.compactMap { $0.base as? String } ?? []).sorted() }
    /// A sequence of scalars (a string alone counts as a one-element sequence, as in Compose's short forms).
    var strings: [String] {
        if let text = value as? String { return [text] }
        return (value as? [Any])?.map { "\($0)" } ?? []
    }

    /// Calls `visit` with every node below this one and the mapping key it sits under.
    func walk(_ visit: (String?, YAMLNode) -> Void) {
        if let mapping = value as? [AnyHashable: Any] {
            for (key, child) in mapping {
                let node = YAMLNode(child)
                visit(key.base as? String, node)
                node.walk(visit)
            }
        } else if let sequence = value as? [Any] {
            for child in sequence {
                let node = YAMLNode(child)
                visit(nil, node)
                node.walk(visit)
            }
        }
    }
}
