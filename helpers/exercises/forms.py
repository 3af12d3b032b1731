"""Answer an exercise without code: a small form (choices, yes/no, a box for a number) and a Check button.

The button calls the same ``check`` as a code cell, so the verdict, the hints and the progress are
the same whichever way a student answers. ipywidgets is imported here only.
"""

from helpers.exercises import core
from helpers.exercises.answers import Boolean, Function, Name


class AnswerForm:
    """The widget of one exercise: ``fields`` (part -> input widget), ``button``, ``output``, ``box``.

    A part listed in the exercise's ``widget_parts`` as ``{"rows": N, "value": text}`` gets a box of
    N lines that starts with ``text`` (e.g. a template to fill in).

    ``answers()`` gives what is filled in; ``submit()`` runs the check as the button does and
    returns the verdict (handy in tests).
    """

    def __init__(self, exercise_id, *, givens=None, choices=None, **labels):
        import ipywidgets as w

        self.exercise = core.get(exercise_id)
        self.givens = dict(givens or {})
        self.fields = {}
        rows = []
        intro = self.exercise.intro(self.exercise.givens | self.givens) if self.exercise.intro else ""
        if intro:
            from helpers.exercises.report import _inline

            rows.append(w.HTML(f"<p>{_inline(intro)}</p>"))
        for name, kind in self.exercise.parts.items():
            if isinstance(kind, Function):
                raise ValueError(f"exercise {exercise_id} asks for a function: it is answered in code, not with a widget")
            label = labels.get(name, kind.label.capitalize())
            if isinstance(kind, Boolean):
                field = w.RadioButtons(options=[("yes (True)", True), ("no (False)", False)], value=None)
            elif isinstance(kind, Name) or (choices and name in choices):
                options = list((choices or {}).get(name) or kind.options())
                field = (w.RadioButtons(options=options, value=None) if len(options) <= 6
                         else w.Dropdown(options=[("(choose)", None)] + [(o, o) for o in options], value=None))
            elif self.exercise.widget_parts.get(name, {}).get("rows"):
                spec = self.exercise.widget_parts[name]  # a text of several lines, e.g. an assessment
                field = w.Textarea(value=spec.get("value", ""), placeholder=kind.describe(), rows=spec["rows"])
            else:
                field = w.Text(value="", placeholder=kind.describe(), continuous_update=False)
            field.layout = w.Layout(width="auto")
            field.description_allow_html = False
            self.fields[name] = field
            rows.append(w.VBox([w.Label(label), field]))
        self.button = w.Button(description="Check", button_style="primary", icon="check",
                               tooltip=f"Check exercise {exercise_id}")
        self.output = w.Output()
        self.button.on_click(lambda _button: self.submit())
        self.box = w.VBox(rows + [self.button, self.output],
                          layout=w.Layout(border="1px solid #c8ccd2", padding="0.5em", max_width="46em"))
        self.last = None

    def answers(self):
        return {name: field.value for name, field in self.fields.items()}

    def submit(self):
        """Run the check with what is filled in; the verdict is shown under the button and returned."""
        values = self.answers()
        self.output.clear_output()
        with self.output:
            self.last = core.check(self.exercise.id, values.pop("answer"), **values, **self.givens)
        return self.last

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)


def widget(exercise_id, **givens):
    """The answer form of exercise ``exercise_id`` (givens, e.g. an assumed depth, by name)."""
    return AnswerForm(exercise_id, givens=givens)


def choice_widget(exercise_id, options=None, **givens):
    """A form whose main answer is picked from ``options`` (default: the exercise's own choices)."""
    return AnswerForm(exercise_id, givens=givens, choices={"answer": options} if options else None)


def number_widget(exercise_id, unit=None, **givens):
    """A form whose main answer is typed in a box (``unit`` only labels it)."""
    exercise = core.get(exercise_id)
    label = exercise.parts["answer"].label.capitalize() + (f" ({unit})" if unit else "")
    return AnswerForm(exercise_id, givens=givens, answer=label)
