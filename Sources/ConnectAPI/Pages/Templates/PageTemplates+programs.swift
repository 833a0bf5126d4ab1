extension PageTemplates {
    /// `/`: the search form, one card per program, pages.
    static let programs = #"""
{{#page}}
<h1>{{t.programsTitle}}</h1>
<p class="lead">{{t.programsIntro}}</p>
<form method="get" action="/" class="search" role="search" aria-label="{{t.searchLabel}}">
  <div class="field">
    <label for="keyword">{{t.keywordLabel}}</label>
    <input type="search" id="keyword" name="keyword" value="{{keyword}}" maxlength="100" placeholder="{{t.keywordPlaceholder}}">
  </div>
  <div class="field">
    <label for="agency">{{t.agencyLabel}}</label>
    <select id="agency" name="agency">
      <option value="">{{t.allAgencies}}</option>
      {{#agencies}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/agencies}}
    </select>
  </div>
  <div class="field">
    <label for="trl">{{t.trlLabel}}</label>
    <select id="trl" name="trl">
      <option value="">{{t.anyTRL}}</option>
      {{#trls}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/trls}}
    </select>
  </div>
  <button type="submit">{{t.searchButton}}</button>
</form>
<p class="summary" id="result-summary" aria-live="polite">{{summary}}</p>
{{#programs}}
<article class="card program">
  <h2><a href="{{url}}">{{title}}</a></h2>
  <p class="meta"><span class="tag">{{agency}}</span>{{#trl}} <span class="tag">{{.}}</span>{{/trl}}</p>
  <dl class="facts">
    {{#budget}}<div><dt>{{t.budgetLabel}}</dt><dd>{{.}}</dd></div>{{/budget}}
    {{#deadline}}<div><dt>{{t.deadlineLabel}}</dt><dd>{{.}}</dd></div>{{/deadline}}
  </dl>
  {{#hasKeywords}}<p class="keywords"><span class="visually-hidden">{{t.keywordsLabel}}: </span>{{#keywords}}<span class="chip">{{.}}</span> {{/keywords}}</p>{{/hasKeywords}}
</article>
{{/programs}}
{{#empty}}<p class="empty">{{t.noPrograms}}</p>{{/empty}}
{{#pagination}}{{>pagination}}{{/pagination}}
{{/page}}
"""#
}
