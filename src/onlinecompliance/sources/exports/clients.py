"""What a user agent says about a participant's client: the app, and the browser.

Pexip history keeps the client's user agent in ``vendor``; Graph call records
keep it in ``userAgent.headerValue``. A user agent is read for these two facts
only and never copied. Order matters: Edge and Opera also say ``Chrome``, and
Chrome also says ``Safari``.
"""

from __future__ import annotations

import re

from onlinecompliance.model import App, Browser

__all__ = ["browser_of", "client_of"]

_BROWSERS = (
    (re.compile(r"Trident/|MSIE "), Browser.INTERNET_EXPLORER),
    (re.compile(r"Edge/\d"), Browser.EDGE_LEGACY),
    (re.compile(r"Edg(?:A|iOS)?/\d"), Browser.EDGE),
    (re.compile(r"OPR/\d|Opera"), Browser.OPERA),
    (re.compile(r"Firefox/\d|FxiOS/"), Browser.FIREFOX),
    (re.compile(r"Chrome/\d|CriOS/|Chromium/"), Browser.CHROME),
    (re.compile(r"Version/[\d.]+ (?:Mobile/\S+ )?Safari/"), Browser.SAFARI),
)
"""Browser tokens, most specific first."""
_APPS = (
    (re.compile(r"Teams|SkypeSpaces|MicrosoftTeams", re.IGNORECASE), App.TEAMS),
    (re.compile(r"Pexip|Infinity ?Connect", re.IGNORECASE), App.PEXIP),
    (re.compile(r"MinSP|Min ?Sundhedsplatform", re.IGNORECASE), App.MINSP_APP),
    (
        re.compile(r"TANDBERG|Cisco|Polycom|Lifesize|Yealink|Avaya|Huawei|Poly/", re.IGNORECASE),
        App.VIDEO_ENDPOINT,
    ),
)
"""Apps that name themselves, checked before the browser tokens: an app built on a
browser engine (Teams desktop on Electron) also says ``Chrome``."""
_MOZILLA = re.compile(r"^Mozilla/\d")


def client_of(user_agent: str | None) -> tuple[App | None, Browser | None]:
    """Return the app and browser a user agent names; ``None`` for what it does not tell."""
    if not user_agent:
        return None, None
    for pattern, app in _APPS:
        if pattern.search(user_agent):
            return app, None
    browser = browser_of(user_agent)
    return (None, None) if browser is None else (App.BROWSER, browser)


def browser_of(user_agent: str | None) -> Browser | None:
    """Return the browser a user agent names, for a source that already says it is one.

    Graph's ``platform: web`` is the Teams web client in a browser, whose user agent
    also says ``Teams``: :func:`client_of` would read that as the Teams app.
    """
    if not user_agent:
        return None
    for pattern, browser in _BROWSERS:
        if pattern.search(user_agent):
            return browser
    return Browser.OTHER if _MOZILLA.match(user_agent) else None
