extension PageTemplates {
    /// `/sign-in`: e-mail and password, with the CSRF token and where to go next.
    static let signIn = #"""
{{#page}}
<section class="card narrow" aria-labelledby="sign-in-title">
  <h1 id="sign-in-title">{{t.signInTitle}}</h1>
  <p>{{t.signInIntro}}</p>
  {{#error}}<p class="alert" role="alert" id="sign-in-error">{{.}}</p>{{/error}}
  <form method="post" action="/sign-in" class="stack">
    <input type="hidden" name="_csrf" value="{{csrfToken}}">
    <input type="hidden" name="next" value="{{next}}">
    <div class="field">
      <label for="email">{{t.emailLabel}}</label>
      <input type="email" id="email" name="email" value="{{email}}" autocomplete="username" required maxlength="254">
    </div>
    <div class="field">
      <label for="password">{{t.passwordLabel}}</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required maxlength="128">
    </div>
    <button type="submit" id="sign-in-submit">{{t.signInButton}}</button>
  </form>
  <p class="hint">{{t.demoHint}}</p>
</section>
{{/page}}
"""#
}
