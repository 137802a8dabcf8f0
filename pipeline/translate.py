"""Stage 6, translate: machine drafts for untranslated entries, through deep-translator.

Only empty translations are filled, and each draft is marked ``#, fuzzy`` with
a translator comment naming the provider and the date, so that a person
reviews it and the builds skip it until then. Translated, fuzzy and obsolete
entries are never touched.

Markup and figures travel as placeholders (``⟦1⟧``) and are checked on the
way back: a draft whose placeholders were broken, or that adds markup of
its own (``pipeline.markup``: a service's answer is untrusted), is not written. Forbidden
glossary variants in a draft are replaced by the approved term, and the
terminology checks run on every draft; their findings are reported.

Every request has a deadline (deep-translator sets none), failures that may
pass (429, 5xx, lost connections, timeouts) are retried with backoff, and
requests are spaced out. Each catalog is written atomically after every
batch, so an interruption loses at most the batch in flight and a re-run
continues where the last one stopped.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from pipeline import check, inline, markup, pofile
from pipeline.catalogs import catalog_bytes, read_catalog
from pipeline.errors import PipelineError
from pipeline.files import write_atomic
from pipeline.glossary import Glossary
from pipeline.project import KEY_VARIABLES, PROVIDERS

RETRYABLE = ("ERR_TOO_MANY_REQUESTS", "ERR_INTERNAL_SERVER_ERROR", "ERR_SERVICE_NOT_AVAIBLE", "API server error")
PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
FIGURE = re.compile(rf"(?<![⟦\d])(?:{inline.NUMBER['en'].pattern})(?![\d⟧])")  # a figure, not a placeholder's number
COMMENT = "Machine translation ({provider}, {date}): review before use."


class TranslationFailed(Exception):
    """A text the service did not translate; ``retry``: whether trying again may help."""

    def __init__(self, reason: str, retry: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


# --- protecting markup ---------------------------------------------------------------

@dataclass(frozen=True)
class Protected:
    """A text with its markup and figures replaced by numbered placeholders."""

    text: str
    pieces: dict[str, str]  # placeholder -> what it stands for
    amounts: frozenset[str] = frozenset()  # placeholders of figures to write the target language's way


def protect(text: str) -> Protected:
    """Replace markup by placeholders, keeping translatable text visible: the
    text of ``:term:`benefits <benefit>``` and of a link is translated, the
    target is not; literals, substitutions, footnotes and figures are kept."""
    pieces: dict[str, str] = {}

    def hold(piece: str) -> str:
        name = f"⟦{len(pieces) + 1}⟧"
        pieces[name] = piece
        return name

    def markup(match: re.Match[str]) -> str:
        whole = match[0]
        if match["role"] is not None:
            explicit = inline.EXPLICIT.match(match["body"])
            if match["role"] in inline.PROSE_ROLES and (explicit or match["role"] == "term"):
                shown = explicit["text"] if explicit else match["body"]
                target = explicit["target"] if explicit else match["body"]
                return hold(f":{match['role']}:`") + shown + hold(f" <{target}>`")
            return hold(whole)
        if match["link"]:
            return hold("`") + match["link"] + hold(whole[1 + len(match["link"]):])
        return hold(whole)

    held = inline.MARKUP.sub(markup, text)
    held = re.sub(r"\*\*([^*]+)\*\*", lambda m: hold("**") + m[1] + hold("**"), held)
    held = re.sub(r"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])", lambda m: hold("*") + m[1] + hold("*"), held)
    amounts = set()

    def figure(match: re.Match[str]) -> str:
        name = hold(match[0])
        label = inline.DOTTED.fullmatch(match[0]) and (match[0].count(".") > 1 or inline.LABEL.search(held, 0, match.start())
                                                        or not inline.QUANTITY.match(held, match.end()))
        if not label:
            amounts.add(name)
        return name

    held = FIGURE.sub(figure, held)
    return Protected(held, pieces, frozenset(amounts))


def restore(translated: str, protected: Protected, lang: str) -> str | None:
    """The translation with its placeholders put back (figures written the
    ``lang`` way), or None if a placeholder is missing, repeated or invented."""
    found = PLACEHOLDER.findall(translated)
    if sorted(found, key=int) != [name.strip("⟦⟧") for name in protected.pieces] or len(set(found)) != len(found):
        return None

    def back(match: re.Match[str]) -> str:
        piece = protected.pieces[match[0]]
        return inline.local_figure(piece, lang) if match[0] in protected.amounts else piece

    return PLACEHOLDER.sub(back, translated)


# --- the service ----------------------------------------------------------------------

def make_provider(name: str, lang: str, url: str | None, source: str = "en") -> Callable[[], Any]:
    """A function that returns a deep-translator translator. Keys come only
    from the environment variables deep-translator reads."""
    import deep_translator

    if name not in PROVIDERS:
        raise PipelineError("--provider", f"unknown provider {name!r}; use one of {', '.join(PROVIDERS)}")
    key = os.environ.get(KEY_VARIABLES.get(name, ""), "")
    if name == "deepl" and not key:
        raise PipelineError("DEEPL_API_KEY", "the environment variable is not set; DeepL needs an API key")
    if name == "libre" and not key and not url:
        raise PipelineError("LIBRE_API_KEY", "the environment variable is not set; the public LibreTranslate needs an API key "
                                             "(or give --url for a self-hosted server)")
    factories = {
        "google": lambda: deep_translator.GoogleTranslator(source=source, target=lang),
        "mymemory": lambda: deep_translator.MyMemoryTranslator(source=f"{source}-GB", target=f"{lang}-ES"),
        "deepl": lambda: deep_translator.DeeplTranslator(source=source, target=lang, api_key=key),
        # a self-hosted server usually needs no key; deep-translator insists on one
        "libre": lambda: deep_translator.LibreTranslator(source=source, target=lang, api_key=key or "none",
                                                         custom_url=(url.rstrip("/") + "/") if url else None),
    }
    return factories[name]


@dataclass
class Service:
    """A translation service with a deadline on every request, retries with
    backoff, and a minimum interval between requests."""

    provider: Callable[[], Any]
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    interval: float = 0.2  # seconds between two requests
    secrets: tuple[str, ...] = ()  # never shown in a message
    sleep: Callable[[float], None] = time.sleep
    requests: int = field(default=0, init=False)
    last: float = field(default=0.0, init=False)

    def translate(self, text: str) -> str:
        """The translation of ``text``, trying again after failures that may pass."""
        attempt = 0
        while True:
            try:
                return self.once(text)
            except TranslationFailed as failure:
                if not failure.retry or attempt == self.retries:
                    raise
            self.sleep(self.backoff * 2 ** attempt)
            attempt += 1

    def once(self, text: str) -> str:
        wait = self.last + self.interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self.last = time.monotonic()
        self.requests += 1
        outcome: dict[str, Any] = {}

        def call() -> None:
            try:
                outcome["text"] = self.provider().translate(text)
            except Exception as exc:  # noqa: BLE001 - any failure of the provider library is handed to the caller's thread, which reports it
                outcome["error"] = exc

        worker = threading.Thread(target=call, daemon=True)  # a request that never returns is abandoned
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise TranslationFailed(f"no answer within {self.timeout:g} s", retry=True)
        if "error" in outcome:
            raise self.failure(outcome["error"])
        if not isinstance(outcome.get("text"), str):
            raise TranslationFailed("the service answered without a translation", retry=False)
        return outcome["text"]

    def failure(self, error: BaseException) -> TranslationFailed:
        """What went wrong, in one line and without any API key."""
        import requests

        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        for secret in self.secrets:
            if secret:
                message = message.replace(secret, "***")
        if isinstance(error, (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError)):
            return TranslationFailed(f"connection failed ({type(error).__name__})", retry=True)
        if type(error).__name__ == "ServerException":
            return TranslationFailed(f"the service answered {message}", retry=message in RETRYABLE)
        if isinstance(error, (ValueError, KeyError, TypeError)):
            return TranslationFailed("the service's answer is malformed", retry=False)
        return TranslationFailed(message, retry=False)


# --- filling the catalogs -----------------------------------------------------------------

@dataclass
class Progress:
    """What a run did: drafts written, entries left empty (with why), findings on the drafts."""

    filled: int = 0
    planned: list[tuple[str, int, str]] = field(default_factory=list)  # dry run: (file, line, text to send)
    failed: list[tuple[str, int, str]] = field(default_factory=list)
    replaced: list[tuple[str, int, str]] = field(default_factory=list)  # glossary corrections
    findings: list[check.Finding] = field(default_factory=list)


def untranslated(catalog: Catalog) -> list[Message]:
    """Entries with an empty translation (not fuzzy, not obsolete, not the header)."""
    return [message for message in catalog if message.id and not message.fuzzy
            and not (message.string if isinstance(message.string, str) else "".join(message.string or ()))]


def enforce_glossary(draft: str, source: str, terminology: check.Terminology) -> tuple[str, list[str]]:
    """Replace forbidden glossary variants in a draft by the approved term (in
    the same number and case) where they render a term of the English text
    and sit in plain prose; return the draft and what was replaced."""
    named = {hit.concept.id for hit in terminology.english.find(source)}
    spans = [(match.start(), match.end()) for match in inline.MARKUP.finditer(draft)]
    changes = []
    for found in sorted(terminology.target.find(draft, named), key=lambda item: -item.start):
        if found.term.approved or found.concept.id not in named or any(s <= found.start < e for s, e in spans):
            continue
        preferred = found.concept.preferred(terminology.lang)
        if preferred is None or preferred.acronym:
            continue
        replacement = terminology.language.inflect(preferred.text, preferred.plural, found.plural, found.written[:1].isupper())
        draft = draft[:found.start] + replacement + draft[found.end:]
        changes.append(f"'{found.written}' → '{replacement}'")
    return draft, changes


def draft_of(text: str, service: Service, lang: str) -> str:
    """One text's machine draft, or ``TranslationFailed``."""
    protected = protect(text)
    restored = restore(service.translate(protected.text), protected, lang)
    if restored is None:
        raise TranslationFailed("the service broke the markup placeholders; left empty", retry=False)
    if reasons := markup.unsafe(text, restored):
        raise TranslationFailed(f"the draft {reasons[0]}; left empty", retry=False)
    return restored


def draft_for(message: Message, service: Service, lang: str, plurals: int) -> str | tuple[str, ...]:
    """A message's draft: one string, or for a plural entry one string per
    form the language's ``Plural-Forms`` asks for (the singular and the
    plural English text for two forms, the plural for one). More forms than
    two need a translator: ``TranslationFailed``, the entry stays empty."""
    if isinstance(message.id, str):
        return draft_of(message.id, service, lang)
    if plurals > 2:
        raise TranslationFailed(f"a plural entry with {plurals} forms needs a translator; left empty", retry=False)
    singular, plural = message.id[0], message.id[1]
    return (draft_of(plural, service, lang),) if plurals == 1 else (
        draft_of(singular, service, lang), draft_of(plural, service, lang))


def batches(items: list[Message], size: int) -> Iterator[list[Message]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def translate_files(files: list[Path], service: Service | None, glossary: Glossary, lang: str, provider: str,
                    today: datetime.date, batch_size: int = 20,
                    progress: Callable[[int, int], None] = lambda done, total: None,
                    hold: Callable[[], AbstractContextManager[None]] = nullcontext, force: bool = False,
                    claims: Claims | None = None) -> Progress:
    """Fill the empty translations of ``files`` with fuzzy machine drafts. With
    no ``service`` (a dry run) nothing is sent or written: ``planned`` lists
    what would be sent. A malformed catalog stops the run before anything is sent.

    Nothing is held while the service answers. Before each batch the file is
    read again, and an entry another command filled meanwhile is not sent;
    after it, under ``hold`` (the tree's lock), the drafts go into the file
    as it is on disk then, each only where the entry is still empty: what
    another command wrote is kept, and ``filled`` counts what is in the file.
    Entries another run is drafting (``claims``) are left to it.
    A read-only file is not translated (it is in ``failed``) unless ``force``."""
    claims = claims or Claims(None)
    catalogs = [(path, read_catalog(path)) for path in files]
    todo = {path: untranslated(catalog) for path, catalog in catalogs}
    total, done = sum(map(len, todo.values())), 0
    result = Progress()
    terminology = check.Terminology.build(glossary, lang)
    comment = COMMENT.format(provider=provider, date=today.isoformat())
    for path, catalog in catalogs:
        if service is not None and not force and todo[path] and not writable(path):
            result.failed.append((str(path), 0, READ_ONLY))
            continue
        for batch in batches(todo[path], batch_size):
            if service is None:
                result.planned += [(str(path), message.lineno or 0, protect(source).text) for message in batch
                                   for source in ((message.id,) if isinstance(message.id, str) else message.id)]
                done += len(batch)
                continue
            with hold():
                empty = {key(message) for message in untranslated(read_catalog(path))}
                mine = claims.take(path, [key(message) for message in batch if key(message) in empty])
            drafts = []
            for message in batch:
                if key(message) in mine:
                    drafted = drafted_message(message, service, lang, catalog.num_plurals, terminology, comment, path, result)
                    if drafted is not None:
                        drafts.append(drafted)
                done += 1
                progress(done, total)
            with hold():
                written = merge_drafts(path, drafts, force) if drafts else []
                claims.release(path)
            if written:
                result.filled += len(written)
                result.findings += [finding for message in written for finding in review(message, path, terminology)]
    return result


def key(message: Message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0]), message.context


Key = tuple[str, str | None]


class Claims:
    """The entries each running ``translate`` is drafting, so that two runs
    on one catalog do not send the same entry: one small file per catalog in
    ``folder``, read and changed only under the tree's lock. A claim of a
    process that has ended counts for nothing. Without a folder, every
    entry is this run's."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def file(self, path: Path) -> Path | None:
        name = hashlib.sha256(os.path.realpath(path).encode()).hexdigest()[:24]
        return self.folder / f"{name}.json" if self.folder else None

    def others(self, path: Path) -> dict[str, int]:
        """The live claims of other processes on ``path``, by entry."""
        file = self.file(path)
        try:
            stored = json.loads(file.read_bytes()) if file and file.is_file() else {}
        except (OSError, ValueError):
            stored = {}
        return {entry: pid for entry, pid in stored.items() if isinstance(pid, int) and pid != os.getpid() and alive(pid)} \
            if isinstance(stored, dict) else {}

    def take(self, path: Path, keys: list[Key]) -> set[Key]:
        """Claim the entries no other run holds; return them."""
        held = self.others(path)
        mine = {entry for entry in keys if json.dumps(entry) not in held}
        self.save(path, {**held, **{json.dumps(entry): os.getpid() for entry in mine}})
        return mine

    def release(self, path: Path) -> None:
        """Drop this run's claims on ``path``."""
        self.save(path, self.others(path))

    def save(self, path: Path, claims: dict[str, int]) -> None:
        file = self.file(path)
        if file and (claims or file.exists()):
            write_atomic(file, json.dumps(claims).encode())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def drafted_message(message: Message, service: Service, lang: str, plurals: int, terminology: check.Terminology,
                    comment: str, path: Path, result: Progress) -> Message | None:
    """A copy of ``message`` with its fuzzy draft, or None (the failure is in ``result``)."""
    sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    line = message.lineno or 0
    try:
        draft = draft_for(message, service, lang, plurals)
    except TranslationFailed as failure:
        result.failed.append((str(path), line, failure.reason))
        return None
    forms = (draft,) if isinstance(draft, str) else draft
    enforced = [enforce_glossary(form, source, terminology) for form, source in zip(forms, sources[-len(forms):], strict=True)]
    result.replaced += [(str(path), line, change) for _, changes in enforced for change in changes]
    drafted = message.clone()
    drafted.string = enforced[0][0] if isinstance(draft, str) else tuple(form for form, _ in enforced)
    drafted.flags.add("fuzzy")
    drafted.user_comments = [*message.user_comments, comment]
    return drafted


READ_ONLY = "read-only, nothing sent (--force writes it)"


def writable(path: Path) -> bool:
    target = os.path.realpath(path)
    return bool(os.stat(target).st_mode & 0o222) and os.access(target, os.W_OK)


def merge_drafts(path: Path, drafts: list[Message], force: bool = False) -> list[Message]:
    """Write the drafts into ``path`` as it is now, each where its entry is
    still there and empty; return the messages written."""
    catalog = read_catalog(path)
    empty = {key(message): message for message in untranslated(catalog)}
    written = []
    for drafted in drafts:
        current = empty.get(key(drafted))
        if current is None:
            continue
        current.string, current.flags = drafted.string, current.flags | {"fuzzy"}
        current.user_comments = [*current.user_comments, *drafted.user_comments[-1:]]
        written.append(current)
    if written:
        write_atomic(path, catalog_bytes(catalog, path), force)
    return written


def review(message: Message, path: Path, terminology: check.Terminology) -> list[check.Finding]:
    """The checks' findings on a fresh draft, to report (drafts are fuzzy, so
    ``check`` skips them unless asked)."""
    msgid, plural = (message.id, "") if isinstance(message.id, str) else (message.id[0], message.id[1])
    strings = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
    entry = pofile.Entry(message.lineno or 0, message.context, msgid, plural, strings, frozenset(), ())
    problems = check.analyse(entry, terminology)[0]
    return [check.Finding(str(path), message.lineno or 0, registered.id, registered.severity, text, message.context,
                          msgid, term) for registered, text, term in problems]
