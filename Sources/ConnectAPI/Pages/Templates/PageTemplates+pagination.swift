extension PageTemplates {
    /// Previous and next links of a listing, with where the reader is.
    static let pagination = #"""
<nav class="pages" aria-label="{{t.paginationLabel}}">
  {{#previousURL}}<a href="{{.}}" rel="prev">← {{t.previousPage}}</a>{{/previousURL}}
  <span aria-current="page">{{position}}</span>
  {{#nextURL}}<a href="{{.}}" rel="next">{{t.nextPage}} →</a>{{/nextURL}}
</nav>
"""#
}
