"""How a verdict and a lesson's progress look: HTML for the notebook and a plain-text twin.

Colour is never the only cue: every verdict starts with a symbol and a word.
"""

import html
import re

from helpers.exercises import core

STYLE = {
    core.CORRECT: ("\u2714", "Correct", "#1b7a3d", "#e9f6ee"),
    core.NOT_YET: ("\u2717", "Not yet", "#a14c00", "#fdf1e6"),
    core.UNANSWERED: ("\u25cb", "Not answered yet", "#44546a", "#f1f3f6"),
    core.BROKEN: ("!", "Check failed", "#8b0000", "#fbeaea"),
    "not tried": ("\u00b7", "Not tried yet", "#44546a", "#ffffff"),
}


def _escape(text):
    try:
        from helpers import page

        return page.escape_html(text)
    except (ImportError, AttributeError):
        return html.escape(str(text), quote=True)


def _inline(text):
    """Escaped text with `code` spans shown as code."""
    pieces = re.split(r"`([^`]+)`", str(text))  # odd pieces were inside backticks
    return "".join(f"<code>{_escape(p)}</code>" if i % 2 else _escape(p) for i, p in enumerate(pieces))


def verdict_text(verdict):
    symbol, word, _, _ = STYLE[verdict.status]
    return f"{symbol} Exercise {verdict.exercise_id} ({verdict.title}): {word}. {verdict.message}".strip()


def verdict_html(verdict):
    symbol, word, ink, paper = STYLE[verdict.status]
    return (f'<div role="status" class="air-exercise-verdict" style="border-left:6px solid {ink};'
            f'background:{paper};padding:0.5em 0.8em;margin:0.3em 0;font-size:1.05em">'
            f'<strong style="color:{ink}">{symbol} {word}</strong> '
            f'<span style="color:#333">(Exercise {_escape(verdict.exercise_id)}: {_escape(verdict.title)})</span>'
            f'<div style="margin-top:0.25em">{_inline(verdict.message)}</div></div>')


class Progress:
    """Which exercises of a lesson are correct, not yet, not answered, or not tried (no answers shown)."""

    def __init__(self, lesson, rows):
        self.lesson, self.rows = lesson, rows  # rows: (id, title, status)

    @property
    def counts(self):
        out = {}
        for _, _, status in self.rows:
            out[status] = out.get(status, 0) + 1
        return out

    def summary(self):
        done = self.counts.get(core.CORRECT, 0)
        return f"Lesson {self.lesson}: {done} of {len(self.rows)} exercises correct in this session."

    def text(self):
        lines = [self.summary()]
        for exercise_id, title, status in self.rows:
            symbol, word, _, _ = STYLE[status]
            lines.append(f"  {symbol} Exercise {exercise_id} ({title}): {word}")
        if any(status != core.CORRECT for _, _, status in self.rows):
            lines.append("  To go on: answer an open exercise and run its check cell again; "
                         "'not yet' means try again with the hint, nothing is lost.")
        return "\n".join(lines)

    def html(self):
        rows = "".join(
            f"<tr><td>{_escape(i)}</td><td>{_escape(t)}</td>"
            f'<td style="color:{STYLE[s][2]}">{STYLE[s][0]} {STYLE[s][1]}</td></tr>'
            for i, t, s in self.rows)
        tail = ("" if all(s == core.CORRECT for _, _, s in self.rows) else
                "<p>To go on: answer an open exercise and run its check cell again; "
                "<em>not yet</em> means try again with the hint, nothing is lost.</p>")
        return (f'<div role="status" class="air-exercise-progress"><p><strong>{_escape(self.summary())}</strong></p>'
                '<table><thead><tr><th>exercise</th><th>what</th><th>status</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>{tail}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text(), "text/html": self.html()}

    def __repr__(self):
        return self.text()


def progress(lesson):
    """The progress of lesson ``lesson`` (e.g. ``"02"``) from the checks run in this session."""
    lesson = f"{int(lesson):02d}"
    seen = core.results()
    rows = [(ex.id, ex.title, seen.get(ex.id, "not tried")) for ex in core.load_lesson(lesson)]
    return Progress(lesson, rows)
