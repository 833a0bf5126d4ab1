import Foundation
import LoadHarness
import Testing

/// A VU's cookie jar against RFC 6265: where a cookie goes, and when it is gone.
@Suite struct CookieJarTests {
    let now = Date(timeIntervalSince1970: 1_796_331_600)

    @Test func aCookieGoesBackToItsHostAndPathOnly() {
        var jar = CookieJar()
        jar.store(setCookie: ["session=abc; Path=/account; HttpOnly", "theme=dark"], host: "shop.example.com", path: "/account/login?next=1", now: now)
        #expect(jar.header(host: "shop.example.com", path: "/account/orders", secure: false, now: now) == "session=abc; theme=dark")
        #expect(jar.header(host: "shop.example.com", path: "/account", secure: false, now: now) == "session=abc; theme=dark")
        // theme's default path is the directory of /account/login: /account.
        #expect(jar.header(host: "shop.example.com", path: "/accounting", secure: false, now: now) == nil)
        #expect(jar.header(host: "shop.example.com", path: "/", secure: false, now: now) == nil)
        // Host-only: neither another host nor a subdomain.
        #expect(jar.header(host: "other.example.com", path: "/account", secure: false, now: now) == nil)
        #expect(jar.header(host: "a.shop.example.com", path: "/account", secure: false, now: now) == nil)
        #expect(jar.header(host: "SHOP.example.com", path: "/account", secure: false, now: now) == "session=abc; theme=dark")
    }

    @Test func aDomainCookieCoversSubdomainsAndAForeignDomainIsRefused() {
        var jar = CookieJar()
        jar.store(setCookie: ["wide=1; Domain=.example.com; Path=/", "foreign=1; Domain=evil.com; Path=/"], host: "www.example.com", path: "/", now: now)
        #expect(jar.header(host: "api.example.com", path: "/x", secure: false, now: now) == "wide=1")
        #expect(jar.header(host: "example.com", path: "/", secure: false, now: now) == "wide=1")
        #expect(jar.header(host: "evil.com", path: "/", secure: false, now: now) == nil)
        #expect(jar.header(host: "notexample.com", path: "/", secure: false, now: now) == nil)
    }

    @Test func secureCookiesTravelOverHTTPSOnlyAndHttpOnlyOnesAreNotReadable() {
        var jar = CookieJar()
        jar.store(setCookie: ["token=t; Secure; Path=/", "visible=v; Path=/", "hidden=h; HttpOnly; Path=/"], host: "example.com", path: "/", now: now)
        #expect(jar.header(host: "example.com", path: "/", secure: false, now: now) == "visible=v; hidden=h")
        #expect(jar.header(host: "example.com", path: "/", secure: true, now: now) == "token=t; visible=v; hidden=h")
        #expect(jar.value(named: "visible", host: "example.com") == "v")
        #expect(jar.value(named: "hidden", host: "example.com") == nil)
    }

    @Test func cookiesExpireAndAreReplaced() {
        var jar = CookieJar()
        jar.store(setCookie: ["a=1; Max-Age=60; Path=/", "b=1; Expires=Thu, 03 Dec 2026 22:00:00 GMT; Path=/", "c=1; Path=/"], host: "h", path: "/", now: now)
        #expect(jar.header(host: "h", path: "/", secure: false, now: now) == "a=1; b=1; c=1")
        #expect(jar.header(host: "h", path: "/", secure: false, now: now.addingTimeInterval(61)) == "b=1; c=1")
        #expect(jar.header(host: "h", path: "/", secure: false, now: now.addingTimeInterval(3_601)) == "c=1")
        // Replaced by name, domain and path; deleted by Max-Age=0 or a past Expires.
        jar.store(setCookie: ["c=2; Path=/"], host: "h", path: "/", now: now)
        #expect(jar.header(host: "h", path: "/", secure: false, now: now) == "c=2")
        jar.store(setCookie: ["c=; Max-Age=0; Path=/"], host: "h", path: "/", now: now)
        #expect(jar.header(host: "h", path: "/", secure: false, now: now) == nil)
        jar.store(setCookie: ["d=1; Path=/", "d=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"], host: "h", path: "/", now: now)
        #expect(jar.isEmpty)
    }

    @Test func longerPathsComeFirst() {
        var jar = CookieJar()
        jar.store(setCookie: ["x=root; Path=/", "x=deep; Path=/a/b", "y=mid; Path=/a"], host: "h", path: "/", now: now)
        #expect(jar.header(host: "h", path: "/a/b/c", secure: false, now: now) == "x=deep; y=mid; x=root")
    }

    /// A page flow through the scenario runner: the session cookie set by one response is sent on
    /// the next request below its path, and not to another path.
    @Test func aScenarioCarriesTheSessionWithoutCaptures() async throws {
        let outcome = try await ScenarioRunnerTests.run("""
            name: cookies
            executor: {type: per-vu-iterations, vus: 2, iterations: 3}
            steps:
              - name: sign in
                path: /cookie/set
                checks:
                  the session is HttpOnly: {cookie: session, exists: false}
                  the theme is readable: {cookie: theme, equals: dark}
              - name: account
                path: /cookie/echo
                checks: {session sent: {json: cookie, equals: "session=abc"}}
              - name: elsewhere
                path: /other/echo
                checks: {nothing sent: {json: cookie, equals: ""}}
                think: 10ms
            thresholds:
              checks: ["rate==1"]
            """, file: "cookies.yaml")
        #expect(outcome.passed, "\(outcome.thresholds)")
        #expect((outcome.metrics.counters[MetricKey("iterations")]?.count ?? 0) > 0)
        let off = try await ScenarioRunnerTests.run("""
            name: no-cookies
            cookies: false
            executor: {type: per-vu-iterations, vus: 1, iterations: 2}
            steps:
              - {name: sign in, path: /cookie/set}
              - {name: account, path: /cookie/echo, checks: {nothing sent: {json: cookie, equals: ""}}, think: 10ms}
            thresholds:
              checks: ["rate==1"]
            """, file: "no-cookies.yaml")
        #expect(off.passed, "cookies: false keeps no jar")
    }
}
