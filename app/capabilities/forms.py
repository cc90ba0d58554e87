from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from app.accounts.forms import INVALID_CHOICE
from app.stories.forms import locality_choices


class LocalityFilterForm(FlaskForm):
    """Narrow a capability's page to one locality (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    locality = SelectField(
        _l("Locality"),
        choices=lambda: [("", str(_l("All of Greater Manchester"))), *locality_choices()],
        invalid_choice_message=INVALID_CHOICE,
        default="",
    )
