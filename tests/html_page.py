"""Reading the HTML report back with the standard library's parser, for the tests."""

from __future__ import annotations

from html.parser import HTMLParser

import attrs

VOID = frozenset({"meta", "link", "br", "input", "img", "hr", "col", "wbr"})


@attrs.define
class Element:
    """One element: its tag, its attributes, its text, and the ids of the elements around it."""

    tag: str
    attributes: dict[str, str | None]
    within: tuple[str, ...]
    """Ids of the enclosing elements, outermost first."""
    text: str = ""


class Page(HTMLParser):
    """Every element of a page in document order, with its text content."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element (void ones close at once)."""
        within = tuple(
            ident for element in self._open if (ident := element.attributes.get("id")) is not None
        )
        element = Element(tag, dict(attrs), within)
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element of this tag."""
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        """Add text to every open element."""
        for element in self._open:
            element.text += data

    def find(self, tag: str | None = None, *, within: str | None = None) -> list[Element]:
        """Return the elements with ``tag`` inside the element with the id ``within``."""
        return [
            element
            for element in self.elements
            if (tag is None or element.tag == tag) and (within is None or within in element.within)
        ]

    def by_id(self, ident: str) -> Element:
        """Return the one element with this id."""
        (found,) = [element for element in self.elements if element.attributes.get("id") == ident]
        return found
