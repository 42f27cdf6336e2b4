"""The built-site guards' cases (what a page must not hold, what it may), shared by
their tests (test_guards, test_guards_served) and by the test that reads every case
with both HTML readers (test_htmlscan_readers)."""

# Each loads from off the site (GUARD-OFF-SITE).
OFF_SITE_PAGES = [
    '<script src="https://cdn.example.com/a.js"></script>',
    '<script src="//cdn.example.com/a.js"></script>',
    '<link rel="stylesheet" href="https://fonts.example.com/css">',
    '<link rel="preload" href="http://fonts.example.com/font.woff2">',
    '<img src="https://img.example.com/logo.png" alt="">',
    '<img srcset="local.png 1x, https://img.example.com/logo@2x.png 2x" alt="">',
    '<iframe src="https://www.example.com/embed"></iframe>',
    '<div style="background: url(https://img.example.com/bg.png)"></div>',
    "<style>\n.x { background: url('https://img.example.com/bg.png'); }\n</style>",
    '<style>@import "https://fonts.example.com/css";</style>',
]
# None loads from off the site.
LOCAL_PAGES = [
    '<a href="https://www.example.com/">an outside link is fine</a>',
    '<script src="_static/mermaid.min.js"></script>',
    '<link rel="stylesheet" href="../_static/roadmap.css">',
    '<link rel="canonical" href="https://www.example.com/page.html">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<div style="background: url(_static/bg.png)"></div>',
]
# Each would run code or navigate to it in a reader's browser (GUARD-SITE-ACTIVE).
ACTIVE_PAGES = [
    '<a href="javascript:alert(1)">x</a>', '<a href="vbscript:x">x</a>',
    '<a href="ms-msdt:/id x">x</a>', '<form action="javascript:x"></form>',
    '<button formaction="javascript:x">x</button>', '<img src=x onerror=alert(1)>',
    '<iframe srcdoc="&lt;a href=javascript:alert(1)&gt;x&lt;/a&gt;"></iframe>',
    '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    '<svg><a xlink:href="javascript:alert(1)"><rect/></a></svg>',
    '<video poster="javascript:alert(1)"></video>', '<td background="javascript:x"></td>',
]
# None holds active content.
HARMLESS_PAGES = [
    '<a href="https://example.com/">x</a>', '<a href="mailto:pm@example.com">x</a>',
    '<a href="../index.html#x">x</a>', '<a href="#top">x</a>',
    '<img src="data:image/png;base64,AAAA">', '<script src="_static/a.js"></script>',
]
