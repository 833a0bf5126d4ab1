extension PageTemplates {
    /// The page around every page: language, navigation, sign-out form, inline style and script.
    static let layout = #"""
<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="{{csrfToken}}">
<title>{{title}} · {{t.siteName}}</title>
<style nonce="{{nonce}}">{{{stylesheet}}}</style>
</head>
<body>
<a class="skip" href="#main">{{t.skipToContent}}</a>
<header class="site">
  <a class="brand" href="/">{{t.siteName}} <small>{{t.tagline}}</small></a>
  <nav aria-label="{{t.mainNavigation}}">
    <a href="/">{{t.navPrograms}}</a>
    {{#signedIn}}
    <a href="/dashboard">{{t.navDashboard}}</a>
    <form method="post" action="/sign-out" class="inline">
      <input type="hidden" name="_csrf" value="{{csrfToken}}">
      <button type="submit" class="link">{{t.signOut}}</button>
    </form>
    {{/signedIn}}
    {{^signedIn}}<a href="/sign-in">{{t.signIn}}</a>{{/signedIn}}
    <a href="{{languageSwitchURL}}" lang="{{otherLang}}" hreflang="{{otherLang}}" id="language-switch">{{t.otherLanguageName}}</a>
  </nav>
  {{#email}}<p class="who">{{email}}</p>{{/email}}
</header>
<main id="main">
{{{content}}}
</main>
<footer class="site"><p>{{t.footer}}</p></footer>
{{#script}}<script nonce="{{nonce}}">{{{script}}}</script>{{/script}}
</body>
</html>
"""#
}
