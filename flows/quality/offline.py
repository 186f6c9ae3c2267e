"""Data Docs that open with no network: GX's CDN scripts and styles served from local copies.

Great Expectations' page templates load jQuery, Bootstrap, bootstrap-table, bootstrap-datepicker, Font Awesome and
Vega from public CDNs. Offline the pages are unstyled and the index's results table (built by bootstrap-table) stays
empty. `localize_site` copies the files from Python packages (XStatic-*, vl-convert-python) and from
flows/quality/vendor/ (bootstrap-table, which no PyPI package ships) into <docs>/static/vendor/, then rewrites every
page to load them by relative path. Nothing is downloaded, at build time or when a page is opened.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
STATIC = "static/vendor"   # under the docs folder
VEGA = f"{STATIC}/vega/vega-bundle.js"

# CDN address (a regular expression) → the file under the docs folder that replaces it, or None: the tag goes.
# Versions differ from the CDN's where the registry has no other (Bootstrap 4.5.3 for 4.3.1, Font Awesome 6.2.1
# for 6.6.0, datepicker 1.4.0 for 1.9.0): same major versions, and the browser test checks the pages still work.
CDN_RULES: list[tuple[re.Pattern, str | None]] = [(re.compile(pattern), target) for pattern, target in [
    (r"code\.jquery\.com/jquery-3[\d.]*(\.min)?\.js", f"{STATIC}/jquery/jquery.min.js"),
    (r"/popper\.js/[\d.]+/umd/popper(\.min)?\.js", None),  # Bootstrap's bundle below has Popper inside
    (r"/bootstrap/4[\d.]*/js/bootstrap(\.min)?\.js", f"{STATIC}/bootstrap/js/bootstrap.bundle.min.js"),
    (r"/bootstrap/4[\d.]*/css/bootstrap(\.min)?\.css", f"{STATIC}/bootstrap/css/bootstrap.min.css"),
    (r"bootstrap-table@[\d.]+/dist/bootstrap-table(\.min)?\.js", f"{STATIC}/bootstrap-table/bootstrap-table.min.js"),
    (r"bootstrap-table@[\d.]+/dist/bootstrap-table(\.min)?\.css", f"{STATIC}/bootstrap-table/bootstrap-table.min.css"),
    (r"/filter-control/bootstrap-table-filter-control(\.min)?\.js",
     f"{STATIC}/bootstrap-table/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    (r"/filter-control/bootstrap-table-filter-control(\.min)?\.css",
     f"{STATIC}/bootstrap-table/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    (r"/bootstrap-datepicker/[\d.]+/js/bootstrap-datepicker(\.min)?\.js",
     f"{STATIC}/bootstrap-datepicker/bootstrap-datepicker.js"),
    (r"/bootstrap-datepicker/[\d.]+/css/bootstrap-datepicker(\.min)?\.css",
     f"{STATIC}/bootstrap-datepicker/bootstrap-datepicker3.standalone.css"),
    (r"/font-awesome/6[\d.]*/css/all(\.min)?\.css", f"{STATIC}/font-awesome/css/all.min.css"),
    # Dark theme: no package ships it, and the light page is complete without it (its inline block goes too).
    (r"@forevolve/bootstrap-dark", None),
    (r"/npm/vega@5", VEGA),                  # one bundle holds Vega, Vega-Lite and Vega-Embed (newest 5.x) ...
    (r"/npm/vega-(lite|embed)@\d", None),    # ... so these two tags go
    # GX's logo from S3: GX itself copies the same image into static/images/.
    (r"great-expectations-web-assets\.[^\"]*/logo-long\.png", "static/images/logo-long.png"),
]]
TAG = re.compile(r'<(script|link|img)\b[^>]*?\b(?:src|href)="(https?://[^"]+)"[^>]*>(?:\s*</script>)?', re.S)
LINK = re.compile(r'<a\b[^>]*\bhref="https?://[^"]*"[^>]*>(.*?)</a>', re.S)
NEWSLETTER = re.compile(r"<footer>(?:(?!</footer>).)*?newsletter(?:(?!</footer>).)*</footer>\s*", re.S)
DARK = "@media (prefers-color-scheme: dark)"
# GX writes the favicon one folder short on result pages (four folders deep): pointed at the real file again.
FAVICON = re.compile(r'href="(?:\./|\.\./)*static/images/favicon\.ico"')


def asset_sources() -> dict[str, Path]:
    """Return each asset's path under the docs folder mapped to the packaged file or folder it is copied from."""
    import xstatic.pkg.bootstrap as bootstrap
    import xstatic.pkg.bootstrap_datepicker as datepicker
    import xstatic.pkg.font_awesome as font_awesome
    import xstatic.pkg.jquery as jquery

    table = VENDOR / "bootstrap-table"
    pairs = {
        "jquery/jquery.min.js": Path(jquery.BASE_DIR) / "jquery.min.js",
        "bootstrap/js/bootstrap.bundle.min.js": Path(bootstrap.BASE_DIR) / "js" / "bootstrap.bundle.min.js",
        "bootstrap/css/bootstrap.min.css": Path(bootstrap.BASE_DIR) / "css" / "bootstrap.min.css",
        "bootstrap-datepicker/bootstrap-datepicker.js": Path(datepicker.BASE_DIR) / "bootstrap-datepicker.js",
        "bootstrap-datepicker/bootstrap-datepicker3.standalone.css":
            Path(datepicker.BASE_DIR) / "bootstrap-datepicker3.standalone.css",
        "font-awesome/css/all.min.css": Path(font_awesome.BASE_DIR) / "css" / "all.min.css",
        "font-awesome/webfonts": Path(font_awesome.BASE_DIR) / "webfonts",   # all.min.css loads ../webfonts/*
        "bootstrap-table": table,
    }
    return {f"{STATIC}/{name}": source for name, source in pairs.items()}


def copy_assets(docs_dir: Path) -> None:
    """Copy the packaged assets into the docs folder, skipping files already there with the same size."""
    for name, source in asset_sources().items():
        files = [(source, docs_dir / name)] if source.is_file() else [
            (f, docs_dir / name / f.relative_to(source)) for f in source.rglob("*") if f.is_file()]
        for src, dst in files:
            if not dst.exists() or dst.stat().st_size != src.stat().st_size:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)


def write_vega_bundle(docs_dir: Path) -> None:
    """Write Vega, Vega-Lite and Vega-Embed as one script (from vl-convert-python) unless it is already there."""
    target = docs_dir / VEGA
    if not target.exists():   # building the bundle takes ~4 s: once per docs folder
        import vl_convert

        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(vl_convert.javascript_bundle(), encoding="utf-8")


def drop_block(text: str, head: str) -> str:
    """Return `text` without each CSS block that starts with `head` (braces counted to find its end)."""
    while (start := text.find(head)) >= 0:
        depth, i = 0, text.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
            if depth == 0:
                break
        text = text[:start] + text[i:]
    return text


def localize_page(text: str, depth: int) -> str:
    """Return a page with every CDN tag pointing at its local copy (`depth` folders below the docs root)."""
    up, charts = "../" * depth, "vegaEmbed(" in text

    def local(match: re.Match) -> str:
        tag, url = match.group(1), match.group(2)
        rule = next(((p, t) for p, t in CDN_RULES if p.search(url)), None)
        if rule is None:
            return match.group(0)   # unknown address: left for tests/test_docs.py to catch
        if rule[1] is None or (rule[1] == VEGA and not charts):   # Vega only where a page draws a chart
            return ""
        if tag == "img":
            return match.group(0).replace(url, up + rule[1])
        if tag == "script":   # rebuilt without integrity/crossorigin: a CDN's hash check has no place here
            return f'<script src="{up}{rule[1]}"></script>'
        return f'<link rel="stylesheet" href="{up}{rule[1]}">'

    text = FAVICON.sub(f'href="{up}static/images/favicon.ico"', drop_block(NEWSLETTER.sub("", text), DARK))
    return LINK.sub(r"\1", TAG.sub(local, text))   # outside links become their text: nothing to follow offline


def localize_site(docs_dir: Path) -> list[Path]:
    """Copy the assets into the site and rewrite each of its pages to use them; return the pages rewritten."""
    copy_assets(docs_dir)
    changed = []
    for page in sorted(docs_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "https://" not in text and "http://" not in text:
            continue   # already rewritten by an earlier build
        if "vegaEmbed(" in text:
            write_vega_bundle(docs_dir)
        depth = len(page.relative_to(docs_dir).parts) - 1
        page.write_text(localize_page(text, depth), encoding="utf-8")
        changed.append(page)
    return changed
