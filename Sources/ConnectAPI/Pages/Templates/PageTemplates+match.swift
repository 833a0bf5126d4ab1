extension PageTemplates {
    /// `/dashboard/matches/{id}`: one match and its AI explanation, marked by where it came from.
    static let match = #"""
{{#page}}
<p><a href="/dashboard">← {{t.backToDashboard}}</a></p>
<h1>{{t.matchTitle}}</h1>
{{#card}}{{>match-card}}{{/card}}
<section class="card explanation" id="explanation" aria-labelledby="explanation-title">
  <h2 id="explanation-title">{{t.explanationTitle}}{{#explanation}} <span class="badge source-{{sourceKey}}" id="explanation-source">{{sourceName}}</span>{{/explanation}}</h2>
  {{#explanation}}{{>explanation}}{{/explanation}}
  {{#explanationError}}<p class="alert" role="alert">{{.}}</p>{{/explanationError}}
</section>
<p><a href="{{programURL}}">{{t.viewProgram}}</a></p>
{{/page}}
"""#

    /// The explanation's text and where it came from.
    static let explanation = #"""
<p class="explanation-meta">{{t.sourceLabel}}: {{sourceName}} · {{t.modelLabel}}: {{model}}{{#cached}} · {{t.cachedNote}}{{/cached}}</p>
<h3>{{t.summaryTitle}}</h3>
<p id="explanation-summary">{{summary}}</p>
{{#hasReasons}}<h3>{{t.reasonsTitle}}</h3><ul>{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}
{{#hasCautions}}<h3>{{t.cautionsTitle}}</h3><ul>{{#cautions}}<li>{{.}}</li>{{/cautions}}</ul>{{/hasCautions}}
<h3>{{t.recommendationTitle}}</h3>
<p>{{recommendation}}</p>
"""#
}
