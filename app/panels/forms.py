"""Panel forms: setting up a panel, its selection questions, applying, the draw, members."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app import content
from app.accounts.forms import INVALID_CHOICE
from app.panels.models import NAME_MAX, Power

POWER_LABELS = {
    Power.INFORMS: _l("Kept informed"),
    Power.CONSULTED: _l("Consulted"),
    Power.ADVISES: _l("Advises"),
    Power.DECIDES_JOINTLY: _l("Decides jointly"),
}
#: What each level of power means, shown on every page of a panel.
POWER_MEANINGS = {
    Power.INFORMS: _l(
        "This panel is kept informed: it hears about decisions and can comment on them, "
        "but it does not give formal advice."
    ),
    Power.CONSULTED: _l(
        "This panel is consulted: its views are asked for before decisions are made, and "
        "the people deciding must consider them."
    ),
    Power.ADVISES: _l(
        "This panel advises: it gives formal advice, and every recommendation gets a public "
        "answer with reasons."
    ),
    Power.DECIDES_JOINTLY: _l(
        "This panel decides jointly: decisions within its remit are made together with the "
        "panel, not only after hearing it."
    ),
}
ALGORITHM_LABELS = {
    "maximin": _l("Maximin: gives everyone who applied as fair a chance as the targets allow"),
    "legacy": _l(
        "Legacy: the older, quicker method, which can give some people much lower chances"
    ),
}
VALUE_LINE = re.compile(r"^\s*(?P<label>[^|]+?)\s*\|\s*(?P<min>\d+)\s*\|\s*(?P<max>\d+)\s*$")


class PanelForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("For example, “Wigan North mental health panel”. Up to 120 characters."),
        validators=[
            DataRequired(_l("Enter a name")),
            Length(max=NAME_MAX, message=_l("Name must be 120 characters or fewer")),
        ],
    )
    remit = TextAreaField(
        _l("What the panel advises on"),
        validators=[
            DataRequired(_l("Say what the panel advises on")),
            Length(max=3000, message=_l("This must be 3,000 characters or fewer")),
        ],
        render_kw={"rows": 5, "data-maxlength": 3000},
    )
    locality = SelectField(
        _l("Locality"),
        choices=lambda: [(loc["slug"], str(loc["name"])) for loc in content.localities()],
        invalid_choice_message=INVALID_CHOICE,
    )
    capability_focus = SelectField(
        _l("Capability it focuses on (optional)"),
        choices=lambda: [
            ("", str(_l("No particular capability"))),
            *((str(c["number"]), f"{c['number']}. {c['title']}") for c in content.capabilities()),
        ],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    power = RadioField(
        _l("How much power does the panel have?"),
        choices=lambda: [(str(k), f"{POWER_LABELS[k]}: {POWER_MEANINGS[k]}") for k in Power],
        validators=[InputRequired(_l("Choose how much power the panel has"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    target_size = IntegerField(
        _l("Number of seats"),
        validators=[
            InputRequired(_l("Enter the number of seats")),
            NumberRange(min=2, max=500, message=_l("Enter a number of seats from 2 to 500")),
        ],
    )
    reserve_size = IntegerField(
        _l("Number of reserves"),
        description=_l("People drawn in order to be offered a seat if someone declines."),
        default=0,
        validators=[
            InputRequired(_l("Enter the number of reserves")),
            NumberRange(min=0, max=500, message=_l("Enter a number of reserves from 0 to 500")),
        ],
    )
    one_per_household = BooleanField(_l("Select at most one person per household"))
    term_starts_on = DateField(
        _l("Term starts"), validators=[InputRequired(_l("Enter the date the term starts"))]
    )
    term_ends_on = DateField(
        _l("Term ends"), validators=[InputRequired(_l("Enter the date the term ends"))]
    )

    def validate_term_ends_on(self, field) -> None:
        if self.term_starts_on.data and field.data and field.data < self.term_starts_on.data:
            raise ValidationError(_l("The term must end after it starts"))


class QuestionForm(FlaskForm):
    name = StringField(
        _l("Question"),
        description=_l("For example, “Age band”. Up to 80 characters."),
        validators=[
            DataRequired(_l("Enter the question")),
            Length(max=80, message=_l("The question must be 80 characters or fewer")),
        ],
    )
    why = TextAreaField(
        _l("Why it is asked"),
        description=_l("Applicants see this beside the question. Only conveners see the answers."),
        validators=[
            DataRequired(_l("Say why the question is asked")),
            Length(max=1000, message=_l("This must be 1,000 characters or fewer")),
        ],
        render_kw={"rows": 3},
    )
    values = TextAreaField(
        _l("Answers and seat targets"),
        description=_l(
            "One answer per line: the answer, the least and the most seats for it, "
            "separated by |. For example: 16 to 29 | 2 | 5"
        ),
        validators=[DataRequired(_l("Enter at least one answer"))],
        render_kw={"rows": 6},
    )

    def validate_values(self, field) -> None:
        parsed = []
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = VALUE_LINE.match(line)
            if not match:
                raise ValidationError(
                    _l("Line %(number)s is not in the form: answer | least | most", number=number)
                )
            low, high = int(match["min"]), int(match["max"])
            if low > high or len(match["label"]) > 80:
                raise ValidationError(
                    _l(
                        "On line %(number)s the least seats must not be more than the most",
                        number=number,
                    )
                )
            parsed.append((match["label"], low, high))
        labels = [label.lower() for label, _, _ in parsed]
        if len(set(labels)) != len(labels):
            raise ValidationError(_l("Each answer may appear only once"))
        if len(parsed) < 2:
            raise ValidationError(_l("Enter at least two answers"))
        self.parsed_values = parsed


def application_form(panel):
    """The application form for one panel, with its own selection questions."""

    class ApplicationForm(FlaskForm):
        lives_or_works_here = BooleanField(
            _l("I live or work in the area this panel covers"),
            validators=[DataRequired(_l("Panels are for people who live or work in the area"))],
        )
        needs_bsl = BooleanField(_l("A British Sign Language interpreter"))
        needs_interpreter = BooleanField(_l("An interpreter for another language"))
        interpreter_language = StringField(
            _l("Which language?"),
            validators=[
                Optional(),
                Length(max=60, message=_l("Language must be 60 characters or fewer")),
            ],
        )
        needs_childcare = BooleanField(_l("Childcare"))
        needs_travel = BooleanField(_l("Help with travel"))
        needs_step_free = BooleanField(_l("Step-free access"))

        def validate(self, extra_validators=None) -> bool:
            valid = super().validate(extra_validators)
            if self.needs_interpreter.data and not (self.interpreter_language.data or "").strip():
                self.interpreter_language.errors.append(
                    _l("Say which language you need an interpreter for")
                )
                return False
            return valid

    if panel.one_per_household:
        ApplicationForm.household = StringField(
            _l("Your house number and postcode"),
            description=_l(
                "This panel seats at most one person per household. Only the conveners see this."
            ),
            validators=[
                DataRequired(_l("Enter your house number and postcode")),
                Length(max=80, message=_l("This must be 80 characters or fewer")),
            ],
        )
    for question in panel.questions:
        setattr(
            ApplicationForm,
            f"question_{question.id}",
            SelectField(
                question.name,
                description=question.why,
                choices={"": str(_l("Prefer not to say"))}
                | {str(v.id): v.label for v in question.values},
                invalid_choice_message=INVALID_CHOICE,
                default="",
            ),
        )
    return ApplicationForm


class SelectionForm(FlaskForm):
    algorithm = RadioField(
        _l("Method"),
        choices=lambda: [(key, str(label)) for key, label in ALGORITHM_LABELS.items()],
        default="maximin",
        validators=[InputRequired(_l("Choose a method"))],
        invalid_choice_message=INVALID_CHOICE,
    )


class PersonForm(FlaskForm):
    email = EmailField(
        _l("Email address of the person"),
        validators=[DataRequired(_l("Enter their email address"))],
    )
