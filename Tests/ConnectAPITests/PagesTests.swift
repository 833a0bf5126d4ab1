import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// The server-rendered pages: programs, sign-in, dashboard, match and explanation, the chat
/// panel's API call, in Korean and English, with their cookie and CSRF rules.
@Suite struct PagesTests {
    static let password = "Connect!2026"

    /// Signs `browser` in as `email` through the sign-in form; returns the dashboard it lands on.
    static func signIn(_ browser: inout PageBrowser, _ email: String) async throws -> PageBrowser.Page {
        let form = try await browser.get("/sign-in")
        let token = try #require(form.csrfToken)
        let signedIn = try await browser.post("/sign-in", [("_csrf", token), ("email", email), ("password", password), ("next", "/dashboard")])
        #expect(signedIn.status == .seeOther)
        #expect(signedIn.location == "/dashboard")
        let dashboard = try await browser.get("/dashboard")
        #expect(dashboard.status == .ok)
        return dashboard
    }

    @Test func programsPageIsKoreanByDefaultWithSafeHeaders() async throws {
        try await TestApp.run { client, _ in
            var browser = PageBrowser(client)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.contains(#"<html lang="ko">"#))
            #expect(page.body.contains("지원사업 찾기"))
            #expect(page.body.contains(#"<label for="keyword">검색어</label>"#))
            #expect(page.links("/programs/").count == 10, "ten programs on the first page")
            let csp = try #require(page.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"))
            #expect(page.headers[.cacheControl] == "no-store")
            let seed = try #require(page.setCookie(CSRFProtection.cookieName))
            #expect(seed.contains("HttpOnly") && seed.contains("SameSite=Lax") && seed.contains("Path=/"))

            let second = try await browser.get("/?page=2")
            #expect(second.status == .ok)
            #expect(second.body.contains(#"rel="prev""#))
            #expect(Set(second.links("/programs/")).isDisjoint(with: page.links("/programs/")))
        }
    }

    @Test func englishWithLangAndRememberedByCookie() async throws {
        try await TestApp.run { client, _ in
            var browser = PageBrowser(client)
            let english = try await browser.get("/?lang=en")
            #expect(english.body.contains(#"<html lang="en">"#))
            #expect(english.body.contains("Find funding programs"))
            #expect(english.setCookie("connect_lang")?.contains("connect_lang=en") == true)
            let again = try await browser.get("/sign-in")
            #expect(again.body.contains(#"<html lang="en">"#))
            #expect(again.body.contains(#"<label for="password">Password</label>"#))
            let korean = try await browser.get("/sign-in?lang=ko")
            #expect(korean.body.contains(#"<label for="password">비밀번호</label>"#))
            #expect(try await browser.get("/?lang=fr").status == .unprocessableContent)
        }
    }

    @Test func filtersAndUserInputAreEscaped() async throws {
        try await TestApp.run { client, _ in
            var browser = PageBrowser(client)
            let hostile = #"<script>alert("x")</script>'"#
            let page = try await browser.get("/?keyword=" + PageBrowser.encode(hostile))
            #expect(page.status == .ok)
            #expect(!page.body.contains("<script>alert"))
            #expect(page.body.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;"))

            let iitp = try await browser.get("/?agency=IITP")
            let cards = iitp.body.components(separatedBy: #"<article class="card program">"#).dropFirst()
            #expect(!cards.isEmpty)
            #expect(cards.allSatisfy { $0.contains(#"<span class="tag">IITP</span>"#) })
            #expect(iitp.body.contains(#"<option value="IITP" selected>"#))
            let trl = try await browser.get("/?trl=7")
            #expect(trl.body.contains(#"<option value="7" selected>TRL 7</option>"#))

            let bad = try await browser.get("/?trl=eleven")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
            #expect(bad.body.contains("입력값을 확인하세요"))

            let detailURL = try #require(page.links("/programs/").first ?? iitp.links("/programs/").first)
            let detail = try await browser.get(detailURL)
            #expect(detail.status == .ok)
            #expect(detail.body.contains("지원사업 목록으로"))
            #expect(try await browser.get("/programs/not-a-uuid").status == .badRequest)
            let missing = try await browser.get("/programs/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("찾을 수 없습니다"))
        }
    }

    @Test func signInSetsTheAPIsTokenInAnHttpOnlyLaxCookie() async throws {
        try await TestApp.run { client, _ in
            var browser = PageBrowser(client)
            let form = try await browser.get("/sign-in")
            let token = try #require(form.csrfToken)
            let wrong = try await browser.post("/sign-in", [("_csrf", token), ("email", "demo@connectplt.kr"), ("password", "nope-nope")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.setCookie(SessionCookie.name) == nil)
            #expect(wrong.body.contains("이메일 또는 비밀번호가 올바르지 않습니다."))
            #expect(wrong.body.contains(#"value="demo@connectplt.kr""#))

            let signedIn = try await browser.post(
                "/sign-in", [("_csrf", token), ("email", "loadtest+3@connectplt.kr"), ("password", Self.password), ("next", "https://evil.example/")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/dashboard", "never redirected off site")
            let cookie = try #require(signedIn.setCookie(SessionCookie.name))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback")

            // The cookie holds the API's own JWT.
            let jwt = try #require(browser.cookies[SessionCookie.name])
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(jwt)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("loadtest+3@connectplt.kr"))
            }
            // Behind a TLS proxy the cookie is Secure as well.
            var secure = PageBrowser(client)
            let secureForm = try await secure.get("/sign-in", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            let secureSignIn = try await secure.send(
                "/sign-in", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Forwarded-Proto")!: "https"],
                body: ByteBuffer(string: "_csrf=\(try #require(secureForm.csrfToken))&email=demo%40connectplt.kr&password=Connect%212026"))
            #expect(secureSignIn.setCookie(SessionCookie.name)?.contains("Secure") == true)

            // Signed in, the sign-in page sends the browser on; signing out expires the cookie.
            #expect(try await browser.get("/sign-in").location == "/dashboard")
            let dashboard = try await browser.get("/dashboard")
            let signedOut = try await browser.post("/sign-out", [("_csrf", try #require(dashboard.csrfToken))])
            #expect(signedOut.status == .seeOther && signedOut.location == "/")
            #expect(signedOut.setCookie(SessionCookie.name)?.contains("Max-Age=0") == true)
            #expect(try await browser.get("/dashboard").status == .seeOther)
        }
    }

    @Test func dashboardSendsSignedOutBrowsersToSignIn() async throws {
        try await TestApp.run { client, _ in
            var browser = PageBrowser(client)
            let page = try await browser.get("/dashboard?status=saved")
            #expect(page.status == .seeOther)
            #expect(page.location == "/sign-in?next=%2Fdashboard%3Fstatus%3Dsaved")
            browser.cookies[SessionCookie.name] = "forged.token.value"
            let forged = try await browser.get("/dashboard")
            #expect(forged.status == .seeOther)
            #expect(forged.setCookie(SessionCookie.name)?.contains("Max-Age=0") == true, "a bad session cookie is cleared")
            let match = try await browser.get("/dashboard/matches/\(UUID().uuidString)")
            #expect(match.status == .seeOther)
        }
    }

    @Test func postsWithoutTheRightCSRFTokenAreRefusedAndChangeNothing() async throws {
        try await TestApp.runIsolated { client, _, _ in
            var browser = PageBrowser(client)
            let dashboard = try await Self.signIn(&browser, "demo@connectplt.kr")
            let action = try #require(dashboard.links("/dashboard/matches/", attribute: "action").first)
            let token = try #require(dashboard.csrfToken)

            let missing = try await browser.post(action, [("saved", "true"), ("return", "/dashboard")])
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("양식이 만료되었거나 올바르지 않습니다"))
            let wrong = try await browser.post(action, [("_csrf", String(token.reversed())), ("saved", "true")])
            #expect(wrong.status == .forbidden)
            // A token minted for another browser (its own seed cookie) does not pass here.
            var stranger = PageBrowser(client)
            let strangerToken = try #require(try await stranger.get("/sign-in").csrfToken)
            #expect(try await browser.post(action, [("_csrf", strangerToken), ("saved", "true")]).status == .forbidden)
            // Without the seed cookie, even this browser's token fails.
            var withoutSeed = browser
            withoutSeed.cookies[CSRFProtection.cookieName] = nil
            #expect(try await withoutSeed.post(action, [("_csrf", token), ("saved", "true")]).status == .forbidden)
            // A signed-out form's token is not valid once signed in (tokens are bound to the session).
            var signedOut = browser
            signedOut.cookies[SessionCookie.name] = nil
            let signedOutToken = try #require(try await signedOut.get("/").csrfToken)
            #expect(signedOutToken != token)
            #expect(try await browser.post(action, [("_csrf", signedOutToken), ("saved", "true")]).status == .forbidden)

            let saved = try await browser.get("/dashboard?status=saved")
            #expect(saved.links("/dashboard/matches/", attribute: "action").isEmpty, "nothing was saved")
            #expect(saved.body.contains("이 상태의 매칭이 없습니다."))

            var anonymous = PageBrowser(client)
            _ = try await anonymous.get("/sign-in")
            let noToken = try await anonymous.post("/sign-in", [("email", "demo@connectplt.kr"), ("password", Self.password)])
            #expect(noToken.status == .forbidden)
            #expect(noToken.setCookie(SessionCookie.name) == nil)
        }
    }

    @Test func saveAndUnsaveThroughTheForm() async throws {
        try await TestApp.runIsolated { client, _, _ in
            var browser = PageBrowser(client)
            let dashboard = try await Self.signIn(&browser, "demo@connectplt.kr")
            #expect(dashboard.body.contains("(주)커넥트소프트"))
            #expect(dashboard.body.contains(#"<meter min="0" max="25""#), "the breakdown is shown")
            let action = try #require(dashboard.links("/dashboard/matches/", attribute: "action").first)
            let token = try #require(dashboard.csrfToken)

            let saved = try await browser.post(action, [("_csrf", token), ("saved", "true"), ("return", "/dashboard?status=saved")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/dashboard?status=saved")
            let savedList = try await browser.get("/dashboard?status=saved")
            #expect(savedList.links("/dashboard/matches/", attribute: "action") == [action])
            #expect(savedList.body.contains("저장 취소"))
            // The API sees the same row.
            let jwt = try #require(browser.cookies[SessionCookie.name])
            try await client.execute(uri: "/api/matches?status=saved", method: .get, headers: [.authorization: "Bearer \(jwt)"]) { response in
                #expect(String(buffer: response.body).contains(#""total":1"#))
            }

            let bad = try await browser.post(action, [("_csrf", token), ("saved", "maybe")])
            #expect(bad.status == .unprocessableContent)
            let unsaved = try await browser.post(action, [("_csrf", token), ("saved", "false"), ("return", "//evil.example")])
            #expect(unsaved.location == "/dashboard")
            #expect(try await browser.get("/dashboard?status=saved").links("/dashboard/matches/", attribute: "action").isEmpty)
            let unknown = try await browser.post("/dashboard/matches/\(UUID().uuidString)/save", [("_csrf", token), ("saved", "true")])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func matchPageShowsTheExplanationMarkedByItsSource() async throws {
        try await TestApp.runIsolated { client, _, _ in
            var browser = PageBrowser(client)
            let dashboard = try await Self.signIn(&browser, "demo@connectplt.kr")
            let match = try #require(dashboard.links("/dashboard/matches/").first { !$0.hasSuffix("/save") })
            let page = try await browser.get(match)
            #expect(page.status == .ok)
            #expect(page.body.contains(#"id="explanation-source">오프라인 모델</span>"#))
            #expect(page.body.contains(#"<p id="explanation-summary">"#))
            let english = try await browser.get(match + "?lang=en")
            #expect(english.body.contains(#"id="explanation-source">Offline model</span>"#))
            #expect(english.body.contains("Score breakdown"))
            #expect(try await browser.get("/dashboard/matches/\(UUID().uuidString)").status == .notFound)
        }
    }

    @Test func chatStreamTakesTheSessionCookieOnlyWithTheCSRFHeader() async throws {
        try await TestApp.runIsolated { client, _, _ in
            var browser = PageBrowser(client)
            let dashboard = try await Self.signIn(&browser, "demo@connectplt.kr")
            #expect(dashboard.body.contains(#"aria-live="polite""#))
            #expect(dashboard.body.contains(#"<label for="chat-message">질문</label>"#))
            let token = try #require(dashboard.csrfToken)
            let body = ByteBuffer(string: #"{"message":"AI 과제를 추천해 주세요"}"#)

            let refused = try await browser.send("/api/chat/stream", method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("csrf_failed"))
            let forged = try await browser.send(
                "/api/chat/stream", method: .post, headers: [.contentType: "application/json", CSRFProtection.headerName: "AAAA"], body: body)
            #expect(forged.status == .forbidden)

            let streamed = try await browser.send(
                "/api/chat/stream", method: .post, headers: [.contentType: "application/json", CSRFProtection.headerName: token], body: body)
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType] == "text/event-stream")
            #expect(streamed.body.contains("event: delta"))
            #expect(streamed.body.contains("event: done"))

            // Without JavaScript the panel's form answers in the page.
            let answered = try await browser.post("/dashboard/chat", [("_csrf", token), ("message", "<b>스마트팜</b> 과제?")])
            #expect(answered.status == .ok)
            #expect(answered.body.contains("&lt;b&gt;스마트팜&lt;/b&gt; 과제?"))
            #expect(answered.body.contains(#"id="chat-source">오프라인 모델</span>"#))
            #expect(try await browser.post("/dashboard/chat", [("_csrf", token), ("message", "  ")]).status == .unprocessableContent)
        }
    }
}
