"""Story forms: telling, consent, telling on someone's behalf, moderating, replying, reporting."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app import content
from app.accounts.forms import INVALID_CHOICE, MultiCheckboxField
from app.audit import utcnow
from app.i18n import bcp47, languages
from app.stories.models import (
    BODY_MAX,
    NOTE_MAX,
    RESPONSE_MAX,
    TITLE_MAX,
    Change,
    ConsentMethod,
    Naming,
    RejectionReason,
    ReportReason,
    Safeguarding,
    State,
    TranslationState,
    Visibility,
)

NOT_SURE = "not_sure"

THEME_LABELS = {
    "mental_health": _l("Mental health"),
    "ageing_well": _l("Ageing well"),
    "children_young_people": _l("Children and young people"),
    "disability": _l("Disability"),
    "long_term_conditions": _l("Long-term conditions"),
    "carers": _l("Carers"),
    "loneliness": _l("Loneliness"),
    "housing": _l("Housing"),
    "end_of_life": _l("End of life"),
    "social_prescribing": _l("Social prescribing"),
}
VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Everyone on the site"),
    Visibility.STAFF: _l("Only staff and commissioners"),
}
NAMING_LABELS = {
    Naming.ANONYMOUS: _l("Do not name me"),
    Naming.FIRST_NAME: _l("Show my first name"),
}
CONSENT_METHOD_LABELS = {
    ConsentMethod.HEARING: _l("Spoken at a hearing or meeting"),
    ConsentMethod.PAPER: _l("On paper"),
    ConsentMethod.PHONE: _l("By phone"),
    ConsentMethod.IN_PERSON: _l("In person"),
}
SAFEGUARDING_LABELS = {
    Safeguarding.NONE: _l("None"),
    Safeguarding.LOW: _l("Low"),
    Safeguarding.SERIOUS: _l("Serious"),
    Safeguarding.URGENT: _l("Urgent"),
}
REJECTION_LABELS = {
    RejectionReason.NOT_A_STORY: _l("It is not a story about what works"),
    RejectionReason.IDENTIFIES_PEOPLE: _l("It cannot be shared without identifying people"),
    RejectionReason.ABUSIVE: _l("It is abusive or discriminatory"),
    RejectionReason.ADVERTISING: _l("It is advertising"),
    RejectionReason.DUPLICATE: _l("It repeats another story"),
    RejectionReason.OTHER: _l("Another reason (explained in the note)"),
}
REPORT_LABELS = {
    ReportReason.PERSONAL_DETAILS: _l("It shows someone's personal details"),
    ReportReason.OFFENSIVE: _l("It is offensive or abusive"),
    ReportReason.UNTRUE: _l("It is untrue or misleading"),
    ReportReason.SPAM: _l("It is spam or advertising"),
    ReportReason.OTHER: _l("Something else"),
}
STATE_LABELS = {
    State.DRAFT: _l("Draft"),
    State.SUBMITTED: _l("Waiting to be checked"),
    State.PUBLISHED: _l("Published"),
    State.RETURNED: _l("Returned for changes"),
    State.REJECTED: _l("Not published"),
    State.WITHDRAWN: _l("Withdrawn"),
}
CHANGE_LABELS = {
    Change.NONE: _l("No change to report"),
    Change.PLANNED: _l("A change is planned"),
    Change.MADE: _l("A change has been made"),
}


def labelled(labels: dict) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in labels.items()]


def capability_choices() -> list[tuple[str, str]]:
    choices = [
        (str(c["number"]), f"{c['number']}. {c['title']} — {c['plain']}")
        for c in content.capabilities()
    ]
    return [*choices, (NOT_SURE, str(_l("I'm not sure: the moderator will choose")))]


def locality_choices() -> list[tuple[str, str]]:
    return [(loc["slug"], str(loc["name"])) for loc in content.localities()]


def language_choices() -> list[tuple[str, str]]:
    return [(lang.tag, lang.name) for lang in languages()]


def current_language_tag() -> str:
    return bcp47(str(get_locale()))


def title_field() -> StringField:
    return StringField(
        _l("Title"),
        description=_l("A few words that sum up your story. Up to 120 characters."),
        validators=[
            DataRequired(_l("Enter a title")),
            Length(max=TITLE_MAX, message=_l("Title must be 120 characters or fewer")),
        ],
    )


def body_field(label=None) -> TextAreaField:
    return TextAreaField(
        label or _l("Your story"),
        description=_l(
            "What happened, what made a difference to your health or wellbeing, and why. "
            "Please do not name other people. Up to 6,000 characters."
        ),
        validators=[
            DataRequired(_l("Enter your story")),
            Length(max=BODY_MAX, message=_l("Your story must be 6,000 characters or fewer")),
        ],
        render_kw={"rows": 12, "data-maxlength": BODY_MAX},
    )


class StoryForm(FlaskForm):
    submission_key = HiddenField()
    title = title_field()
    body = body_field()
    capability = RadioField(
        _l("What does your story show?"),
        description=_l("Choose the one that fits best."),
        choices=capability_choices,
        validators=[InputRequired(_l("Choose what your story shows, or “I'm not sure”"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    locality = SelectField(
        _l("Where did it happen?"),
        choices=locality_choices,
        validators=[InputRequired(_l("Choose where it happened"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    themes = MultiCheckboxField(
        _l("Themes (optional)"),
        description=_l("Tick any that apply."),
        choices=lambda: labelled(THEME_LABELS),
        invalid_choice_message=INVALID_CHOICE,
    )
    lang = SelectField(
        _l("Language your story is written in"),
        choices=language_choices,
        default=current_language_tag,
        invalid_choice_message=INVALID_CHOICE,
    )

    @property
    def capability_number(self) -> int | None:
        value = self.capability.data
        return None if value in (None, "", NOT_SURE) else int(value)


class ConsentFields:
    """The consent questions, asked of tellers and of whoever records a story for someone."""

    visibility = RadioField(
        _l("Who may read the story once it is published?"),
        choices=lambda: labelled(VISIBILITY_LABELS),
        validators=[InputRequired(_l("Choose who may read the story"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    naming = RadioField(
        _l("How should the teller be named?"),
        choices=lambda: labelled(NAMING_LABELS),
        validators=[InputRequired(_l("Choose how the teller is named"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    first_name = StringField(
        _l("First name to show"),
        description=_l("Only if you chose to show a first name. Up to 60 characters."),
        validators=[
            Optional(),
            Length(max=60, message=_l("First name must be 60 characters or fewer")),
        ],
    )
    over_13 = BooleanField(
        _l("The teller is 13 years old or over"),
        validators=[DataRequired(_l("Stories can only be shared by people aged 13 or over"))],
    )
    health_consent = BooleanField(
        _l(
            "I agree that what the story says about health and wellbeing may be used "
            "to share what works, as the privacy notice explains"
        ),
        validators=[DataRequired(_l("We need this agreement before the story can be shared"))],
    )


def _first_name_given_when_asked(form) -> bool:
    if form.naming.data == Naming.FIRST_NAME and not (form.first_name.data or "").strip():
        form.first_name.errors.append(_l("Enter the first name to show, or choose not to be named"))
        return False
    return True


class ConsentForm(ConsentFields, FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _first_name_given_when_asked(self) and valid


class OnBehalfForm(ConsentFields, StoryForm):
    body = body_field(_l("Their story"))
    consent_method = RadioField(
        _l("How did they give their consent?"),
        choices=lambda: labelled(CONSENT_METHOD_LABELS),
        validators=[InputRequired(_l("Choose how consent was given"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    consent_date = DateField(
        _l("When did they give it?"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(_l("Enter the date consent was given"))],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )
    confirm = BooleanField(
        _l("I confirm that the person agreed to their story being shared in this way"),
        validators=[DataRequired(_l("Confirm that the person agreed"))],
    )

    def validate_consent_date(self, field) -> None:
        if field.data and field.data > utcnow().date():
            raise ValidationError(_l("The date consent was given cannot be in the future"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _first_name_given_when_asked(self) and valid


class ModerationForm(FlaskForm):
    capability = SelectField(
        _l("Capability"),
        choices=lambda: (
            [("", str(_l("Not chosen yet")))]
            + [(str(c["number"]), f"{c['number']}. {c['title']}") for c in content.capabilities()]
        ),
        invalid_choice_message=INVALID_CHOICE,
    )
    locality = SelectField(
        _l("Locality"), choices=locality_choices, invalid_choice_message=INVALID_CHOICE
    )
    themes = MultiCheckboxField(
        _l("Themes"), choices=lambda: labelled(THEME_LABELS), invalid_choice_message=INVALID_CHOICE
    )
    public_title = StringField(
        _l("Public title"),
        description=_l("Remove names and anything that could identify someone."),
        validators=[
            DataRequired(_l("Enter a title")),
            Length(max=TITLE_MAX, message=_l("Title must be 120 characters or fewer")),
        ],
    )
    public_body = TextAreaField(
        _l("Public text"),
        description=_l(
            "This is what the public will read. The teller's original is kept and never shown "
            "publicly."
        ),
        validators=[
            DataRequired(_l("Enter the text to publish")),
            Length(max=BODY_MAX, message=_l("The text must be 6,000 characters or fewer")),
        ],
        render_kw={"rows": 12, "data-maxlength": BODY_MAX},
    )
    safeguarding = RadioField(
        _l("Safeguarding concern"),
        choices=lambda: labelled(SAFEGUARDING_LABELS),
        validators=[InputRequired(_l("Choose a safeguarding level"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    note = TextAreaField(
        _l("Note to the teller"),
        description=_l("Needed when you return or reject a story. Up to 1,000 characters."),
        validators=[Length(max=NOTE_MAX, message=_l("The note must be 1,000 characters or fewer"))],
        render_kw={"rows": 4},
    )
    rejection_reason = SelectField(
        _l("Reason for rejecting"),
        choices=lambda: [("", str(_l("Choose a reason"))), *labelled(REJECTION_LABELS)],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )


class ResponseForm(FlaskForm):
    body = TextAreaField(
        _l("Your reply"),
        description=_l("Up to 3,000 characters. Your reply will be public."),
        validators=[
            DataRequired(_l("Enter your reply")),
            Length(max=RESPONSE_MAX, message=_l("Your reply must be 3,000 characters or fewer")),
        ],
        render_kw={"rows": 6, "data-maxlength": RESPONSE_MAX},
    )
    organisation = StringField(
        _l("Your organisation"),
        validators=[
            DataRequired(_l("Enter your organisation")),
            Length(max=120, message=_l("Organisation must be 120 characters or fewer")),
        ],
    )
    change = RadioField(
        _l("Is a change planned or made because of this story?"),
        choices=lambda: labelled(CHANGE_LABELS),
        default=Change.NONE.value,
        validators=[InputRequired(_l("Choose whether a change is planned or made"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    change_description = TextAreaField(
        _l("What is the change?"),
        description=_l("Needed if a change is planned or made."),
        validators=[
            Length(max=NOTE_MAX, message=_l("The description must be 1,000 characters or fewer"))
        ],
        render_kw={"rows": 3},
    )

    def validate_change_description(self, field) -> None:
        if self.change.data in (Change.PLANNED, Change.MADE) and not (field.data or "").strip():
            raise ValidationError(_l("Say what the change is"))


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong?"),
        choices=lambda: labelled(REPORT_LABELS),
        validators=[InputRequired(_l("Choose what is wrong"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    note = TextAreaField(
        _l("Tell us more (optional)"),
        validators=[Length(max=NOTE_MAX, message=_l("The note must be 1,000 characters or fewer"))],
        render_kw={"rows": 4},
    )


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Search stories"),
        validators=[Length(max=200, message=_l("Search must be 200 characters or fewer"))],
    )
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
        choices=lambda: [("", str(_l("All of Greater Manchester"))), *locality_choices()],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    theme = SelectField(
        _l("Theme"),
        choices=lambda: [("", str(_l("All themes"))), *labelled(THEME_LABELS)],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    language = SelectField(
        _l("Language"),
        choices=lambda: [("", str(_l("All languages"))), *language_choices()],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )


TRANSLATION_STATE_LABELS = {
    TranslationState.SUBMITTED.value: _l("Waiting to be checked"),
    TranslationState.PUBLISHED.value: _l("Published"),
    TranslationState.REJECTED.value: _l("Not published"),
}


class TranslationForm(FlaskForm):
    """A volunteer's translation of a published story into another language."""

    lang = SelectField(
        _l("Language you are translating into"),
        choices=language_choices,
        validators=[DataRequired(_l("Choose the language you are translating into"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    title = StringField(
        _l("Title, translated"),
        validators=[
            DataRequired(_l("Enter the translated title")),
            Length(max=TITLE_MAX, message=_l("Title must be 120 characters or fewer")),
        ],
    )
    body = TextAreaField(
        _l("The story, translated"),
        description=_l(
            "Translate the story as it was published, in full, without adding or leaving "
            "anything out. Up to 6,000 characters."
        ),
        validators=[
            DataRequired(_l("Enter the translated story")),
            Length(max=BODY_MAX, message=_l("The translation must be 6,000 characters or fewer")),
        ],
        render_kw={"rows": 12, "data-maxlength": BODY_MAX},
    )


class TranslationCheckForm(FlaskForm):
    action = RadioField(
        _l("What should happen to this translation?"),
        choices=lambda: [
            ("publish", str(_l("Publish it beside the story"))),
            ("reject", str(_l("Do not publish it, and tell the translator why"))),
        ],
        validators=[InputRequired(_l("Choose whether to publish the translation"))],
        invalid_choice_message=INVALID_CHOICE,
    )
    note = TextAreaField(
        _l("Note for the translator"),
        description=_l("Needed if you do not publish it."),
        validators=[Length(max=NOTE_MAX, message=_l("The note must be 1,000 characters or fewer"))],
        render_kw={"rows": 3},
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.action.data == "reject" and not (self.note.data or "").strip():
            self.note.errors.append(_l("Say why the translation cannot be published"))
            return False
        return valid
