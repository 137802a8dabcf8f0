"""The filter for untrusted text: a translation may carry only the markup of its source."""

from __future__ import annotations

import pytest

from pipeline.markup import safe_uri, unsafe, unsafe_html

SOURCE = "See :term:`benefits <benefit>` and `the ILO <https://www.ilo.org/>`__ (|year|, [#f1]_)."
SAFE = "Véase :term:`prestaciones <benefit>` y `la OIT <https://www.ilo.org/>`__ (|year|, [#f1]_)."


def test_a_translation_with_the_markup_of_its_source_is_safe() -> None:
    assert unsafe(SOURCE, SAFE) == []
    assert unsafe("Two formats: PDF and HTML... and more.", "Dos formatos: PDF y HTML... y más. Hora 10:30. Nota:bien") == []
    assert unsafe("Write to info@ilo.org.", "Escriba a mailto:info@ilo.org o a https://ilo.org.") == []
    assert unsafe(".. image:: chart.png", ".. image:: chart.png") == []  # an image message, unchanged


@pytest.mark.parametrize(("text", "reason"), [
    (".. include:: ../../../../etc/passwd", "adds the directive '.. include::'"),
    ("Dos formatos\n\n.. include:: x.rst\n   :end-line: 3", "(.. include:: x.rst :end-line: 3)"),
    (".. raw:: html\n   :file: ../secret", "adds the directive '.. raw::'"),
    (".. raw:: html\n\n   <script>alert(1)</script>", "adds the directive '.. raw::'"),
    (".. csv-table:: t\n   :url: file:///etc/passwd", "adds the directive '.. csv-table::'"),
    (".. literalinclude:: /etc/passwd", "adds the directive '.. literalinclude::'"),
    (".. only:: html\n\n   x", "adds the directive '.. only::'"),
    (".. meta::\n   :description: x", "adds the directive '.. meta::'"),
    (".. role:: x(raw)\n   :format: html\n\n:x:`<script>`", "adds a role definition"),
    (".. role:: x(raw)\n   :format: html\n\n:x:`<script>`", "adds the role :x:"),
    ("Texto |x|.\n\n.. |x| replace:: y", "adds a substitution definition"),
    ("Un enlace__.\n\n__ https://ilo.org", "adds an anonymous link target"),
    ("x_\n\n.. _x: https://ilo.org", "adds a link target"),
    ("Texto.\n\n.. a comment", "adds a comment"),
    ("Texto [#n]_.\n\n.. [#n] Nota.", "adds a footnote or citation"),
    ("  .. include:: x", "adds the directive '.. include::'"),  # indented: a block quote
    ("..\tinclude:: x", "adds the directive '.. include::'"),
    ("Hola\u2028.. include:: x", "adds the directive '.. include::'"),  # docutils breaks lines at U+2028 too
    ("Hola\x0c.. include:: x", "adds the directive '.. include::'"),
    ("Ver :download:`x <../../etc/passwd>`.", "adds the role :download:"),
    ("Ver `x <../../etc/passwd>`:download:.", "adds the role :download:"),
    ("Ver :DOWNLOAD:`x <../../etc/passwd>`.", "adds the role :download:"),
    ("Un `enlace <javascript:alert(1)>`_.", "adds a 'javascript:' link"),
    ("Un `enlace <JavaScript:alert(1)>`_.", "adds a 'javascript:' link"),
    ("Un `enlace <java script:alert(1)>`_.", "adds a 'javascript:' link"),
    ("Un `enlace <java\\script:alert(1)>`_.", "adds a 'javascript:' link"),
    ("Ver javascript:alert(1).", "adds a 'javascript:' link"),
    ("`x <data:text/html;base64,PHNjcmlwdD4=>`_", "adds a 'data:' link"),
    ("`x <file:///etc/passwd>`_", "adds a 'file:' link"),
])
def test_added_markup_is_refused(text: str, reason: str) -> None:
    reasons = unsafe("Two formats.", text)
    assert any(reason in found for found in reasons), reasons


def test_a_file_role_of_the_source_may_not_point_elsewhere() -> None:
    source = "Download :download:`the annex <annex.pdf>`."
    assert unsafe(source, "Descargue :download:`el anexo <annex.pdf>`.") == []
    assert unsafe(source, "Descargue :download:`el anexo <../../etc/passwd>`.") == [
        "points :download: at another file (../../etc/passwd)"]


@pytest.mark.parametrize(("uri", "safe"), [
    ("https://www.ilo.org/", True), ("mailto:a@ilo.org", True), ("module1.html#facts", True), ("#top", True),
    ("javascript:alert(1)", False), (" JavaScript:alert(1)", False), ("java\\script:x", False), ("data:text/html,x", False),
    ("file:///etc/passwd", False), ("vbscript:x", False),
])
def test_safe_uri(uri: str, safe: bool) -> None:
    assert safe_uri(uri) is safe


def test_interface_strings_may_not_add_html() -> None:
    assert unsafe_html("Search", "Buscar") == []
    assert unsafe_html("&copy; Copyright", "&copy; Derechos") == []
    assert unsafe_html("Search", "<script>x</script>") == [
        "adds < > to an interface string, which the theme puts into the HTML unescaped"]
    assert unsafe_html("Next", 'Siguiente" onmouseover="x') != []
