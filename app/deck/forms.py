"""Forms for teams, log book entries and destination checks."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app import content
from app.accounts.forms import INVALID_CHOICE
from app.deck.models import Rating, Setting
from app.panels.forms import too_long
from app.stories.forms import ConsentFields, labelled

SETTING_LABELS = {
    Setting.SUPERVISION: _l("Supervision or one-to-one"),
    Setting.GROUP: _l("Group or team meeting"),
    Setting.OTHER: _l("Something else"),
}
RATING_LABELS = {
    Rating.NOT_YET: _l("Not yet"),
    Rating.STARTING: _l("Starting"),
    Rating.GETTING_THERE: _l("Getting there"),
    Rating.THERE: _l("There"),
}
AUDIENCE_LABELS = {
    "public_service_leaders": _l("Public service leaders"),
    "community_leaders": _l("Community leaders"),
}


def _text(label, limit, required=None, rows=4, description=None):
    validators = [Length(max=limit, message=too_long(limit))]
    if required:
        validators.insert(0, DataRequired(required))
    return TextAreaField(
        label, description=description, validators=validators, render_kw={"rows": rows}
    )


def capability_choices(empty):
    return lambda: (
        [("", str(empty))]
        + [(str(c["number"]), f"{c['number']}. {c['title']}") for c in content.capabilities()]
    )


class CardFilterForm(FlaskForm):
    class Meta:
        csrf = False

    capability = SelectField(
        _l("Capability"), choices=capability_choices(_l("All capabilities")),
        invalid_choice_message=INVALID_CHOICE, default="",
    )  # fmt: skip
    audience = SelectField(
        _l("Cards for"),
        choices=lambda: [("", str(_l("Everyone"))), *labelled(AUDIENCE_LABELS)],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )


class TeamForm(FlaskForm):
    name = StringField(
        _l("Team name"),
        description=_l("For example, “Wigan North neighbourhood team”."),
        validators=[DataRequired(_l("Enter a team name")), Length(max=120, message=too_long(120))],
    )
    community = _text(
        _l("The community you work with"),
        2000,
        _l("Describe the community you work with"),
        description=_l(
            "It is up to you to define it: a whole neighbourhood, or a small community within it."
        ),
    )
    locality = SelectField(
        _l("Locality"),
        choices=lambda: (
            [("", str(_l("Not one place")))]
            + [(loc["slug"], str(loc["name"])) for loc in content.localities()]
        ),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Email address of the person to invite"),
        validators=[
            DataRequired(_l("Enter their email address")),
            Length(max=254, message=too_long(254)),
        ],
    )


class EntryForm(FlaskForm):
    entry_date = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date"))])
    setting = RadioField(
        _l("Where was this?"),
        choices=lambda: labelled(SETTING_LABELS),
        validators=[InputRequired(_l("Choose where this was"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    card_id = StringField(
        _l("Card used (optional)"),
        description=_l(
            "The card's code, for example c1-psl-1. The capability is taken from the card."
        ),
        validators=[Length(max=20, message=too_long(20))],
    )
    capability = SelectField(
        _l("Capability"),
        description=_l("Needed when no card was used."),
        choices=capability_choices(_l("Choose a capability")),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    did = _text(_l("What we did"), 5000, _l("Say what you did"))
    learned = _text(_l("What we learned"), 5000, _l("Say what you learned"))
    next_step = _text(_l("What next (optional)"), 2000, rows=3)
    next_owner = SelectField(
        _l("Who will do it"), invalid_choice_message=INVALID_CHOICE, default=""
    )
    next_due = DateField(_l("By when"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.card_id.data and not self.capability.data:
            self.capability.errors.append(_l("Choose a capability, or give the card used"))
            valid = False
        return valid


class StoryFromEntryForm(ConsentFields, FlaskForm):
    title = StringField(
        _l("Title for the story"),
        validators=[DataRequired(_l("Enter a title")), Length(max=120, message=too_long(120))],
    )


def field_key(statement) -> str:
    """The form field suffix for a destination statement (ids have hyphens)."""
    return statement["id"].replace("-", "_")


def check_form(groups):
    """A form with a rating and a note for every destination statement."""
    statements = [statement for group in groups for statement in group["statement"]]

    class CheckForm(FlaskForm):
        def ratings(self) -> dict[str, tuple[str, str]]:
            """Statement id to (rating, note), for the statements that were rated."""
            chosen = {}
            for statement in statements:
                key = field_key(statement)
                if rating := self[f"rating_{key}"].data:
                    chosen[statement["id"]] = (rating, self[f"note_{key}"].data)
            return chosen

    for statement in statements:
        key = field_key(statement)
        setattr(
            CheckForm,
            f"rating_{key}",
            RadioField(
                str(statement["text"]),
                choices={"": str(_l("Does not apply to us"))} | dict(labelled(RATING_LABELS)),
                default="",
                invalid_choice_message=INVALID_CHOICE,
            ),
        )
        setattr(
            CheckForm,
            f"note_{key}",
            StringField(_l("Note (optional)"), validators=[Length(max=500, message=too_long(500))]),
        )
    return CheckForm
