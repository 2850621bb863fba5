"""Pages that fight the browser: endless scripts, dialogs, pop-ups, navigation, huge DOMs.

Every page lives under ``/browser/`` and is otherwise small and well-formed
(``lang="sv"``, a title, a main), so whatever goes wrong is the fault itself.
Mount :data:`PAGES` on a local server; :func:`third_party_page` needs the base
URL of a second server (another host:port) to load resources from.
"""

from __future__ import annotations

HTML = "text/html; charset=utf-8"


def _page(title: str, body: str = "", *, head: str = "") -> bytes:
    return (
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head><body>"
        f"<main><h1>{title}</h1><p>Testsida för webbläsaren.</p>{body}</main>"
        "</body></html>"
    ).encode()


def _script(title: str, code: str, *, head: str = "") -> bytes:
    return _page(title, f"<script>{code}</script>", head=head)


#: The target of every navigate-away, meta refresh and pop-up below.
ELSEWHERE = "/browser/elsewhere.html"
POPUP = "/browser/popup-target.html"

# A 100,000-element DOM: 20,000 list items, each of five elements, built in the page.
_BIG_DOM = (
    "var ul=document.createElement('ul');"
    "for(var i=0;i<20000;i++){var li=document.createElement('li');"
    "li.innerHTML='<span>Rad '+i+'</span> <a href=\"#r'+i+'\">Länk '+i+'</a> <em>x</em>';"
    "ul.appendChild(li);}"
    "document.querySelector('main').appendChild(ul);"
)

# Grow the JS heap until V8 gives up: the renderer dies ("Aw, Snap", chromedriver: tab crashed).
_EXHAUST_HEAP = "var hoard=[];while(true){hoard.push(new Array(1e6).fill(Math.random()));}"


def _against_axe(title: str, code: str, *, head: str = "") -> bytes:
    """A page whose script fights axe-core, with one real fault axe must still find:
    an image without alt text."""
    return _page(title, f"<img src='/browser/bild.png'><script>{code}</script>", head=head)


PAGES: dict[str, tuple[bytes, str]] = {
    "/browser/ok.html": (_page("En vanlig sida"), HTML),
    ELSEWHERE: (_page("En annan sida"), HTML),
    POPUP: (_page("Ett popup-fönster"), HTML),
    # Scripts that never end.
    "/browser/loop-at-load.html": (_script("Evig loop vid laddning", "while(true){}"), HTML),
    "/browser/loop-in-onload.html": (
        _script(
            "Evig loop i load-händelsen",
            "window.addEventListener('load',function(){while(true){}});",
        ),
        HTML,
    ),
    # The loop starts 1 s after load: cancelled with the page's timers before axe runs.
    "/browser/loop-after-load.html": (
        _script(
            "Evig loop efter laddning",
            "window.addEventListener('load',function(){setTimeout(function(){while(true){}},1000);});",
        ),
        HTML,
    ),
    # Dialogs.
    "/browser/alert.html": (_script("Alert", "alert('Hej');"), HTML),
    "/browser/confirm.html": (_script("Confirm", "confirm('Säker?');"), HTML),
    "/browser/prompt.html": (_script("Prompt", "prompt('Namn?');"), HTML),
    "/browser/alert-loop.html": (
        _script("Alert i loop", "for(var i=0;i<50;i++){alert('Hej '+i);}"),
        HTML,
    ),
    "/browser/alert-interval.html": (
        # Keeps raising dialogs long after load, i.e. while axe runs.
        _script(
            "Alert hela tiden",
            "setInterval(function(){alert('Hej');confirm('Säker?');prompt('Namn?');},5);",
        ),
        HTML,
    ),
    # Leaving the page.
    "/browser/navigate-at-load.html": (
        _script("Navigerar bort direkt", f"location.href='{ELSEWHERE}';"),
        HTML,
    ),
    "/browser/navigate-after-load.html": (
        _script(
            "Navigerar bort efter laddning",
            "window.addEventListener('load',function(){"
            f"setTimeout(function(){{location.href='{ELSEWHERE}';}},300);}});",
        ),
        HTML,
    ),
    "/browser/popup.html": (
        _script(
            "Popup",
            f"window.open('{POPUP}');"
            f"window.addEventListener('load',function(){{window.open('{POPUP}?late=1','_blank');}});",
        ),
        HTML,
    ),
    "/browser/meta-refresh-0.html": (
        _page(
            "Meta refresh direkt",
            head=f"<meta http-equiv='refresh' content='0; url={ELSEWHERE}'>",
        ),
        HTML,
    ),
    "/browser/meta-refresh-2.html": (
        _page(
            "Meta refresh efter två sekunder",
            head=f"<meta http-equiv='refresh' content='2; url={ELSEWHERE}'>",
        ),
        HTML,
    ),
    # Size and memory.
    "/browser/big-dom.html": (_script("Stor sida", _BIG_DOM), HTML),
    "/browser/crash.html": (_script("Kraschar", _EXHAUST_HEAP), HTML),
    # Pages that fight axe-core itself (klarsyn registers it before the page's scripts).
    # Each has one real fault, an image without alt text, that axe must still find.
    "/browser/axe-global.html": (
        _against_axe("Egen axe", "var axe = {version: 'sidans egen'};"),
        HTML,
    ),
    "/browser/axe-fake.html": (
        # A fake axe that finds nothing, fixed so that nothing can replace it.
        _against_axe(
            "Falsk axe",
            "Object.defineProperty(window,'axe',{value:{version:'4.14.1',"
            "run:function(){return Promise.resolve({violations:[],passes:[],incomplete:[],"
            "inapplicable:[],url:location.href});},configure:function(){}},"
            "writable:false,configurable:false});",
        ),
        HTML,
    ),
    "/browser/amd-loader.html": (
        _against_axe(
            "AMD-laddare",
            "window.define=function(){throw new Error('define');};window.define.amd={};"
            "window.module={exports:{}};window.require=function(){throw new Error('require');};",
        ),
        HTML,
    ),
    "/browser/frozen.html": (
        _against_axe(
            "Frysta globaler",
            "Object.freeze(Object.prototype);Object.freeze(Array.prototype);"
            "Object.freeze(Promise);Object.freeze(document);",
        ),
        HTML,
    ),
    "/browser/csp.html": (
        # No script at all may run, not even the page's own (it would retitle the page).
        _against_axe(
            "Strikt CSP",
            "document.title='Skriptet körde';",
            head="<meta http-equiv='Content-Security-Policy' content=\"script-src 'none'\">",
        ),
        HTML,
    ),
}


def third_party_page(other_base: str) -> bytes:
    """A page loading a stylesheet, script, image, iframe and fetch() from ``other_base``."""
    other = other_base.rstrip("/")
    return _page(
        "Resurser från en annan värd",
        f"<img src='{other}/tp/bild.png' alt='En bild'>"
        f"<iframe src='{other}/tp/ram.html' title='En ram'></iframe>"
        f"<script src='{other}/tp/skript.js'></script>"
        f"<script>fetch('{other}/tp/data.json').catch(function(){{}});</script>"
        # A link and a form to the other host: following them is not loading a resource.
        f"<p><a href='{other}/tp/lank.html'>En länk</a></p>"
        f"<form action='{other}/tp/formular' method='get'>"
        "<label>Sök <input name='q' value='x'></label><button>Sök</button></form>",
        head=f"<link rel='stylesheet' href='{other}/tp/stil.css'>",
    )


def third_party_files() -> dict[str, tuple[bytes, str]]:
    """What the other host serves for :func:`third_party_page`."""
    return {
        "/tp/bild.png": (b"\x89PNG\r\n\x1a\n", "image/png"),
        "/tp/ram.html": (_page("En inbäddad ram"), HTML),
        "/tp/skript.js": (b"window.tpLoaded = true;", "text/javascript"),
        "/tp/data.json": (b"{}", "application/json"),
        "/tp/stil.css": (b"body { color: #111; }", "text/css"),
        "/tp/lank.html": (_page("En länkad sida"), HTML),
        "/tp/formular": (_page("Formulärsvar"), HTML),
    }
