extension PageTemplates {
    /// `/dashboard`: the organization, its matches by status, and the chat panel.
    static let dashboard = #"""
{{#page}}
<h1>{{t.dashboardTitle}}</h1>
{{#organization}}
<section class="card org" aria-labelledby="org-title">
  <h2 id="org-title">{{name}}</h2>
  <dl class="facts">
    <div><dt>{{t.organizationTitle}}</dt><dd>{{kind}}</dd></div>
    {{#industry}}<div><dt>{{t.industryLabel}}</dt><dd>{{.}}</dd></div>{{/industry}}
    {{#readiness}}<div><dt>{{t.trlRangeLabel}}</dt><dd>{{.}}</dd></div>{{/readiness}}
    {{#technologies}}<div><dt>{{t.technologiesLabel}}</dt><dd>{{.}}</dd></div>{{/technologies}}
  </dl>
</section>
{{/organization}}
{{^organization}}<p class="empty">{{t.noOrganization}}</p>{{/organization}}
<div class="columns">
  <section class="matches" aria-labelledby="matches-title">
    <h2 id="matches-title">{{t.matchStatusLabel}}</h2>
    <nav class="tabs" aria-label="{{t.matchStatusLabel}}">
      {{#tabs}}<a href="{{url}}"{{#current}} aria-current="page"{{/current}}>{{label}} <span class="count">{{count}}</span></a>{{/tabs}}
    </nav>
    {{#matches}}{{>match-card}}{{/matches}}
    {{#empty}}<p class="empty">{{t.noMatches}}</p>{{/empty}}
    {{#pagination}}{{>pagination}}{{/pagination}}
  </section>
  <section class="card chat" id="chat" aria-labelledby="chat-title" data-waiting="{{t.chatWaiting}}" data-failed="{{t.chatFailed}}"
    data-source-ai="{{t.sourceAI}}" data-source-local="{{t.sourceLocal}}" data-source-fallback="{{t.sourceFallback}}">
    <h2 id="chat-title">{{t.chatTitle}}</h2>
    <p>{{t.chatIntro}}</p>
    {{#chat}}
    <form id="chat-form" method="post" action="/dashboard/chat" class="stack">
      <input type="hidden" name="_csrf" value="{{csrfToken}}">
      <input type="hidden" name="conversationId" id="chat-conversation" value="{{conversationId}}">
      <div class="field">
        <label for="chat-message">{{t.chatLabel}}</label>
        <textarea id="chat-message" name="message" rows="3" maxlength="2000" required placeholder="{{t.chatPlaceholder}}">{{question}}</textarea>
      </div>
      <button type="submit" id="chat-send">{{t.chatSend}}</button>
    </form>
    <h3 id="chat-answer-label">{{t.chatAnswerLabel}} <span class="badge source-{{sourceKey}}" id="chat-source">{{sourceName}}</span></h3>
    <div id="chat-answer" class="answer" role="status" aria-live="polite" aria-labelledby="chat-answer-label">{{answer}}</div>
    {{/chat}}
  </section>
</div>
{{/page}}
"""#
}
