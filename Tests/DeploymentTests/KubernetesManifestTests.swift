import ConnectCore
import Foundation
import LoadHarness
import Synchronization
import Testing
import Yams

/// deploy/kubernetes, checked without a cluster (none runs on these machines): every kustomization
/// is rendered by the real kustomize (`kubectl kustomize`), every object is validated against the
/// Kubernetes 1.32 API schema offline (`kubernetes-validate --strict`, pinned in
/// scripts/python-tools.sh), and the rendered objects are held to the rules an operator relies on.
@Suite struct KubernetesManifestTests {
    static let root = ComposeFileTests.root
    static let kustomizations = ["overlays/dev", "overlays/production", "load"]
    /// The API version the objects are validated against.
    static let kubernetesVersion = "1.32.0"

    struct CommandResult {
        var status: Int32
        var output: String
    }

    /// Runs `command` (looked up on PATH) and returns its exit status and standard output + error.
    static func run(_ command: [String], in directory: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Renders already made, by folder: each kustomization is rendered once per test process.
    private static let renders = Mutex<[String: String]>([:])

    /// `kubectl kustomize` of a folder: the YAML stream kubectl would apply.
    static func render(_ folder: String) throws -> String {
        if let cached = renders.withLock({ $0[folder] }) { return cached }
        let result = try run(["kubectl", "kustomize", folder])
        try #require(
            result.status == 0,
            "kubectl kustomize \(folder) failed (kubectl with kustomize v5 is needed: the machine image's, or https://kubernetes.io/docs/tasks/tools/):\n\(result.output)")
        renders.withLock { $0[folder] = result.output }
        return result.output
    }

    static func objects(_ folder: String) throws -> [YAMLNode] {
        try Yams.load_all(yaml: render(folder)).map { YAMLNode($0) }
    }

    static func rendered(_ kustomization: String) throws -> [YAMLNode] {
        try objects(root + "/deploy/kubernetes/" + kustomization)
    }

    /// The pod templates of workloads (Deployments, StatefulSets, Jobs) with the object's name.
    static func podSpecs(_ objects: [YAMLNode]) -> [(name: String, spec: YAMLNode)] {
        objects.filter { ["Deployment", "StatefulSet", "Job"].contains($0["kind"].string ?? "") }
            .map { ("\($0["kind"].string!)/\($0["metadata"]["name"].string ?? "?")", $0["spec"]["template"]["spec"]) }
    }

    static func containers(_ spec: YAMLNode) -> [YAMLNode] {
        spec["containers"].items + spec["initContainers"].items
    }

    static var validator: String { root + "/.build/python-tools/bin/kubernetes-validate" }

    @Test(arguments: kustomizations)
    func rendersAndValidatesAgainstTheAPISchema(_ kustomization: String) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.validator),
            "kubernetes-validate is missing: run `make python-tools` (scripts/python-tools.sh)")
        let file = NSTemporaryDirectory() + "connect-k8s-\(UUID().uuidString).yaml"
        try Self.render(Self.root + "/deploy/kubernetes/" + kustomization).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try Self.run([Self.validator, "--strict", "--kubernetes-version", Self.kubernetesVersion, file])
        #expect(result.status == 0, "\(kustomization):\n\(result.output)")
        #expect(!result.output.contains("ERROR") && !result.output.contains("WARN"), "\(result.output)")
        let objects = try Self.rendered(kustomization)
        let passed = result.output.split(separator: "\n").filter { $0.contains(" passed for resource ") }
        #expect(passed.count == objects.count, "every object validated: \(passed.count) of \(objects.count)")
    }

    /// The validator is not a rubber stamp: a misspelt field and a wrong type are refused.
    @Test func theValidatorRefusesWhatKubernetesWouldRefuse() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.validator), "run `make python-tools`")
        func deployment(replicas: String, probeKey: String) -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              replicas: \(replicas)
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: app
                      image: connect
                      \(probeKey): {httpGet: {path: /api/health/live, port: 3000}}
            """
        }
        let cases = [
            ("valid", deployment(replicas: "2", probeKey: "livenessProbe"), nil),
            ("a wrong type", deployment(replicas: "\"two\"", probeKey: "livenessProbe"), "two"),
            ("a misspelt field", deployment(replicas: "2", probeKey: "livenesProbe"), "livenesProbe"),
        ]
        for (label, yaml, complaint) in cases {
            let file = NSTemporaryDirectory() + "connect-k8s-case-\(UUID().uuidString).yaml"
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let result = try Self.run([Self.validator, "--strict", "--kubernetes-version", Self.kubernetesVersion, file])
            if let complaint {
                #expect(result.status != 0, "\(label) was accepted")
                #expect(result.output.contains(complaint), "\(label): \(result.output)")
            } else {
                #expect(result.status == 0, "\(label): \(result.output)")
            }
        }
    }

    @Test func theAppHasProbesOnRealRoutesAndDrainsBeforeItStops() throws {
        let openAPI = try ComposeFileTests.text("Sources/ConnectAPI/openapi.yaml")
        for kustomization in ["overlays/dev", "overlays/production"] {
            let objects = try Self.rendered(kustomization)
            let app = try #require(objects.first { $0["kind"].string == "Deployment" && $0["metadata"]["name"].string == "app" })
            let spec = app["spec"]["template"]["spec"]
            let container = try #require(spec["containers"].items.first { $0["name"].string == "app" })
            let paths = [
                "startupProbe": container["startupProbe"]["httpGet"]["path"].string,
                "livenessProbe": container["livenessProbe"]["httpGet"]["path"].string,
                "readinessProbe": container["readinessProbe"]["httpGet"]["path"].string,
            ]
            #expect(paths == ["startupProbe": "/api/health/live", "livenessProbe": "/api/health/live", "readinessProbe": "/api/health"])
            for case let (probe, path?) in paths {
                #expect(openAPI.contains("\n  \(path):\n"), "\(probe) \(path) is not a route of the API")
                let port = container[probe]["httpGet"]["port"].string
                #expect(container["ports"].items.contains { $0["name"].string == port }, "\(probe) names port \(port ?? "nil")")
            }
            // Readiness may take 7 s (docs/OPERATIONS.md): its timeout must be longer.
            #expect((container["readinessProbe"]["timeoutSeconds"].int ?? 1) > 7)
            // preStop pause, then the drain (up to AI_TIMEOUT_MS), all inside the grace period.
            let pause = container["lifecycle"]["preStop"]["exec"]["command"].strings
            #expect(pause.first == "sleep")
            let pauseSeconds = Int(pause.last ?? "") ?? 0
            #expect(pauseSeconds >= 3)
            #expect((spec["terminationGracePeriodSeconds"].int ?? 30) >= pauseSeconds + 30 + 5)
            #expect(app["spec"]["replicas"].isMissing, "the autoscaler owns the replica count")
            #expect(app["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"].int == 0)
            #expect(!spec["topologySpreadConstraints"].items.isEmpty)
            let autoscaler = try #require(objects.first { $0["kind"].string == "HorizontalPodAutoscaler" })
            #expect(autoscaler["spec"]["scaleTargetRef"]["name"].string == "app")
            #expect((autoscaler["spec"]["minReplicas"].int ?? 0) >= 2)
            let budget = try #require(objects.first { $0["kind"].string == "PodDisruptionBudget" })
            #expect(budget["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"].string == "app")
        }
    }

    @Test(arguments: kustomizations)
    func everyContainerIsLimitedAndUnprivileged(_ kustomization: String) throws {
        let specs = Self.podSpecs(try Self.rendered(kustomization))
        #expect(!specs.isEmpty)
        for (name, spec) in specs {
            let pod = spec["securityContext"]
            #expect(pod["runAsNonRoot"].bool == true, "\(name): runAsNonRoot")
            #expect((pod["runAsUser"].int ?? 0) != 0, "\(name): runAsUser")
            #expect(pod["seccompProfile"]["type"].string == "RuntimeDefault", "\(name): seccomp")
            #expect(spec["automountServiceAccountToken"].bool == false, "\(name): no API token in the pod")
            for container in Self.containers(spec) {
                let label = "\(name) \(container["name"].string ?? "?")"
                for kind in ["requests", "limits"] {
                    for resource in ["cpu", "memory"] {
                        #expect(!container["resources"][kind][resource].isMissing, "\(label): resources.\(kind).\(resource)")
                    }
                }
                let security = container["securityContext"]
                #expect(security["allowPrivilegeEscalation"].bool == false, "\(label): allowPrivilegeEscalation")
                #expect(security["readOnlyRootFilesystem"].bool == true, "\(label): readOnlyRootFilesystem")
                #expect(security["capabilities"]["drop"].strings == ["ALL"], "\(label): capabilities")
                #expect(security["privileged"].bool != true, "\(label): privileged")
            }
            // A mounted Secret must be readable by the pod's user: through its group.
            for volume in spec["volumes"].items where !volume["secret"].isMissing {
                #expect(pod["fsGroup"].int != nil, "\(name): fsGroup for secret volume \(volume["name"].string ?? "")")
                #expect(volume["secret"]["defaultMode"].int.map { $0 & 0o040 != 0 } ?? true, "\(name): secret files group-readable")
            }
        }
    }

    /// Secrets only by reference: no Secret object, no credential in a URL, no literal value for a
    /// secret-looking variable; the names the pods read are ones the server reads.
    @Test(arguments: kustomizations)
    func noSecretValueIsInTheManifests(_ kustomization: String) throws {
        let text = try Self.render(Self.root + "/deploy/kubernetes/" + kustomization)
        let objects = try Self.rendered(kustomization)
        #expect(!objects.contains { $0["kind"].string == "Secret" }, "a Secret object would put its value in git")
        #expect(text.firstMatch(of: #/[a-z]+://[^/\s:@"']+:[^/\s@"']+@/#) == nil, "a URL with a password")
        let known = ComposeFileTests.knownVariables
        let secretLike = #/(SECRET|PASSWORD|TOKEN|API_KEY|_URL)$/#
        for (name, spec) in Self.podSpecs(objects) {
            for container in Self.containers(spec) {
                for variable in container["env"].items {
                    let variableName = variable["name"].string ?? ""
                    if variableName.firstMatch(of: secretLike) != nil, !(name.contains("load-segment") && variableName == "BASE_URL") {
                        #expect(variable["value"].isMissing, "\(name): \(variableName) has a literal value")
                    }
                    let isConnect = container["image"].string?.contains("connect") == true && name.hasPrefix("Deployment/")
                    if isConnect {
                        let base = variableName.hasSuffix("_FILE") ? String(variableName.dropLast(5)) : variableName
                        #expect(known.contains(base), "\(name) sets \(variableName), which the server does not read")
                    }
                }
            }
        }
        for map in objects where map["kind"].string == "ConfigMap" && map["metadata"]["name"].string?.hasPrefix("connect-settings") == true {
            for key in map["data"].keys {
                #expect(known.contains(key), "connect-settings sets \(key), which the server does not read")
                #expect(key.firstMatch(of: #/(SECRET|PASSWORD|TOKEN|API_KEY)$/#) == nil, "\(key) is a secret in a ConfigMap")
            }
        }
    }

    @Test func onlyTheIngressReachesTheAppAndOnlyConnectReachesTheStores() throws {
        let objects = try Self.rendered("overlays/dev")
        let policies = objects.filter { $0["kind"].string == "NetworkPolicy" }
        let deny = try #require(policies.first { $0["metadata"]["name"].string == "default-deny-ingress" })
        #expect(deny["spec"]["podSelector"].keys.isEmpty && deny["spec"]["ingress"].isMissing)
        func sources(of component: String) -> [YAMLNode] {
            policies.filter {
                let selector = $0["spec"]["podSelector"]
                return selector["matchLabels"]["app.kubernetes.io/component"].string == component
                    || selector["matchExpressions"].items.contains { $0["values"].strings.contains(component) }
            }.flatMap { $0["spec"]["ingress"].items.flatMap { $0["from"].items } }
        }
        let toApp = sources(of: "app")
        #expect(toApp.count == 1)
        #expect(toApp.first?["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"].string == "ingress-nginx")
        for store in ["postgres", "redis-cache", "redis-queue"] {
            let allowed = Set(sources(of: store).flatMap { $0["podSelector"]["matchExpressions"].items.flatMap { $0["values"].strings } })
            #expect(!allowed.isEmpty && allowed.isSubset(of: ["app", "worker", "migrate"]), "\(store): \(allowed)")
            #expect(sources(of: store).allSatisfy { $0["namespaceSelector"].isMissing && $0["ipBlock"].isMissing })
        }
        // The stores: the cache without persistence, the queue with an append-only file on a volume.
        let sets = Dictionary(uniqueKeysWithValues: objects.filter { $0["kind"].string == "StatefulSet" }.map { ($0["metadata"]["name"].string ?? "", $0) })
        #expect(Set(sets.keys) == ["postgres", "redis-cache", "redis-queue"])
        #expect(sets["postgres"]?["spec"]["template"]["spec"]["containers"].items.first?["image"].string == "postgres:15")
        let cacheArgs = ["redis-server"] + (sets["redis-cache"]?["spec"]["template"]["spec"]["containers"].items.first?["args"].strings ?? [])
        let queueArgs = ["redis-server"] + (sets["redis-queue"]?["spec"]["template"]["spec"]["containers"].items.first?["args"].strings ?? [])
        #expect(ComposeFileTests.options(cacheArgs)["--appendonly"] == "no" && ComposeFileTests.options(cacheArgs)["--maxmemory-policy"] == "allkeys-lru")
        #expect(ComposeFileTests.options(queueArgs)["--appendonly"] == "yes" && ComposeFileTests.options(queueArgs)["--maxmemory-policy"] == "noeviction")
        #expect(sets["redis-cache"]?["spec"]["volumeClaimTemplates"].isMissing == true)
        #expect(sets["redis-queue"]?["spec"]["volumeClaimTemplates"].items.count == 1)
        #expect(sets["postgres"]?["spec"]["volumeClaimTemplates"].items.count == 1)
        // The Ingress carries the per-client sign-in limit that deploy/nginx.conf has for Compose.
        let signIn = try #require(objects.first { $0["kind"].string == "Ingress" && $0["metadata"]["name"].string == "app-sign-in" })
        #expect(signIn["metadata"]["annotations"]["nginx.ingress.kubernetes.io/limit-rpm"].string == "30")
        let paths = signIn["spec"]["rules"].items.flatMap { $0["http"]["paths"].items.compactMap { $0["path"].string } }
        #expect(Set(paths) == ["/api/auth/login", "/sign-in"])
        let nginx = try ComposeFileTests.text("deploy/nginx.conf")
        #expect(nginx.contains("zone=login:10m rate=30r/m"))
    }

    @Test func theMigrateJobSeedsOnlyInDev() throws {
        func command(_ kustomization: String) throws -> String {
            let job = try #require(try Self.rendered(kustomization).first { $0["kind"].string == "Job" && $0["metadata"]["name"].string == "migrate" })
            let container = job["spec"]["template"]["spec"]["containers"].items.first
            return ((container?["command"].strings ?? []) + (container?["args"].strings ?? [])).joined(separator: " ")
        }
        #expect(try command("overlays/dev").contains("connect migrate && connect seed"))
        #expect(try command("overlays/production") == "migrate")
        for kustomization in ["overlays/dev", "overlays/production"] {
            for (name, spec) in Self.podSpecs(try Self.rendered(kustomization)) where name.hasPrefix("Deployment/") {
                let wait = spec["initContainers"].items.first?["args"].strings ?? []
                #expect(wait.starts(with: ["migrate", "--wait"]), "\(name) waits for the migrations")
            }
        }
    }

    /// N is one number: the Job's completions. The parallelism, every pod's segment and the
    /// coordinator's count follow it, and the N pods' indexes cover segments 1…N exactly once.
    @Test(arguments: [4, 7])
    func theLoadJobsSegmentsCoverTheRunOnce(_ segments: Int) throws {
        let folder = NSTemporaryDirectory() + "connect-load-k8s-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.root + "/deploy/kubernetes/load", toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let kustomization = folder + "/kustomization.yaml"
        let text = try String(contentsOfFile: kustomization, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "path: /spec/completions\n        value: 4", with: "path: /spec/completions\n        value: \(segments)")
        #expect(edited != text || segments == 4)
        try edited.write(toFile: kustomization, atomically: true, encoding: .utf8)

        let objects = try Self.objects(folder)
        let job = try #require(objects.first { $0["metadata"]["name"].string == "connect-load-segments" })
        #expect(job["spec"]["completionMode"].string == "Indexed")
        #expect(job["spec"]["completions"].int == segments)
        #expect(job["spec"]["parallelism"].int == segments, "all segments run at once")
        let container = try #require(job["spec"]["template"]["spec"]["containers"].items.first)
        let args = container["args"].strings
        let segmentArgument = try #require(args.first { $0.hasPrefix("--segment=") }).dropFirst("--segment=".count)
        let covered = (0..<segments).compactMap {
            SegmentArgument.parse(String(segmentArgument), environment: ["JOB_COMPLETION_INDEX": "\($0)"])
        }
        #expect(covered.map(\.index) == Array(1...segments))
        #expect(covered.allSatisfy { $0.count == segments })
        let coordinatorURL = try #require(args.first { $0.hasPrefix("--coordinator=") })
        #expect(coordinatorURL == "--coordinator=http://connect-load-coordinator:7000")

        let coordinator = try #require(objects.first { $0["kind"].string == "Job" && $0["metadata"]["name"].string == "connect-load-coordinator" })
        let coordinatorArgs = coordinator["spec"]["template"]["spec"]["containers"].items.first?["args"].strings ?? []
        #expect(coordinatorArgs.contains("--segments=\(segments)"))
        #expect(coordinatorArgs.contains { $0.hasPrefix("--report=") })
        #expect(coordinator["spec"]["backoffLimit"].int == 0, "one verdict: never a second coordinator")
        let service = try #require(objects.first { $0["kind"].string == "Service" && $0["metadata"]["name"].string == "connect-load-coordinator" })
        #expect(service["spec"]["ports"].items.first?["port"].int == 7000)

        // The scenario comes from the ConfigMap the Job mounts, and it is one connect-load accepts.
        let volume = job["spec"]["template"]["spec"]["volumes"].items.first { !$0["configMap"].isMissing }
        let mapName = try #require(volume?["configMap"]["name"].string)
        let map = try #require(objects.first { $0["kind"].string == "ConfigMap" && $0["metadata"]["name"].string == mapName })
        let scenarioText = try #require(map["data"]["scenario.yaml"].string)
        #expect(args.contains("/scenario/scenario.yaml"))
        let scenarioFile = folder + "/rendered-scenario.yaml"
        try scenarioText.write(toFile: scenarioFile, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: scenarioFile)
        #expect(!scenario.thresholds.isEmpty)
        #expect(scenario.executor.segment(1, of: segments).rate > 0, "every segment gets a share of the rate")
    }
}

extension YAMLNode {
    /// The elements of a sequence (empty when missing).
    var items: [YAMLNode] { ((value as? [Any]) ?? []).map { YAMLNode($0) } }
}
