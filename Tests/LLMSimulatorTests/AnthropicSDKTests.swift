import DevStack
import LLMSimulator
import Testing
import TestSupport

/// The interoperability proof: the official `anthropic` Python SDK (from PyPI, installed by
/// scripts/python-tools.sh) calls the simulator with `messages.create` and `messages.stream` and
/// checks text, usage and error types (anthropic_sdk_check.py).
@Suite(.timeLimit(.minutes(15))) struct AnthropicSDKTests {
    @Test func officialSDKWorksAgainstTheSimulator() async throws {
        let tools = try await ShellCommand.check("bash", [TestStack.packageRoot + "/scripts/python-tools.sh"], timeout: .seconds(600))
        let bin = try #require(tools.split(separator: "\n").last.map(String.init))
        let script = TestStack.packageRoot + "/Tests/LLMSimulatorTests/anthropic_sdk_check.py"
        let configuration = SimulatorConfiguration(host: "127.0.0.1", port: 0, apiKey: "sk-ant-simulated")
        try await LLMSimulator(configuration: configuration, logger: SimulatorTestClient.quietLogger).withRunningServer { address in
            let result = try await ShellCommand.run(
                bin + "/python", [script, address.baseURL, "sk-ant-simulated"],
                environment: ["NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"],
                timeout: .seconds(180))
            #expect(result.succeeded, "\(result.output)")
            #expect(result.output.contains("OK"), "\(result.output)")
        }
    }
}
