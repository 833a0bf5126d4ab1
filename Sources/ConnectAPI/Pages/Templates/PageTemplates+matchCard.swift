extension PageTemplates {
    /// One match: score, eligibility, the score's breakdown and reasons, and its save form.
    static let matchCard = #"""
<article class="card match" id="match-{{id}}">
  <div class="match-head">
    <h3><a href="{{url}}" class="match-link">{{title}}</a></h3>
    <p class="score"><span class="visually-hidden">{{t.scoreLabel}}</span><strong>{{score}}</strong><span aria-hidden="true">/100</span><span class="visually-hidden">/ 100</span></p>
  </div>
  <p class="meta">
    <span class="tag">{{agency}}</span>
    <span class="tag eligibility-{{eligibilityKey}}"><span class="visually-hidden">{{t.eligibilityLabel}}: </span>{{eligibility}}</span>
    {{#isNew}}<span class="tag new">{{t.statusNew}}</span>{{/isNew}}
    {{#saved}}<span class="tag saved">{{t.statusSaved}}</span>{{/saved}}
  </p>
  <dl class="facts">
    {{#budget}}<div><dt>{{t.budgetLabel}}</dt><dd>{{.}}</dd></div>{{/budget}}
    {{#deadline}}<div><dt>{{t.deadlineLabel}}</dt><dd>{{.}}</dd></div>{{/deadline}}
  </dl>
  <details{{#expanded}} open{{/expanded}}>
    <summary>{{t.breakdownTitle}}</summary>
    <dl class="breakdown">
      {{#components}}
      <div><dt>{{label}}</dt><dd><meter min="0" max="{{maximum}}" value="{{points}}" aria-label="{{label}}"></meter> <span>{{points}}/{{maximum}}</span></dd></div>
      {{/components}}
    </dl>
    {{#matchedKeywords}}<p>{{t.matchedKeywordsLabel}}: {{.}}</p>{{/matchedKeywords}}
    {{#hasReasons}}<h4>{{t.reasonsTitle}}</h4><ul>{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}
    {{#hasCautions}}<h4>{{t.cautionsTitle}}</h4><ul>{{#cautions}}<li>{{.}}</li>{{/cautions}}</ul>{{/hasCautions}}
  </details>
  <div class="actions">
    {{#linkExplanation}}<a class="button secondary explain-link" href="{{url}}">{{t.openExplanation}}</a>{{/linkExplanation}}
    <form method="post" action="{{saveAction}}" class="inline save-form">
      <input type="hidden" name="_csrf" value="{{csrfToken}}">
      <input type="hidden" name="saved" value="{{saveValue}}">
      <input type="hidden" name="return" value="{{returnTo}}">
      <button type="submit" class="{{#saved}}secondary{{/saved}}">{{saveLabel}}</button>
    </form>
  </div>
</article>
"""#
}
