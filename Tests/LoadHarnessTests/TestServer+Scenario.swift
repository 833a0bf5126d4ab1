import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Routes that let a scenario log in, capture ids, see cache headers and flip a mode through a
/// control endpoint, like the real server and llm-sim do:
/// `POST /login` `{"email"}` → `{"token":"t-EMAIL"}`; `GET /items` (bearer t-…) →
/// `{"items":[{"id":"a"},{"id":"b"}]}` with `X-Cache: HIT`; `GET /items/{id}` → `{"id":…}`;
/// `POST /control` `{"mode":…}`; `GET /mode` → header `X-Mode`; `GET /job?key=K` →
/// `{"status":"RUNNING","polls":N}` for the first three polls of each key, then `"SUCCEEDED"`;
/// `GET /cookie/set` sets `session=abc` for `/cookie`, `/cookie/echo` and `/other/echo` answer
/// `{"cookie": the Cookie header}`.
func addScenarioRoutes(to router: Router<BasicRequestContext>) {
    let mode = ScenarioServerMode()
    let polls = Mutex<[String: Int]>([:])
    router.get("job") { request, _ -> Response in
        let key = request.uri.queryParameters.get("key") ?? ""
        let count = polls.withLock { counts in
            counts[key, default: 0] += 1
            return counts[key]!
        }
        return json(#"{"status":"\#(count > 3 ? "SUCCEEDED" : "RUNNING")","polls":\#(count)}"#)
    }
    router.post("login") { request, context -> Response in
        struct Login: Decodable { let email: String }
        let login = try await request.decode(as: Login.self, context: context)
        return json(#"{"token":"t-\#(login.email)"}"#)
    }
    router.get("items") { request, _ -> Response in
        guard request.headers[.authorization]?.hasPrefix("Bearer t-") == true else {
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: #"{"error":"no token"}"#)))
        }
        var response = json(#"{"items":[{"id":"a"},{"id":"b"}]}"#)
        response.headers[HTTPField.Name("X-Cache")!] = "HIT"
        return response
    }
    router.get("items/:id") { _, context -> Response in
        json(#"{"id":"\#(context.parameters.get("id") ?? "")"}"#)
    }
    router.post("control") { request, context -> Response in
        struct Control: Decodable { let mode: String }
        mode.set(try await request.decode(as: Control.self, context: context).mode)
        return json(#"{"ok":true}"#)
    }
    // A sign-in that sets a session cookie for /cookie, and pages that echo what they were sent.
    router.get("cookie/set") { _, _ -> Response in
        var response = json(#"{"signedIn":true}"#)
        response.headers.append(HTTPField(name: .setCookie, value: "session=abc; Path=/cookie; HttpOnly"))
        response.headers.append(HTTPField(name: .setCookie, value: "theme=dark; Path=/nowhere"))
        return response
    }
    for page in ["cookie/echo", "other/echo"] {
        router.get(RouterPath(page)) { request, _ -> Response in
            json(#"{"cookie":"\#(request.headers[.cookie] ?? "")"}"#)
        }
    }
    router.get("mode") { _, _ -> Response in
        var response = json("{}")
        response.headers[HTTPField.Name("X-Mode")!] = mode.value
        return response
    }
}

private func json(_ text: String) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// The mode `/control` sets and `/mode` reports.
private final class ScenarioServerMode: Sendable {
    private let mode = Mutex("normal")
    var value: String { mode.withLock { $0 } }
    func set(_ value: String) { mode.withLock { $0 = value } }
}
