from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app.accounts.forms import MultiCheckboxField
from app.notifications.services import KINDS


class EmailSettingsForm(FlaskForm):
    kinds = MultiCheckboxField(
        _l("Send me an email"),
        description=_l(
            "You will always see every notification here; tick what you also want by email."
        ),
        choices=lambda: [(kind.name, str(kind.label)) for kind in KINDS.values()],
        invalid_choice_message=_l("Choose one of the options in the list"),
    )
