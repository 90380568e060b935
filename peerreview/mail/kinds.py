"""Kinds of e-mail and the safe little language their templates are written in.

Each app registers the kinds of mail it sends (a key, a label, the placeholders it fills in, and
built-in Dutch and English texts). The secretary may rewrite any kind; what they write is checked
here before it is saved, so that a template never breaks at send time.

Templates use Django's ``{{ placeholder }}`` syntax with its filters, and nothing else: no tags,
so a template cannot include files or run loops. The text version is rendered without escaping;
the HTML version is made from the text with everything escaped, so nothing a user typed can
become markup in a mail.
"""

from dataclasses import dataclass, field

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType, VariableNode
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


class _PlaceholderEngine(Engine):
    # Filters only, no tag libraries at all: {% include %} or {% load %} are syntax errors.
    default_builtins = ["django.template.defaultfilters"]


_ENGINE = _PlaceholderEngine(libraries={}, autoescape=False, debug=False)


@dataclass(frozen=True)
class MailKind:
    key: str
    label: str
    # name -> what it holds (shown beside the editor)
    placeholders: dict[str, str]
    subject_nl: str
    body_nl: str
    subject_en: str
    body_en: str
    auto_send: bool = True
    # Mail that carries a secret: never held for review, hidden in the outbox.
    sensitive: bool = False
    example: dict[str, str] = field(default_factory=dict)

    def text(self, language: str) -> tuple[str, str]:
        if language == "en":
            return self.subject_en, self.body_en
        return self.subject_nl, self.body_nl


_REGISTRY: dict[str, MailKind] = {}


def register(kind: MailKind) -> MailKind:
    """Make a kind known. Side effect: templates of this kind appear in the secretary's editor."""
    for source in (kind.subject_nl, kind.body_nl, kind.subject_en, kind.body_en):
        errors = template_errors(source, kind.placeholders)
        if errors:
            raise ValueError(f"Built-in text of mail kind {kind.key!r} is invalid: {errors}")
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> MailKind:
    return _REGISTRY[key]


def all_kinds() -> list[MailKind]:
    return sorted(_REGISTRY.values(), key=lambda kind: str(kind.label))


def template_errors(source: str, placeholders) -> list[str]:
    """What is wrong with a template text: its syntax, or placeholders the kind does not fill in."""
    try:
        template = _ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        return [_("The template cannot be read: %(error)s") % {"error": error}]
    # Django's lexer reads an unclosed "{{ name" as plain text, which would be sent as it stands.
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT and any(opener in token.contents for opener in ("{{", "{%", "{#")):
            return [_("A placeholder is opened but not closed; write it as {{ name }}.")]
    unknown = []
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        name = str(node.filter_expression.var).split(".")[0]
        if name not in placeholders and name not in unknown:
            unknown.append(name)
    return [_("Unknown placeholder {{ %(name)s }}.") % {"name": name} for name in unknown]


def render_text(source: str, context: dict) -> str:
    """The text with its placeholders filled in, as a plain string.

    The engine marks what it renders as safe for HTML; left so, the escaping in ``text_to_html``
    (or ``{{ }}`` in a page) would skip it and a typed ``<script>`` would become markup.
    """
    return str.__str__(_ENGINE.from_string(source).render(Context(context, autoescape=False)))


def text_to_html(text: str) -> SafeString:
    """Paragraphs and clickable links, with everything in the text escaped."""
    # urlize escapes all but the links it makes, so the paragraphs around it need no second escape.
    return mark_safe(linebreaks(urlize(text, nofollow=True, autoescape=True)))  # noqa: S308 -- escaped by urlize
