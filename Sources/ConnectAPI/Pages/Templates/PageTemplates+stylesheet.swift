extension PageTemplates {
    /// The one stylesheet, inlined: phone first, two columns on a desktop.
    static let stylesheet = #"""
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--accent:#0b57d0;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;font-family:"Noto Sans KR","NanumGothic","Apple SD Gothic Neo","Malgun Gothic",system-ui,sans-serif}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);line-height:1.55;font-size:1rem}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #fb8c00;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.site{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.75rem 1rem;background:#fff;border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--fg);margin-right:auto}
.brand small{font-weight:400;color:var(--muted);font-size:.8rem;margin-left:.4rem}
header.site nav{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
.who{margin:0;color:var(--muted);font-size:.85rem;width:100%}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer.site{color:var(--muted);font-size:.85rem;text-align:center;padding:2rem 1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin:.25rem 0 .75rem}h3{font-size:1.05rem;margin:.75rem 0 .4rem}h4{font-size:.95rem;margin:.6rem 0 .3rem}
.lead{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin:0 0 1rem}
.narrow{max-width:28rem;margin:1rem auto}
.search{display:grid;gap:.75rem;grid-template-columns:1fr;align-items:end;margin-bottom:1rem}
@media(min-width:48rem){.search{grid-template-columns:2fr 1fr 1fr auto}.columns{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.25rem;align-items:start}.chat{position:sticky;top:1rem}.who{width:auto}}
.field{display:flex;flex-direction:column;gap:.25rem}
label{font-weight:600;font-size:.9rem}
input,select,textarea{font:inherit;padding:.55rem .65rem;border:1px solid #8c959f;border-radius:.4rem;background:#fff;width:100%}
button,.button{font:inherit;font-weight:600;padding:.55rem 1rem;border-radius:.4rem;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.link{background:none;border:0;color:var(--accent);padding:0;font-weight:400;text-decoration:underline}
form.inline{display:inline}
.stack{display:grid;gap:.75rem}
.meta{display:flex;flex-wrap:wrap;gap:.35rem;margin:.25rem 0 .5rem}
.tag,.chip,.badge{display:inline-block;font-size:.8rem;padding:.1rem .5rem;border-radius:1rem;background:#eef2f7;border:1px solid var(--line)}
.badge:empty{display:none}
.tag.new{background:#ddf4ff}.tag.saved{background:#fff8c5}
.eligibility-fully{color:var(--ok)}.eligibility-conditionally{color:var(--warn)}.eligibility-ineligible{color:var(--bad)}
.source-ai{background:#ddf4ff}.source-local{background:#eef2f7}.source-fallback{background:#fff1e5;border-color:#f0b37e}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.25rem 1rem;margin:.5rem 0}
.facts dt{font-size:.8rem;color:var(--muted)}.facts dd{margin:0}
.program h2{font-size:1.1rem}
.match-head{display:flex;justify-content:space-between;gap:1rem;align-items:flex-start}
.match-head h3{margin:0}
.score{margin:0;white-space:nowrap}.score strong{font-size:1.8rem;color:var(--accent)}
.breakdown div{display:grid;grid-template-columns:9rem 1fr;gap:.5rem;align-items:center;margin:.2rem 0}
.breakdown dd{margin:0;display:flex;gap:.5rem;align-items:center}
meter{width:100%;max-width:12rem;height:.9rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.75rem}
.tabs{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:1rem}
.tabs a{padding:.35rem .8rem;border:1px solid var(--line);border-radius:1rem;background:#fff;text-decoration:none}
.tabs a[aria-current=page]{background:var(--accent);color:#fff;border-color:var(--accent)}
.count{font-size:.8rem;opacity:.85}
.pages{display:flex;gap:1rem;justify-content:center;align-items:center;margin:1rem 0}
.alert{background:#ffebe9;border:1px solid #ff8182;padding:.6rem .8rem;border-radius:.4rem}
.hint,.empty,.summary,.explanation-meta{color:var(--muted);font-size:.9rem}
.answer{white-space:pre-wrap;min-height:3rem;background:var(--bg);border-radius:.4rem;padding:.75rem;margin-top:.5rem}
.description{white-space:pre-wrap}
"""#
}
