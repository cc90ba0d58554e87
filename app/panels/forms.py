"""Panel forms: setting up a panel, its selection questions, applying, the draw, members."""

import re

from flask_babel import format_number, gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
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
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app import content
from app.accounts.forms import INVALID_CHOICE, MultiCheckboxField
from app.panels.models import NAME_MAX, AgreedHow, Decision, Power, Progress

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


DECISION_LABELS = {
    Decision.ACCEPTED: _l("Accepted"),
    Decision.IN_PART: _l("Accepted in part"),
    Decision.NOT_ACCEPTED: _l("Not accepted"),
    Decision.UNDER_CONSIDERATION: _l("Still under consideration"),
}
PROGRESS_LABELS = {
    Progress.NONE: _l("Not started"),
    Progress.PLANNED: _l("Planned"),
    Progress.IN_PROGRESS: _l("In progress"),
    Progress.DONE: _l("Done"),
}
AGREED_LABELS = {
    AgreedHow.CONSENSUS: _l("By consensus"),
    AgreedHow.VOTE: _l("By a vote"),
}
RECOMMENDATION_SLOTS = 3


def too_long(limit: int) -> LazyString:
    """'Must be N characters or fewer', with N written as the reader's language writes it."""
    return LazyString(
        lambda: gettext("This must be %(limit)s characters or fewer", limit=format_number(limit))
    )


def _text(label, limit: int, required_message=None, rows: int = 4, description=None):
    validators = [Length(max=limit, message=too_long(limit))]
    if required_message:
        validators.insert(0, DataRequired(required_message))
    return TextAreaField(
        label, description=description, validators=validators, render_kw={"rows": rows}
    )


class MeetingForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date of the meeting"))])
    starts = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the time it starts"))])
    ends = TimeField(_l("Ends at"), validators=[InputRequired(_l("Enter the time it ends"))])
    venue = StringField(
        _l("Venue"),
        validators=[
            DataRequired(_l("Enter the venue")),
            Length(max=200, message=_l("The venue must be 200 characters or fewer")),
        ],
    )
    accessibility = _text(
        _l("Accessibility"),
        2000,
        description=_l(
            "Step-free access, hearing loop, quiet room, parking, buses that stop nearby."
        ),
    )
    agenda = _text(_l("Agenda"), 5000, _l("Enter the agenda"), rows=6)
    papers = _text(
        _l("Papers for members"),
        10000,
        rows=6,
        description=_l("Only members and conveners see these."),
    )

    def validate_ends(self, field) -> None:
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The meeting must end after it starts"))


def meeting_minutes_form(members):
    class MinutesForm(FlaskForm):
        minutes = _text(_l("Minutes"), 20000, _l("Enter the minutes"), rows=10)
        attended = MultiCheckboxField(
            _l("Who came"),
            choices={str(m.user_id): m.user.display_name for m in members},
            invalid_choice_message=INVALID_CHOICE,
        )

    return MinutesForm


class AskForm(FlaskForm):
    question = StringField(
        _l("Your question"),
        validators=[
            DataRequired(_l("Enter your question")),
            Length(max=300, message=_l("The question must be 300 characters or fewer")),
        ],
    )
    background = _text(_l("Background"), 5000, _l("Give some background"), rows=6)
    decision = _text(
        _l("The decision this will inform"), 2000, _l("Say what decision this will inform")
    )
    advice_needed_by = DateField(
        _l("Advice needed by"), validators=[InputRequired(_l("Enter the date you need advice by"))]
    )
    answer_by = DateField(
        _l("You will answer by"),
        description=_l(
            "Your public commitment: after this date an unanswered recommendation shows as overdue."
        ),
        validators=[InputRequired(_l("Enter the date you will answer by"))],
    )

    def validate_answer_by(self, field) -> None:
        if self.advice_needed_by.data and field.data and field.data < self.advice_needed_by.data:
            raise ValidationError(_l("You cannot answer before the advice is due"))


def capability_choices():
    return [("", str(_l("Choose a capability")))] + [
        (str(c["number"]), f"{c['number']}. {c['title']}") for c in content.capabilities()
    ]


def advice_form(asks):
    class AdviceForm(FlaskForm):
        ask = SelectField(
            _l("In answer to"),
            choices={"": str(_l("The panel's own initiative"))}
            | {str(a.id): a.question for a in asks},
            invalid_choice_message=INVALID_CHOICE,
            default="",
        )
        summary = _text(_l("Summary of the advice"), 5000, _l("Summarise the advice"), rows=5)
        agreed_how = RadioField(
            _l("How was it agreed?"),
            choices=lambda: [(str(k), str(v)) for k, v in AGREED_LABELS.items()],
            validators=[InputRequired(_l("Say how the advice was agreed"))],
            invalid_choice_message=INVALID_CHOICE,
        )
        votes_for = IntegerField(
            _l("Votes for"), validators=[Optional(), NumberRange(min=0, max=500)]
        )
        votes_against = IntegerField(
            _l("Votes against"), validators=[Optional(), NumberRange(min=0, max=500)]
        )
        votes_abstained = IntegerField(
            _l("Abstentions"), validators=[Optional(), NumberRange(min=0, max=500)]
        )
        minority_view = _text(_l("Minority view (optional)"), 3000)
        answer_due_on = DateField(
            _l("Answer requested by"),
            description=_l("Only for advice the panel gives on its own initiative."),
            validators=[Optional()],
        )

        def validate(self, extra_validators=None) -> bool:
            valid = super().validate(extra_validators)
            if self.agreed_how.data == AgreedHow.VOTE:
                for vote in (self.votes_for, self.votes_against, self.votes_abstained):
                    if vote.data is None and not vote.errors:
                        vote.errors.append(_l("Enter the number of votes"))
                        valid = False
            if not self.ask.data and not self.answer_due_on.data:
                self.answer_due_on.errors.append(_l("Enter the date an answer is requested by"))
                valid = False
            if not any(
                (self[f"text_{n}"].data or "").strip() for n in range(1, RECOMMENDATION_SLOTS + 1)
            ):
                self.text_1.errors.append(_l("Enter at least one recommendation"))
                valid = False
            for n in range(1, RECOMMENDATION_SLOTS + 1):
                if (self[f"text_{n}"].data or "").strip() and not self[f"capability_{n}"].data:
                    self[f"capability_{n}"].errors.append(
                        _l("Choose the capability this recommendation advances")
                    )
                    valid = False
            return valid

    for n in range(1, RECOMMENDATION_SLOTS + 1):
        setattr(AdviceForm, f"text_{n}", _text(_l("Recommendation %(number)s", number=n), 3000))
        setattr(
            AdviceForm,
            f"capability_{n}",
            SelectField(
                _l("Capability it advances"),
                choices=capability_choices,
                invalid_choice_message=INVALID_CHOICE,
                default="",
            ),
        )
        setattr(
            AdviceForm,
            f"stories_{n}",
            StringField(
                _l("Stories cited as evidence (optional)"),
                description=_l(
                    "The numbers of published stories, separated by commas, for example 12, 40"
                ),
                validators=[
                    Regexp(r"^[\d,،、\s]*$", message=_l("Use story numbers separated by commas")),
                    Length(max=200, message=_l("This must be 200 characters or fewer")),
                ],
            ),
        )
    return AdviceForm


class AnswerForm(FlaskForm):
    decision = RadioField(
        _l("Your answer"),
        choices=lambda: [(str(k), str(v)) for k, v in DECISION_LABELS.items()],
        validators=[InputRequired(_l("Choose your answer"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    reasons = _text(
        _l("Your reasons"),
        5000,
        rows=6,
        description=_l("Required unless you accept the recommendation in full. This is published."),
    )
    next_steps = _text(_l("What will happen"), 3000)
    by_when = DateField(_l("By when"), validators=[Optional()])

    def validate_reasons(self, field) -> None:
        if (
            self.decision.data
            and self.decision.data != Decision.ACCEPTED
            and not (field.data or "").strip()
        ):
            raise ValidationError(
                _l("Give your reasons: they are required unless you accept in full")
            )


class ProgressForm(FlaskForm):
    status = RadioField(
        _l("Progress"),
        choices=lambda: [
            (str(k), str(v)) for k, v in PROGRESS_LABELS.items() if k != Progress.NONE
        ],
        validators=[InputRequired(_l("Choose the progress made"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    note = _text(_l("What has happened"), 3000, _l("Say what has happened"))


class OutcomeFilterForm(FlaskForm):
    class Meta:
        csrf = False

    capability = SelectField(
        _l("Capability"),
        choices=lambda: (
            [("", str(_l("All capabilities")))]
            + [(str(c["number"]), f"{c['number']}. {c['title']}") for c in content.capabilities()]
        ),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    locality = SelectField(
        _l("Locality"),
        choices=lambda: (
            [("", str(_l("All of Greater Manchester")))]
            + [(loc["slug"], str(loc["name"])) for loc in content.localities()]
        ),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    status = SelectField(
        _l("Answer"),
        choices=lambda: (
            [
                ("", str(_l("Any answer"))),
                ("awaiting", str(_l("Awaiting an answer"))),
                ("overdue", str(_l("Overdue"))),
            ]
            + [(str(k), str(v)) for k, v in DECISION_LABELS.items()]
        ),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
