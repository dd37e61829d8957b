"""Front-end figures: gzip size of each app and the console's time to interactive.

Sizes come from the production build (frontend/dist, built with `npm run build`, or the
directory `--dist` names), using Vite's manifest to follow each app's imports:
  * first load: the entry chunk and everything it imports statically (what the first screen
    downloads: the console's log-in page, the portal's), plus CSS;
  * signed-in home (console): the first load plus what the signed-in shell and the home page
    load on top of it;
  * all screens: the same plus every lazily loaded screen.
Each file is gzipped at level 9, as the API process serves it.

Time to interactive is measured in Debian's Chromium driven by Playwright against a private
Orbit stack (its own database, API and worker, as the tests start it) serving the build. For
the console's first screen (the log-in form) a run counts from navigation start until the
form is rendered and usable and the main thread has had no long task (> 50 ms) for 500 ms;
the figure is the end of the last long task or the form's appearance, whichever is later.
Cold runs use a fresh browser profile each; warm runs reload with the cache filled.

    .venv/bin/python bench/frontend_metrics.py --runs 7
    .venv/bin/python bench/frontend_metrics.py --sizes-only --dist /tmp/dist-mine
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform")]

from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from tests.support.stack import create_stack, destroy_stack  # noqa: E402

DIST = REPO / "frontend" / "dist"
APPS = {"console": "index.html", "portal": "portal/index.html"}
SIGNED_IN_HOME = ("src/console/SignedInShell.tsx", "src/console/home/HomePage.tsx")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Runs in the page before any script: records long tasks from the very start.
OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration);
}).observe({ type: 'longtask', buffered: true });
"""
QUIET_MS = 500


@dataclass
class AppSize:
    first_load_files: int
    first_load_gzip: int
    all_files: int
    all_gzip: int


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def reachable(manifest: dict[str, Any], entries: tuple[str, ...], lazy: bool) -> set[str]:
    """Files the entries load: static imports, plus dynamic ones when `lazy`."""
    seen: set[str] = set()
    files: set[str] = set()
    stack = list(entries)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        chunk = manifest[key]
        files.add(chunk["file"])
        files.update(chunk.get("css", []))
        stack.extend(chunk.get("imports", []))
        if lazy:
            stack.extend(chunk.get("dynamicImports", []))
    return files


def read_manifest(dist: Path) -> dict[str, Any]:
    manifest = dist / ".vite" / "manifest.json"
    if not manifest.is_file():
        raise SystemExit(f"{manifest} is missing: run `npm run build` in frontend/ first.")
    loaded: dict[str, Any] = json.loads(manifest.read_text())
    return loaded


def app_sizes(dist: Path) -> dict[str, AppSize]:
    manifest = read_manifest(dist)
    sizes = {}
    for app, entry in APPS.items():
        first = reachable(manifest, (entry,), lazy=False)
        every = reachable(manifest, (entry,), lazy=True)
        html = gzip_size(dist / entry)
        sizes[app] = AppSize(
            len(first),
            html + sum(gzip_size(dist / f) for f in first),
            len(every),
            html + sum(gzip_size(dist / f) for f in every),
        )
    return sizes


def signed_in_home_size(dist: Path) -> tuple[int, int]:
    """Files and gzip bytes a console user has loaded once the home page shows."""
    manifest = read_manifest(dist)
    files = reachable(manifest, (APPS["console"], *SIGNED_IN_HOME), lazy=False)
    return len(files), gzip_size(dist / APPS["console"]) + sum(gzip_size(dist / f) for f in files)


def interactive_ms(browser: Browser, url: str, warm: bool) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(OBSERVE_LONG_TASKS)
    page = context.new_page()
    try:
        if warm:
            page.goto(url, wait_until="load")
            page.get_by_role("button", name="Log in").wait_for()
        page.goto(url, wait_until="commit")
        button = page.get_by_role("button", name="Log in")
        button.wait_for(state="visible")
        page.get_by_label("Email").fill("someone@example.com")  # usable, not only painted
        rendered = float(page.evaluate("performance.now()"))
        page.wait_for_function(
            f"""() => {{
                const last = Math.max(0, ...window.__longTasks);
                return performance.now() - last >= {QUIET_MS};
            }}""",
            polling=50,
            timeout=30_000,
        )
        last_long_task = float(page.evaluate("Math.max(0, ...window.__longTasks)"))
        return max(rendered, last_long_task)
    finally:
        context.close()


def measure_tti(runs: int) -> tuple[list[float], list[float]]:
    stack = create_stack()
    try:
        url = f"{stack.base_url}/login"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            interactive_ms(browser, url, warm=False)  # let the server gzip and cache once
            cold = [interactive_ms(browser, url, warm=False) for _ in range(runs)]
            warm = [interactive_ms(browser, url, warm=True) for _ in range(runs)]
            browser.close()
        return cold, warm
    finally:
        destroy_stack(stack)


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    parser.add_argument("--sizes-only", action="store_true", help="skip the browser runs")
    parser.add_argument("--dist", type=Path, default=DIST, help="the build to measure")
    args = parser.parse_args()

    print(f"Bundle size (gzip -9, HTML + JS + CSS), from {args.dist}:")
    for app, size in app_sizes(args.dist).items():
        print(
            f"  {app:8} first load {kib(size.first_load_gzip):>11} ({size.first_load_files} "
            f"files)   all screens {kib(size.all_gzip):>11} ({size.all_files} files)"
        )
    home_files, home_gzip = signed_in_home_size(args.dist)
    print(f"  console signed-in home {kib(home_gzip):>11} ({home_files} files)")
    if args.sizes_only:
        return
    cold, warm = measure_tti(args.runs)
    print(
        f"Console first screen (log-in), time to interactive in Chromium, {args.runs} runs, "
        "1280x800, served by `orbit serve` on 127.0.0.1:"
    )
    for label, values in (("cold cache", cold), ("warm cache", warm)):
        print(
            f"  {label}: median {statistics.median(values):.0f} ms   "
            f"(min {min(values):.0f}, max {max(values):.0f}; "
            f"runs: {', '.join(f'{v:.0f}' for v in values)})"
        )


if __name__ == "__main__":
    main()
