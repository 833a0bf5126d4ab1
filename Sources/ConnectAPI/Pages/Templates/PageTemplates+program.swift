extension PageTemplates {
    /// `/programs/{id}`: everything known about one program.
    static let program = #"""
{{#page}}
<p><a href="/">← {{t.backToPrograms}}</a></p>
<article class="card program-detail">
  <h1>{{title}}</h1>
  <p class="meta"><span class="tag">{{agency}}</span>{{#trl}} <span class="tag">{{.}}</span>{{/trl}}{{#category}} <span class="tag">{{.}}</span>{{/category}}</p>
  <dl class="facts">
    {{#ministry}}<div><dt>{{t.ministryLabel}}</dt><dd>{{.}}</dd></div>{{/ministry}}
    {{#budget}}<div><dt>{{t.budgetLabel}}</dt><dd>{{.}}</dd></div>{{/budget}}
    {{#period}}<div><dt>{{t.applicationPeriodLabel}}</dt><dd>{{.}}</dd></div>{{/period}}
    {{#deadline}}<div><dt>{{t.deadlineLabel}}</dt><dd>{{.}}</dd></div>{{/deadline}}
    {{#targetTypes}}<div><dt>{{t.targetTypesLabel}}</dt><dd>{{.}}</dd></div>{{/targetTypes}}
    {{#certifications}}<div><dt>{{t.requiredCertificationsLabel}}</dt><dd>{{.}}</dd></div>{{/certifications}}
  </dl>
  <p class="description">{{description}}</p>
  {{#hasKeywords}}<p class="keywords"><span class="visually-hidden">{{t.keywordsLabel}}: </span>{{#keywords}}<span class="chip">{{.}}</span> {{/keywords}}</p>{{/hasKeywords}}
  {{#announcementURL}}<p><a href="{{.}}" rel="noopener noreferrer external">{{t.announcementLink}}</a></p>{{/announcementURL}}
  {{#signedIn}}<p><a href="/dashboard">{{t.seeYourMatches}}</a></p>{{/signedIn}}
</article>
{{/page}}
"""#
}
