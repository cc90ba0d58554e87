"""Forms for arranging events, inviting, registering and keeping the record."""

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
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app import content
from app.accounts.forms import INVALID_CHOICE
from app.hearings.models import TITLE_MAX, CommitmentStatus, Kind, Seniority
from app.panels.forms import too_long
from app.stories.forms import labelled, language_choices

KIND_LABELS = {
    Kind.HEARING: _l("Citizens' hearing"),
    Kind.WALKABOUT: _l("Walkabout"),
    Kind.FORUM: _l("Community forum"),
    Kind.CONNECT_PLAN: _l("Connect-and-plan meeting"),
}
SENIORITY_LABELS = {
    Seniority.FRONTLINE: _l("Frontline"),
    Seniority.MANAGER: _l("Manager"),
    Seniority.SENIOR: _l("Senior leader"),
    Seniority.EXECUTIVE: _l("Executive or board"),
}
COMMITMENT_LABELS = {
    CommitmentStatus.OPEN: _l("Open"),
    CommitmentStatus.IN_PROGRESS: _l("In progress"),
    CommitmentStatus.DONE: _l("Done"),
    CommitmentStatus.DROPPED: _l("Dropped"),
}


def _text(label, limit, required=None, rows=4, description=None):
    validators = [Length(max=limit, message=too_long(limit))]
    if required:
        validators.insert(0, DataRequired(required))
    return TextAreaField(
        label, description=description, validators=validators, render_kw={"rows": rows}
    )


def _line(label, limit, required=None, description=None):
    validators = [Length(max=limit, message=too_long(limit))]
    if required:
        validators.insert(0, DataRequired(required))
    return StringField(label, description=description, validators=validators)


def capability_choices(empty_label):
    return lambda: (
        [("", str(empty_label))]
        + [(str(c["number"]), f"{c['number']}. {c['title']}") for c in content.capabilities()]
    )


def locality_choices():
    return [(loc["slug"], str(loc["name"])) for loc in content.localities()]


class EventForm(FlaskForm):
    kind = RadioField(
        _l("What kind of event is it?"),
        choices=lambda: labelled(KIND_LABELS),
        validators=[InputRequired(_l("Choose the kind of event"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    title = _line(_l("Title"), TITLE_MAX, _l("Enter a title"))
    theme = _text(_l("The question or theme"), 3000, _l("Say what the event is about"))
    capability_focus = SelectField(
        _l("Capability it focuses on (optional)"),
        choices=capability_choices(_l("No particular capability")),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    locality = SelectField(
        _l("Locality"), choices=locality_choices, invalid_choice_message=INVALID_CHOICE
    )
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date"))])
    starts = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the time it starts"))])
    ends = TimeField(_l("Ends at"), validators=[InputRequired(_l("Enter the time it ends"))])
    venue = _line(
        _l("Venue, or for a walkabout the meeting point"),
        200,
        _l("Enter the venue or meeting point"),
    )
    step_free = BooleanField(_l("Step-free access"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    accessible_toilet = BooleanField(_l("Accessible toilet"))
    quiet_space = BooleanField(_l("Quiet space"))
    parking = BooleanField(_l("Parking"))
    public_transport = _line(_l("Getting there by public transport"), 300)
    languages = _line(_l("Languages spoken"), 200, description=_l("For example, English and Urdu"))
    interpreters = _line(
        _l("Interpreters booked"), 200, description=_l("For example, British Sign Language")
    )
    capacity = IntegerField(
        _l("Places"),
        validators=[
            InputRequired(_l("Enter the number of places")),
            NumberRange(min=1, max=5000, message=_l("Enter a number of places from 1 to 5,000")),
        ],
    )

    def validate_ends(self, field) -> None:
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The event must end after it starts"))


class CancelForm(FlaskForm):
    reason = _text(_l("Why is it cancelled?"), 1000, _l("Say why the event is cancelled"))


class PersonForm(FlaskForm):
    email = EmailField(
        _l("Email address of the person"),
        validators=[DataRequired(_l("Enter their email address"))],
    )


class InviteForm(PersonForm):
    role_title = _line(
        _l("Their role"),
        120,
        _l("Enter their role"),
        description=_l("For example, Director of Public Health"),
    )
    seniority = RadioField(
        _l("Seniority"),
        choices=lambda: labelled(SENIORITY_LABELS),
        validators=[InputRequired(_l("Choose their seniority"))],
        invalid_choice_message=INVALID_CHOICE,
    )


class InvitationAnswerForm(FlaskForm):
    message = _text(_l("A message to the host (optional)"), 1000, rows=3)


class RegisterForm(FlaskForm):
    needs_bsl = BooleanField(_l("A British Sign Language interpreter"))
    needs_step_free = BooleanField(_l("Step-free access"))
    needs_hearing_loop = BooleanField(_l("A hearing loop"))
    needs_interpreter = BooleanField(_l("An interpreter for another language"))
    interpreter_language = _line(_l("Which language?"), 60)
    other_needs = _line(_l("Anything else that would help you take part (optional)"), 300)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.needs_interpreter.data and not (self.interpreter_language.data or "").strip():
            self.interpreter_language.errors.append(
                _l("Say which language you need an interpreter for")
            )
            return False
        return valid


class StopForm(FlaskForm):
    name = _line(_l("Stop"), 120, _l("Enter the name of the stop"))
    look_at = _text(_l("What to look at"), 1000, rows=3)


class ObservationForm(FlaskForm):
    note = _text(
        _l("What you saw and heard here"), 3000, _l("Write what you saw and heard"), rows=3
    )


class HeardForm(FlaskForm):
    text = _text(_l("What was said"), 5000, _l("Write what was said"), rows=5)
    capability = SelectField(
        _l("The capability it speaks to"),
        choices=capability_choices(_l("Choose a capability")),
        validators=[DataRequired(_l("Choose the capability it speaks to"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    lang = SelectField(
        _l("The language it was said in"),
        choices=language_choices,
        validators=[DataRequired(_l("Choose the language it was said in"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    is_testimony = BooleanField(_l("This is a testimony in someone's own words"))
    speaker_name = _line(_l("Speaker's name (optional)"), 60)
    speaker_consent = BooleanField(_l("The speaker agreed to be named"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if (self.speaker_name.data or "").strip() and not self.speaker_consent.data:
            self.speaker_consent.errors.append(_l("Only name a speaker who agreed to be named"))
            return False
        return valid


class StoryFromTestimonyForm(FlaskForm):
    title = _line(_l("Title for the story"), TITLE_MAX, _l("Enter a title"))
    first_name = _line(_l("First name to show (optional)"), 60)
    consent = BooleanField(
        _l("The speaker agreed to their testimony being shared as a story of what works"),
        validators=[
            DataRequired(_l("A testimony becomes a story only with the speaker's agreement"))
        ],
    )


class CommitmentForm(FlaskForm):
    text = _text(
        _l("What they will do"), 2000, _l("Write what they will do"), rows=3,
        description=_l("In their words: “I will …”"),
    )  # fmt: skip
    capability = SelectField(
        _l("The capability it speaks to"),
        choices=capability_choices(_l("Choose a capability")),
        validators=[DataRequired(_l("Choose the capability it speaks to"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    owner_email = EmailField(
        _l("Email address of the person who made it"),
        validators=[
            DataRequired(_l("Enter the email address of the person who made the commitment"))
        ],
    )
    due_on = DateField(_l("Due by"), validators=[InputRequired(_l("Enter the date it is due by"))])


class CommitmentUpdateForm(FlaskForm):
    status = RadioField(
        _l("Where has it got to?"),
        choices=lambda: labelled(
            {k: v for k, v in COMMITMENT_LABELS.items() if k != CommitmentStatus.OPEN}
        ),
        validators=[InputRequired(_l("Choose where it has got to"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    note = _text(
        _l("What has happened"), 2000, _l("Say what has happened"), rows=3,
        description=_l("If you drop a commitment, say why: the reason is published."),
    )  # fmt: skip


class ThemesForm(FlaskForm):
    key_themes = _text(_l("The key themes"), 5000, _l("Write the key themes"), rows=5)


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(
        _l("Kind"),
        choices=lambda: [("", str(_l("All kinds"))), *labelled(KIND_LABELS)],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    locality = SelectField(
        _l("Locality"),
        choices=lambda: [("", str(_l("All of Greater Manchester"))), *locality_choices()],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    capability = SelectField(
        _l("Capability"),
        choices=capability_choices(_l("All capabilities")),
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
