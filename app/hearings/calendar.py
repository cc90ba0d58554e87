"""iCalendar files for events, so that people can add them to their own calendars."""

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app import content
from app.hearings.models import Event

PRODUCT = "-//Shifting Power//Hearings//EN"


def calendar_for(events: list[Event], base_url: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"hearing-{event.id}@{base_url.split('//')[-1]}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.updated_at)
        place = content.locality_name(event.locality, "en_GB") or ""
        entry.add("location", f"{event.venue}, {place}".strip(", "))
        entry.add("description", event.theme)
        entry.add("url", f"{base_url}/hearings/{event.id}")
        calendar.add_component(entry)
    return calendar.to_ical()
