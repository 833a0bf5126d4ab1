extension PageTemplates {
    /// A 4xx or 5xx page: what went wrong, in words a person can act on.
    static let error = #"""
{{#page}}
<section class="card narrow" aria-labelledby="error-title">
  <h1 id="error-title">{{t.errorTitle}} ({{status}})</h1>
  <p role="alert">{{message}}</p>
  <p><a href="/">{{t.errorHome}}</a></p>
</section>
{{/page}}
"""#
}
